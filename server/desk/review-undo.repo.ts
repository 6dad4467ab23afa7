// Undoing a review decision: the pair's events go back to being held (no
// person, no unit), the cases they opened close, the units they counted in
// are refreshed, and the pair is open again (its decision no longer
// answers later records of the same identity). A person a 'different'
// decision created stays, with no events of this pair.
import type { Session } from '../db/database.ts';

const LOCK_DECIDED = `SELECT id, decision, resolved_district_id, resolved_person_id FROM link_review WHERE id = $1 FOR UPDATE`;

const rehold = (table: 'test_result' | 'vaccination', day: string) => `
WITH moved AS (
  SELECT e.id, e.unit_id, ${day} AS day FROM ${table} e JOIN link_review_event le
    ON le.review_id = $1 AND le.event_kind = '${table}' AND e.source_id = le.source_id AND e.source_record_id = le.source_record_id
  WHERE e.person_id IS NOT NULL),
touched AS (INSERT INTO ingest_touched (unit_id, day) SELECT unit_id, day FROM moved WHERE unit_id IS NOT NULL)
UPDATE ${table} e SET person_id = NULL, unit_id = NULL, district_id = 0, updated_at = now()
FROM moved WHERE e.id = moved.id RETURNING e.id`;

const REHOLD_TESTS = rehold('test_result', `(e.sample_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`);
const REHOLD_VACCINATIONS = rehold('vaccination', 'e.vaccinated_on');
const REOPEN = `UPDATE link_review SET decision = NULL, decided_by = NULL, decided_at = NULL, resolved_district_id = NULL, resolved_person_id = NULL WHERE id = $1`;

export async function lockDecidedReview(session: Session, id: number) {
  const [row] = await session.query<{ id: number; decision: string | null; resolved_district_id: number | null; resolved_person_id: number | null }>(LOCK_DECIDED, [id]);
  return row ?? null;
}

/** Holds the pair's events again; returns the ids of the tests (their cases are then brought in line). */
export async function reholdEvents(session: Session, reviewId: number): Promise<{ tests: number[]; vaccinations: number }> {
  const tests = await session.query<{ id: number | string }>(REHOLD_TESTS, [reviewId]);
  const vaccinations = await session.query<{ id: number }>(REHOLD_VACCINATIONS, [reviewId]);
  return { tests: tests.map((t) => Number(t.id)), vaccinations: vaccinations.length };
}

export const reopenReview = (session: Session, id: number) => session.query(REOPEN, [id]);
