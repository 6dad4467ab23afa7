// Shares per unit for the data-quality layer: of all records that concern the
// unit, the share unplaced, held, rejected (districts only: see quality.repo.ts) and late, and the
// last data day. No personal data and no small person counts: shares of
// records, and the record total.
import type { Database } from '../db/database.ts';
import { selectQuality } from './quality.repo.ts';

export interface UnitQuality {
  unitId: number;
  name: string;
  code: string;
  position: [number, number] | null;
  records: number;
  unplacedShare: number | null;
  heldShare: number | null;
  rejectedShare: number | null;
  lateShare: number | null;
  lastDataDay: string | null;
  /** unplaced + held + rejected + late, capped at 1: how much of what concerns the unit the map does not see (in time). */
  blindShare: number | null;
}

const share = (n: number | null, total: number) => (n === null || total === 0 ? null : Math.round((n / total) * 1000) / 1000);

export async function listUnitQuality(database: Database, level: 'district' | 'ward'): Promise<UnitQuality[]> {
  const rows = await database.withSession((s) => selectQuality(s, level));
  return rows.map((r) => {
    const total = r.records + (r.unplaced ?? 0) + (r.held ?? 0) + (r.rejected ?? 0);
    const parts = [share(r.unplaced, total), share(r.held, total), share(r.rejected, total), share(r.late, total)];
    const known = parts.filter((p): p is number => p !== null);
    return {
      unitId: r.unit_id, name: r.name, code: r.code, position: r.lng === null || r.lat === null ? null : [r.lng, r.lat], records: total,
      unplacedShare: parts[0]!, heldShare: parts[1]!, rejectedShare: parts[2]!, lateShare: parts[3]!, lastDataDay: r.last_day,
      blindShare: known.length === 0 ? null : Math.min(1, Math.round(known.reduce((a, b) => a + b, 0) * 1000) / 1000),
    };
  });
}
