/**
 * Integer apportionment: splitting a whole number into parts proportional to
 * weights so that the parts add up exactly.
 */

/**
 * Splits `total` (a non-negative integer) into integers proportional to
 * `weights` (each >= 0) by the largest-remainder method; ties go to the
 * lower index. The result always sums to `total`. All-zero weights split
 * evenly. No weights: throws RangeError unless `total` is 0 (gives []).
 */
export function apportionLargestRemainder(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer');
  if (weights.length === 0) {
    if (total === 0) return [];
    throw new RangeError('cannot apportion a positive total over no weights');
  }
  const sum = weights.reduce((s, w) => s + Math.max(0, w), 0);
  const shares = sum > 0 ? weights.map((w) => Math.max(0, w) / sum) : weights.map(() => 1 / weights.length);
  const exact = shares.map((s) => s * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => i).sort((a, b) => (exact[b] as number) - (counts[b] as number) - ((exact[a] as number) - (counts[a] as number)) || a - b);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = order[k] as number;
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}
