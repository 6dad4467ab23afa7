// Sorting the children table: by tier (riskiest first, insufficient data
// between graded and not graded) or by any indicator column.
import type { UnitChild } from '../api/types.ts';

export type ChildSortKey = 'tier' | 'name' | 'population' | 'cases7d' | 'communityCases14d' | 'casesPer100kPerWeek';

/** Rank of a legend index for "riskiest first": graded tiers by index, insufficient data below them, not graded last. */
function riskRank(tierIndex: number, insufficientIndex: number): number {
  if (tierIndex < 0) return -2;
  return tierIndex === insufficientIndex ? -1 : tierIndex;
}

/** A count for ordering: "<5" sorts as 0 (below any shown count), "≥5" as 5, anything else unknown. */
export function rankCount(value: number | string | null): number | null {
  if (typeof value === 'number') return value;
  if (value === null) return null;
  const below = /^<\s*(\d+)$/.exec(value);
  if (below) return 0;
  const atLeast = /^[≥>]=?\s*(\d+)$/.exec(value);
  return atLeast ? Number(atLeast[1]) : null;
}

/** A new array sorted by `key`; `descending` puts the largest (riskiest) first. Nulls always last; ties by name. */
export function sortChildren(children: readonly UnitChild[], key: ChildSortKey, descending: boolean, insufficientIndex: number): UnitChild[] {
  const sign = descending ? -1 : 1;
  const byName = (a: UnitChild, b: UnitChild) => a.name.localeCompare(b.name, 'vi', { numeric: true });
  return [...children].sort((a, b) => {
    if (key === 'name') return sign * byName(a, b);
    if (key === 'tier') return sign * (riskRank(a.tierIndex, insufficientIndex) - riskRank(b.tierIndex, insufficientIndex)) || byName(a, b);
    const [x, y] = [rankCount(a[key]), rankCount(b[key])];
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  });
}
