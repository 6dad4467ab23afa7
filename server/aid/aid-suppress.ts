// Small-number suppression of an aid round's counts (households, deliveries)
// by the one rule of geo/risk/disclosure.ts: the round's total is the root of
// a tree of its districts, wards, neighbourhoods and blocks, so the total, a
// ward's row and a block's row never combine into a hidden count. A ward
// official sees exactly only inside their unit; the round's total is exact
// only for an official whose unit holds the whole round.
import { hideCells, showCell, type ShownCount } from '../../geo/risk/index.ts';
import type { Database } from '../db/database.ts';
import { type Caller, isBoundToJurisdiction } from '../access/policy.ts';
import { progressVisibility } from './aid.access.ts';
import { PROGRESS_COLUMNS, selectProgress, type ProgressLevel, type ProgressRow, type RoundRow } from './aid.repo.ts';

/** The root of the tree: the round itself (no unit has id 0). */
const ROUND = 0;

/** The round's counts as the caller may see them. */
export interface ProtectedRound {
  total: ShownCount;
  delivered: ShownCount;
  /** Rows of a level the caller may see, counts shown by the rule. */
  rows(level: ProgressLevel): Array<ProgressRow & { shownTotal: ShownCount; shownDelivered: ShownCount }>;
}

/** True when the caller sees every household of the round exactly (an official whose unit holds the whole round). */
export function seesWholeRound(caller: Caller, round: RoundRow): boolean {
  const j = caller.jurisdiction;
  if (!isBoundToJurisdiction(caller) || !j) return false;
  const ids = (j.level === 'ward' ? round.ward_ids : round.district_ids).map(Number);
  return ids.length > 0 && ids.every((id) => id === j.unitId);
}

export async function protectRound(database: Database, caller: Caller, round: RoundRow, threshold: number): Promise<ProtectedRound> {
  const levels = Object.keys(PROGRESS_COLUMNS) as ProgressLevel[];
  const byLevel = new Map<ProgressLevel, ProgressRow[]>();
  for (const level of levels) byLevel.set(level, await database.withSession((s) => selectProgress(s, round, level)));
  const all = [...byLevel.values()].flat();
  const place = (r: ProgressRow) => ({ unitId: r.unit_id, level: r.level as ProgressLevel, wardId: r.unit_ward_id, districtId: r.unit_district_id });
  const wholeRound = seesWholeRound(caller, round);
  const exact = (id: number) => (id === ROUND ? wholeRound : progressVisibility(caller, place(all.find((r) => r.unit_id === id) as ProgressRow)) === 'exact');
  const units = [{ id: ROUND, parentId: null }, ...all.map((r) => ({ id: r.unit_id, parentId: r.level === 'district' ? ROUND : r.parent_id }))];
  const shown = (key: 'total' | 'delivered', rootValue: number) => {
    const values = new Map<number, number[]>([[ROUND, [rootValue]], ...all.map((r) => [r.unit_id, [r[key]]] as [number, number[]])]);
    const hidden = hideCells({ units, values, cells: 1, threshold, exact });
    return (id: number) => {
      const value = values.get(id)?.[0] ?? 0;
      return exact(id) ? value : showCell(value, hidden.get(id)?.[0] ?? false, threshold);
    };
  };
  const total = shown('total', round.household_count);
  const delivered = shown('delivered', round.delivered_count);
  return {
    total: total(ROUND),
    delivered: delivered(ROUND),
    rows: (level) => (byLevel.get(level) ?? [])
      .filter((r) => progressVisibility(caller, place(r)) !== 'hidden')
      .map((r) => ({ ...r, shownTotal: total(r.unit_id), shownDelivered: delivered(r.unit_id) })),
  };
}
