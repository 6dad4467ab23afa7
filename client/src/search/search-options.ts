// The search box's options as one list (units, then household addresses),
// and how the arrow keys move through it. Pure, so it is tested directly.
import type { SearchHit, SearchResult } from '../api/types.ts';

export type SearchOption =
  | { kind: 'unit'; key: string; hit: SearchHit; disabled: false }
  | { kind: 'household'; key: string; id: number; address: string; position: [number, number] | null; disabled: boolean };

export function listSearchOptions(result: SearchResult): SearchOption[] {
  return [
    ...result.units.map((hit): SearchOption => ({ kind: 'unit', key: `u${hit.id}`, hit, disabled: false })),
    ...result.households.map((h): SearchOption => ({ kind: 'household', key: `h${h.id}`, id: h.id, address: h.address, position: h.position, disabled: h.position === null })),
  ];
}

/** The next enabled option from `from` in direction `step` (±1), wrapping; -1 when none is enabled. */
export function moveActive(options: readonly SearchOption[], from: number, step: 1 | -1): number {
  const n = options.length;
  if (n === 0) return -1;
  let i = from;
  for (let k = 0; k < n; k++) {
    i = i < 0 ? (step > 0 ? 0 : n - 1) : (i + step + n) % n;
    if (!options[i]?.disabled) return i;
  }
  return -1;
}
