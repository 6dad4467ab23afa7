// Unplaced records: stored with a person who lives in no known unit (their
// address named no ward of the gazetteer), so no unit's numbers hold them.
// Counted per source and district so they are never silently absent.
import type { Session } from '../db/database.ts';

export interface UnplacedRow {
  sourceId: number;
  sourceCode: string;
  /** 0 when not even the district was known. */
  districtId: number;
  districtCode: string | null;
  districtName: string | null;
  tests: number;
  vaccinations: number;
}

const SELECT_UNPLACED = `
SELECT r.source_id, s.code AS source_code, r.district_id, d.code AS district_code, d.name AS district_name,
       sum(r.records) FILTER (WHERE r.event_kind = 'test_result')::int AS tests,
       sum(r.records) FILTER (WHERE r.event_kind = 'vaccination')::int AS vaccinations
FROM unplaced_record r JOIN source s ON s.id = r.source_id LEFT JOIN unit d ON d.id = r.district_id AND d.level = 'district'
WHERE ($1::int IS NULL OR r.source_id = $1) AND ($2::int IS NULL OR r.district_id = $2)
GROUP BY r.source_id, s.code, r.district_id, d.code, d.name
ORDER BY s.code, r.district_id`;

/** Unplaced records per source and district, optionally of one source and/or one district. */
export async function listUnplaced(session: Session, filter: { sourceId?: number | null; districtId?: number | null } = {}): Promise<UnplacedRow[]> {
  const rows = await session.query<{
    source_id: number; source_code: string; district_id: number; district_code: string | null; district_name: string | null; tests: number | null; vaccinations: number | null;
  }>(SELECT_UNPLACED, [filter.sourceId ?? null, filter.districtId ?? null]);
  return rows.map((r) => ({
    sourceId: r.source_id, sourceCode: r.source_code, districtId: r.district_id, districtCode: r.district_code, districtName: r.district_name,
    tests: r.tests ?? 0, vaccinations: r.vaccinations ?? 0,
  }));
}
