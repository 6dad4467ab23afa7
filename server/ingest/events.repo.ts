// upsert: staged rows into test_result / vaccination, keyed on (source,
// record id). Unchanged rows are left alone; changed ones keep their earlier
// version in event_version. Every (unit, day) an event leaves or enters is
// noted in ingest_touched for the dirty_unit_day hand-off.
import type { Session } from '../db/database.ts';
import type { IngestKind } from './ingest.types.ts';

const TEST_DAY = `(sample_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

// Earlier versions of updated events go to event_version; their old (unit, day) is touched.
const keepOldVersions = (table: 'test_result' | 'vaccination', day: string) => `
WITH old AS (
  SELECT e.* FROM ${table} e JOIN ingest_stage s ON e.source_id = $1 AND e.source_record_id = s.source_record_id
  WHERE s.action = 'update'),
kept AS (INSERT INTO event_version (district_id, event_kind, event_id, version, content)
         SELECT district_id, '${table}', id, version, to_jsonb(old) FROM old)
INSERT INTO ingest_touched (unit_id, day) SELECT unit_id, ${day} FROM old WHERE unit_id IS NOT NULL`;

const KEEP_OLD_TESTS = keepOldVersions('test_result', TEST_DAY);
const KEEP_OLD_VACCINATIONS = keepOldVersions('vaccination', 'vaccinated_on');

// The person's district and smallest unit (their household's block, else its ward, else the residence of a person
// without a household) travel with the event; held events have neither.
const LOCATED_STAGE = `
FROM ingest_stage s
LEFT JOIN person p ON p.district_id = s.person_district AND p.id = s.person_id
LEFT JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
WHERE s.action IN ('insert', 'update')`;

const UPSERT_TESTS = `
WITH up AS (
  INSERT INTO test_result AS e (district_id, source_id, source_record_id, batch_id, person_id, unit_id, method, pooled,
                                sample_time, result_time, result, lab, sample_id, content_hash)
  SELECT COALESCE(p.district_id, 0), $1, s.source_record_id, $2, p.id, COALESCE(h.block_id, h.ward_id, p.residence_unit_id), s.method, s.pooled,
         s.sample_time, s.result_time, s.result, s.lab, s.sample_id, s.content_hash
  ${LOCATED_STAGE}
  ON CONFLICT (source_id, source_record_id) DO UPDATE SET
    district_id = EXCLUDED.district_id, batch_id = EXCLUDED.batch_id, person_id = EXCLUDED.person_id, unit_id = EXCLUDED.unit_id,
    method = EXCLUDED.method, pooled = EXCLUDED.pooled, sample_time = EXCLUDED.sample_time, result_time = EXCLUDED.result_time,
    result = EXCLUDED.result, lab = EXCLUDED.lab, sample_id = EXCLUDED.sample_id, content_hash = EXCLUDED.content_hash, version = e.version + 1, updated_at = now()
  WHERE e.content_hash <> EXCLUDED.content_hash
  RETURNING e.unit_id, e.sample_time)
INSERT INTO ingest_touched (unit_id, day) SELECT unit_id, ${TEST_DAY} FROM up WHERE unit_id IS NOT NULL`;

const UPSERT_VACCINATIONS = `
WITH up AS (
  INSERT INTO vaccination AS e (district_id, source_id, source_record_id, batch_id, person_id, unit_id, dose_number, vaccine_code,
                                vaccine_cvx, vaccine_icd11, lot_number, vaccinated_on, site, content_hash)
  SELECT COALESCE(p.district_id, 0), $1, s.source_record_id, $2, p.id, COALESCE(h.block_id, h.ward_id, p.residence_unit_id), s.dose_number, s.vaccine_code,
         s.vaccine_cvx, s.vaccine_icd11, s.lot_number, s.vaccinated_on, s.site, s.content_hash
  ${LOCATED_STAGE}
  ON CONFLICT (source_id, source_record_id) DO UPDATE SET
    district_id = EXCLUDED.district_id, batch_id = EXCLUDED.batch_id, person_id = EXCLUDED.person_id, unit_id = EXCLUDED.unit_id,
    dose_number = EXCLUDED.dose_number, vaccine_code = EXCLUDED.vaccine_code, vaccine_cvx = EXCLUDED.vaccine_cvx,
    vaccine_icd11 = EXCLUDED.vaccine_icd11, lot_number = EXCLUDED.lot_number, vaccinated_on = EXCLUDED.vaccinated_on,
    site = EXCLUDED.site, content_hash = EXCLUDED.content_hash, version = e.version + 1, updated_at = now()
  WHERE e.content_hash <> EXCLUDED.content_hash
  RETURNING e.unit_id, e.vaccinated_on)
