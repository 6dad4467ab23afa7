/**
 * Small-number suppression as one rule over cells of counts (a unit on a
 * day, or a unit's standing count as of a date), for a caller who may not see
 * the individuals behind them. The server applies it to every output; the
 * catalog (indicator-catalog.ts, `Disclosure`) says which values are counts
 * and which are derived from them.
 *
 * The rule, for a threshold k (default 5):
 * 1. Primary: a cell with 1 … k−1 is hidden. Zero is shown.
 * 2. Complementary, per parent and cell: when the parent's cell is shown and
 *    exactly one child's cell is hidden, one more child is hidden (the
 *    smallest one of at least 2k−1, else the largest), so parent − shown
 *    children leaves two unknowns. When the parent's cell is hidden and no
 *    child is, the largest child is hidden, so the children do not add up to
 *    it. Applied top-down (city first), so a hidden parent is known to its
 *    children's group.
 * 3. A window (a sum of cells: 7 or 14 days, a week) is exact only when none
 *    of its cells is hidden; otherwise it is shown as "<k" or "≥k". Every exact
 *    number is then a sum of shown cells, and no subtraction gives a hidden one.
 *
 * Cells the caller may see exactly (a ward official's own unit) are never
 * hidden and count as known when choosing complementary cells. Pure: no I/O.
 */

/** A count as shown: the number, or "<k" / "≥k". */
export type ShownCount = number | string;

/** A tree of units with one value per cell (day) each. */
export interface CellTree {
  /** Units with their parent; a unit whose parent is not listed is a root. */
  units: readonly { id: number; parentId: number | null }[];
  /** Values per unit, `cells` long; a unit missing here has zeros. */
  values: ReadonlyMap<number, readonly number[]>;
  cells: number;
  threshold: number;
  /** True for units the caller sees exactly. Default: none. */
  exact?: (unitId: number) => boolean;
}

const isSmall = (value: number, threshold: number) => value >= 1 && value < threshold;

/**
 * Which cells of one group of siblings to hide, given those already hidden.
 * Returns null when a shown total would give away the one hidden child and no
 * other child can be hidden (its siblings are zero or known exactly): the
 * total must be hidden then.
 */
export function protectGroup(values: readonly number[], hidden: readonly boolean[], exact: readonly boolean[], totalHidden: boolean, threshold: number): boolean[] | null {
  const out = [...hidden];
  const hiddenCount = values.filter((v, i) => out[i] && v > 0).length;
  const candidates = values.map((v, i) => i).filter((i) => !out[i] && !exact[i] && (values[i] as number) > 0);
  if (!totalHidden && hiddenCount === 1) {
    if (candidates.length === 0) return null;
    const strong = candidates.filter((i) => (values[i] as number) >= 2 * threshold - 1);
    const pick = strong.length > 0
      ? strong.reduce((a, b) => ((values[b] as number) < (values[a] as number) ? b : a))
      : candidates.reduce((a, b) => ((values[b] as number) > (values[a] as number) ? b : a));
    out[pick] = true;
  } else if (totalHidden && hiddenCount === 0 && candidates.length > 0) {
    out[candidates.reduce((a, b) => ((values[b] as number) > (values[a] as number) ? b : a))] = true;
  }
  return out;
}

function depthsOf(units: CellTree['units']): Map<number, number> {
  const parent = new Map(units.map((u) => [u.id, u.parentId]));
  const depth = new Map<number, number>();
  const of = (id: number): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const p = parent.get(id);
    const d = p === null || p === undefined || !parent.has(p) ? 0 : of(p) + 1;
    depth.set(id, d);
    return d;
  };
  for (const u of units) of(u.id);
  return depth;
}

/** Hidden flags per unit and cell under the rule (module comment). */
export function hideCells(tree: CellTree): Map<number, boolean[]> {
  const { units, values, cells, threshold } = tree;
  const exact = tree.exact ?? (() => false);
  const depth = depthsOf(units);
  const ordered = [...units].sort((a, b) => (depth.get(a.id) as number) - (depth.get(b.id) as number) || a.id - b.id);
  const ids = new Set(units.map((u) => u.id));
  const children = new Map<number, number[]>();
  for (const u of ordered) if (u.parentId !== null && ids.has(u.parentId)) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const zeros = Array.from({ length: cells }, () => 0);
  const valuesOf = (id: number) => values.get(id) ?? zeros;
  // Totals that must be hidden because a group below could not protect itself; found by repeating (rarely more than once).
  const forced = new Map<number, Set<number>>();
  for (let pass = 0; pass < 16; pass++) {
    const hidden = new Map<number, boolean[]>();
    const primary = (id: number) => valuesOf(id).map((v, c) => !exact(id) && (isSmall(v, threshold) || (forced.get(id)?.has(c) ?? false)));
    let grew = false;
    for (const u of ordered) {
      if (!hidden.has(u.id)) hidden.set(u.id, primary(u.id));
      const kids = children.get(u.id);
      if (!kids) continue;
      const kidHidden = kids.map(primary);
      const kidExact = kids.map((k) => exact(k));
      for (let c = 0; c < cells; c++) {
        const protectedCells = protectGroup(kids.map((k) => valuesOf(k)[c] as number), kidHidden.map((h) => h[c] as boolean), kidExact, (hidden.get(u.id) as boolean[])[c] as boolean, threshold);
        if (protectedCells === null) {
          if (!exact(u.id)) {
            forced.set(u.id, (forced.get(u.id) ?? new Set()).add(c));
            grew = true;
          }
          continue;
        }
        protectedCells.forEach((h, k) => { (kidHidden[k] as boolean[])[c] = h; });
      }
      kids.forEach((k, i) => hidden.set(k, kidHidden[i] as boolean[]));
    }
    if (!grew) return hidden;
  }
  throw new Error('hideCells: complementary suppression did not settle');
}

/**
 * A sum of cells `from` … `to` (inclusive) as shown: exact when none is hidden,
 * else "<k" or "≥k" so that no subtraction of shown cells gives a hidden one.
 */
export function showWindow(values: readonly number[], hidden: readonly boolean[], from: number, to: number, threshold: number): ShownCount {
  let sum = 0;
  let anyHidden = false;
  for (let i = Math.max(0, from); i <= to && i < values.length; i++) {
    sum += values[i] as number;
    anyHidden ||= hidden[i] ?? false;
  }
  if (!anyHidden) return isSmall(sum, threshold) ? `<${threshold}` : sum;
  return sum < threshold ? `<${threshold}` : `≥${threshold}`;
}

/** One cell as shown. */
export function showCell(value: number, hidden: boolean, threshold: number): ShownCount {
  return hidden ? (value < threshold ? `<${threshold}` : `≥${threshold}`) : value;
}

/**
 * A share (people with something / a population band) as shown: withheld
 * (null) when the people with it, or without it, number 1 … k−1, since
 * share × population would give that count back.
 */
export function showShare(share: number | null, population: number | null, threshold: number): number | null {
  if (share === null || population === null || population <= 0) return share;
  const people = Math.round(share * population);
  return isSmall(people, threshold) || isSmall(population - people, threshold) ? null : share;
}
