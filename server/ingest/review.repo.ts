// link_review: questions about uncertain links, their held events, and
// applying a decision to those events.
import type { Session } from '../db/database.ts';

const LIST_OPEN = `
SELECT r.id, r.score, r.contributions, r.incoming, r.created_at, r.candidate_district_id, r.candidate_person_id,
       p.full_name, p.birth_date::text AS birth_date, p.sex, p.phone, p.national_id_hash IS NOT NULL AS has_national_id, h.address,
       (SELECT count(*)::int FROM link_review_event e WHERE e.review_id = r.id) AS held_events
FROM link_review r
LEFT JOIN person p ON p.district_id = r.candidate_district_id AND p.id = r.candidate_person_id
LEFT JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
WHERE r.decision IS NULL ORDER BY r.id LIMIT $1 OFFSET $2`;
const COUNT_OPEN = `SELECT count(*)::int AS n FROM link_review WHERE decision IS NULL`;

export interface OpenReviewRow {
  id: number;
  score: number;
  contributions: unknown;
  incoming: Record<string, unknown>;
  created_at: Date | string;
  candidate_district_id: number;
  candidate_person_id: number;
  full_name: string | null;
  birth_date: string | null;
  sex: string | null;
  phone: string | null;
  has_national_id: boolean | null;
  address: string | null;
  held_events: number;
}

export async function listOpenReviews(session: Session, limit: number, offset: number): Promise<{ total: number; rows: OpenReviewRow[] }> {
  const rows = await session.query<OpenReviewRow>(LIST_OPEN, [limit, offset]);
  const [count] = await session.query<{ n: number }>(COUNT_OPEN);
  return { total: count?.n ?? 0, rows };
}

const LOCK_REVIEW = `SELECT id, decision, incoming, candidate_district_id, candidate_person_id FROM link_review WHERE id = $1 FOR UPDATE`;

export async function lockReview(session: Session, id: number) {
  const [row] = await session.query<{ id: number; decision: string | null; incoming: Record<string, unknown>; candidate_district_id: number; candidate_person_id: number }>(LOCK_REVIEW, [id]);
  return row ?? null;
}

const SYNC_PERSON_SEQUENCE = `
SELECT setval('person_id_seq', m) FROM (SELECT max(id) AS m FROM person) x
WHERE m > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM person_id_seq)`;

const CREATE_PERSON = `
INSERT INTO person (district_id, id, household_id, full_name, name_key, birth_date, sex, phone, national_id_hash, national_id_kind)
SELECT COALESCE(h.district_id, 0), nextval('person_id_seq'), h.id, $1, $2, $3::date, $4, $5, decode($6, 'hex'), $7
FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT district_id, id FROM household WHERE address_key = $8 ORDER BY id LIMIT 1) h ON true
RETURNING district_id, id, household_id`;

export interface NewPerson {
  fullName: string;
  nameKey: string;
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  phone: string | null;
  idHash: string | null;
  idKind: string | null;
  addressKey: string | null;
}

/** Creates one person (a 'different' decision), placed by address key like ingest's new people. */
export async function createPerson(session: Session, p: NewPerson): Promise<{ district_id: number; id: number }> {
  await session.query(SYNC_PERSON_SEQUENCE);
  const [row] = await session.query<{ district_id: number; id: number; household_id: number | null }>(CREATE_PERSON, [
    p.fullName, p.nameKey, p.birthDate && p.birthDate.length === 10 ? p.birthDate : null, p.sex, p.phone, p.idHash, p.idKind, p.addressKey,
  ]);
  if (!row) throw new Error('person insert returned nothing');
  if (row.household_id !== null) await session.query(COUNT_MEMBER, [row.district_id, row.household_id]);
  return row;
}

const COUNT_MEMBER = `UPDATE household SET member_count = member_count + 1 WHERE district_id = $1 AND id = $2`;

const RELEASE_TESTS = `
WITH moved AS (
  UPDATE test_result e SET person_id = p.id, district_id = p.district_id, unit_id = COALESCE(h.block_id, h.ward_id, p.residence_unit_id), updated_at = now()
  FROM link_review_event le, person p LEFT JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
  WHERE le.review_id = $1 AND le.event_kind = 'test_result' AND e.source_id = le.source_id AND e.source_record_id = le.source_record_id
    AND e.person_id IS NULL AND p.district_id = $2 AND p.id = $3
  RETURNING e.id, e.unit_id, e.sample_time),
touched AS (INSERT INTO ingest_touched (unit_id, day) SELECT unit_id, (sample_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date FROM moved WHERE unit_id IS NOT NULL)
SELECT id FROM moved`;

const RELEASE_VACCINATIONS = `
WITH moved AS (
  UPDATE vaccination e SET person_id = p.id, district_id = p.district_id, unit_id = COALESCE(h.block_id, h.ward_id, p.residence_unit_id), updated_at = now()
  FROM link_review_event le, person p LEFT JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
  WHERE le.review_id = $1 AND le.event_kind = 'vaccination' AND e.source_id = le.source_id AND e.source_record_id = le.source_record_id
    AND e.person_id IS NULL AND p.district_id = $2 AND p.id = $3
  RETURNING e.id, e.unit_id, e.vaccinated_on),
touched AS (INSERT INTO ingest_touched (unit_id, day) SELECT unit_id, vaccinated_on FROM moved WHERE unit_id IS NOT NULL)
SELECT id FROM moved`;

/** Gives the held events of a review their person; returns the ids of the released tests (they may open cases). */
export async function releaseHeldEvents(session: Session, reviewId: number, person: { district_id: number; id: number }): Promise<{ tests: number[]; vaccinations: number }> {
  const tests = await session.query<{ id: number }>(RELEASE_TESTS, [reviewId, person.district_id, person.id]);
  const vaccinations = await session.query<{ id: number }>(RELEASE_VACCINATIONS, [reviewId, person.district_id, person.id]);
  return { tests: tests.map((t) => t.id), vaccinations: vaccinations.length };
}

const RECORD_DECISION = `
UPDATE link_review SET decision = $2, decided_by = $3, decided_at = now(), resolved_district_id = $4, resolved_person_id = $5 WHERE id = $1`;

export async function recordDecision(session: Session, id: number, decision: 'same' | 'different', decidedBy: number | null, person: { district_id: number; id: number }): Promise<void> {
  await session.query(RECORD_DECISION, [id, decision, decidedBy, person.district_id, person.id]);
}