INSERT INTO ingest_touched (unit_id, day) SELECT unit_id, vaccinated_on FROM up WHERE unit_id IS NOT NULL`;

// unlocated is a key lookup per row: a join let the planner hash all of person once per chunk.
const COUNT_OUTCOMES = `
SELECT count(*) FILTER (WHERE s.action = 'insert')::int AS inserted,
       count(*) FILTER (WHERE s.action = 'update')::int AS updated,
       count(*) FILTER (WHERE s.action = 'unchanged')::int AS unchanged,
       count(*) FILTER (WHERE s.action <> 'unchanged' AND s.review_id IS NOT NULL)::int AS held,
       count(*) FILTER (WHERE s.action <> 'unchanged' AND (
         SELECT p.household_id IS NULL FROM person p WHERE p.district_id = s.person_district AND p.id = s.person_id))::int AS unlocated,
       count(*) FILTER (WHERE s.action <> 'unchanged' AND (
         SELECT p.household_id IS NULL AND p.residence_unit_id IS NULL FROM person p
         WHERE p.district_id = s.person_district AND p.id = s.person_id))::int AS unplaced
FROM ingest_stage s`;

export interface EventOutcomes {
  inserted: number;
  updated: number;
  unchanged: number;
  held: number;
  unlocated: number;
  /** Rows whose person lives in no known unit (stored with unit_id NULL). */
  unplaced: number;
}

/** Writes the chunk's new and changed events (earlier versions kept) and counts what happened. */
export async function upsertEvents(session: Session, kind: IngestKind, sourceId: number, batchId: number): Promise<EventOutcomes> {
  await session.query(kind === 'tests' ? KEEP_OLD_TESTS : KEEP_OLD_VACCINATIONS, [sourceId]);
  await session.query(kind === 'tests' ? UPSERT_TESTS : UPSERT_VACCINATIONS, [sourceId, batchId]);
  const [counts] = await session.query<EventOutcomes>(COUNT_OUTCOMES);
  return counts ?? { inserted: 0, updated: 0, unchanged: 0, held: 0, unlocated: 0, unplaced: 0 };
}

const CREATE_TOUCHED = `CREATE TEMP TABLE ingest_touched (unit_id integer NOT NULL, day date NOT NULL) ON COMMIT DROP`;

/** Creates the transaction's list of touched (unit, day) pairs; call once per transaction before writing events. */
export async function createTouchedList(session: Session): Promise<void> {
  await session.exec(CREATE_TOUCHED);
}

// Every touched pair gets a fresh marked_at, also when it is dirty already: a refresh that read the pair
// before this commit deletes it only while marked_at is what it read (see server/aggregate/README.md), so
// this chunk's events are refreshed by the next run. Pairs are locked in (unit, day) order, so two
// concurrent chunks touching the same pairs wait for each other instead of deadlocking.
const MARK_DIRTY = `
INSERT INTO dirty_unit_day AS d (unit_id, day, marked_at)
SELECT unit_id, day, clock_timestamp() FROM (SELECT DISTINCT unit_id, day FROM ingest_touched) t ORDER BY unit_id, day
ON CONFLICT (unit_id, day) DO UPDATE SET marked_at = EXCLUDED.marked_at`;
const SELECT_TOUCHED = `SELECT DISTINCT unit_id, day::text AS day FROM ingest_touched ORDER BY unit_id, day`;

/** Marks the touched (unit, day) pairs dirty, in the chunk's transaction, and returns them; call it last (it holds row locks until commit). */
export async function markTouchedDirty(session: Session): Promise<Array<{ unitId: number; day: string }>> {
  await session.query(MARK_DIRTY);
  const rows = await session.query<{ unit_id: number; day: string }>(SELECT_TOUCHED);
  return rows.map((r) => ({ unitId: r.unit_id, day: r.day }));
}
