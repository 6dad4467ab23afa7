// Small-number suppression for callers who may not see individuals: counts
// from 1 to threshold−1 are shown as "<threshold", and complementary
// suppression hides one more count in a group where a single hidden cell
// could be recovered by subtracting the others from a shown total.

/** A count as shown: the number, or the text "<5" (with the threshold of the setting). */
export type ShownCount = number | string;

/** Primary suppression of one count. Zero is shown: it reveals no individual. */
export function suppressCount(value: number, threshold: number): ShownCount {
  return value >= 1 && value < threshold ? `<${threshold}` : value;
}

/**
 * Suppresses the counts of the children of one parent whose total is shown.
 * When exactly one child is hidden, the smallest other non-zero child is
 * hidden too, so neither can be worked out from the total. Returns the shown
 * values in the input order.
 */
export function suppressChildren(values: readonly number[], threshold: number, exact: readonly boolean[] = []): ShownCount[] {
  // `exact`: cells the caller may see as they are (inside a ward official's own unit); they stay shown and count as known.
  const shown: ShownCount[] = values.map((v, i) => (exact[i] ? v : suppressCount(v, threshold)));
  const hidden = shown.filter((v) => typeof v === 'string').length;
  if (hidden === 1) {
    let partner = -1;
    values.forEach((v, i) => {
      if (!exact[i] && typeof shown[i] === 'number' && v > 0 && (partner === -1 || v < (values[partner] as number))) partner = i;
    });
    if (partner !== -1) shown[partner] = `≥${threshold}`;
  }
  return shown;
}
