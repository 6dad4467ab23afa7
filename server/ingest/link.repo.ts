// link: the SQL half of linking staged rows to people. Exact ID hash, a
// remembered review decision and the deterministic key are UPDATE … FROM
// over the whole chunk; probabilistic candidates come out of one query over
// the blocking keys of geo/linkage (scored in JS by link.service.ts); new
// people are created in one INSERT … SELECT.
import type { Session } from '../db/database.ts';
import { csvLine } from '../db/csv.ts';
import { placeNewPeople } from './placement.repo.ts';

// An ID links outright only when the holder also agrees on the name or the
// birth date: a mistyped digit often gives another real person's number
// (serials are dense), and trusting it alone linked 0.3% of a simulated
// history to the wrong person. Rows whose ID holder agrees on neither go on
// to probabilistic scoring, where the ID is one field among the others.
// Two people with one hash should not exist; if they do, UPDATE … FROM takes either (both are that ID's holder).
const LINK_BY_ID_HASH = `
UPDATE ingest_stage s SET person_district = p.district_id, person_id = p.id, link_method = 'id'
FROM person p
WHERE s.action <> 'unchanged' AND s.id_hash IS NOT NULL AND p.national_id_hash = s.id_hash
  AND (p.name_key = s.name_key OR (length(s.birth_date) = 10 AND p.birth_date = s.birth_date::date))`;

// A decided review answers every later record of the same identity ('same' wins over 'different').
const LINK_BY_DECISION = `
UPDATE ingest_stage s SET person_district = r.resolved_district_id, person_id = r.resolved_person_id, link_method = 'review'
FROM (SELECT DISTINCT ON (incoming_key) incoming_key, resolved_district_id, resolved_person_id FROM link_review
      WHERE resolved_person_id IS NOT NULL AND incoming_key IN (SELECT incoming_key FROM ingest_stage)
      ORDER BY incoming_key, (decision = 'same') DESC, id) r
WHERE s.person_id IS NULL AND s.action <> 'unchanged' AND r.incoming_key = s.incoming_key`;

const LINK_BY_KEY = `
UPDATE ingest_stage s SET person_district = p.district_id, person_id = p.id, link_method = 'key'
FROM person p
WHERE s.person_id IS NULL AND s.action <> 'unchanged' AND length(s.birth_date) = 10 AND s.phone IS NOT NULL
  AND p.name_key = s.name_key AND p.birth_date = s.birth_date::date AND p.phone = s.phone`;

/** Links rows by exact ID hash, then remembered decisions, then name key + birth date + phone. */
export async function linkExactly(session: Session): Promise<void> {
  await session.query(LINK_BY_ID_HASH);
  await session.query(LINK_BY_DECISION);
  await session.query(LINK_BY_KEY);
}

// Pairs sharing a blocking key (geo/linkage/blocking.ts): g given+year, f family+date, p phone, a address+year.
const SELECT_CANDIDATES = `
WITH pending AS (
  SELECT row_number, regexp_replace(name_key, '^.* ', '') AS given, split_part(name_key, ' ', 1) AS family,
         CASE WHEN length(birth_date) = 10 THEN birth_date::date END AS birth, left(birth_date, 4)::int AS year, phone, address_key
  FROM ingest_stage WHERE person_id IS NULL AND action <> 'unchanged'),
pairs AS (
  SELECT q.row_number, p.district_id, p.id FROM pending q
  JOIN person p ON regexp_replace(p.name_key, '^.* ', '') = q.given AND date_part('year', p.birth_date) = q.year
  UNION
  SELECT q.row_number, p.district_id, p.id FROM pending q
  JOIN person p ON split_part(p.name_key, ' ', 1) = q.family AND p.birth_date = q.birth
  UNION
  SELECT q.row_number, p.district_id, p.id FROM pending q JOIN person p ON p.phone = q.phone
  UNION
  SELECT q.row_number, p.district_id, p.id FROM pending q
  JOIN household h ON h.address_key = q.address_key
  JOIN person p ON p.district_id = h.district_id AND p.household_id = h.id AND date_part('year', p.birth_date) = q.year)
SELECT pr.row_number, p.district_id, p.id, p.name_key, p.birth_date::text AS birth_date, p.sex, p.phone,
       encode(p.national_id_hash, 'hex') AS id_hash, h.address_key
FROM pairs pr
JOIN person p ON p.district_id = pr.district_id AND p.id = pr.id
LEFT JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id`;

export interface CandidateRow {
  row_number: number;
  district_id: number;
  id: number;
  name_key: string;
  birth_date: string | null;
  sex: string | null;
  phone: string | null;
  id_hash: string | null;
  address_key: string | null;
}

/** Candidate people for every row still unlinked. */
export function selectCandidates(session: Session): Promise<CandidateRow[]> {
  return session.query<CandidateRow>(SELECT_CANDIDATES);
}

export interface LinkDecisionRow {
  rowNumber: number;
  decision: 'link' | 'review';
  districtId: number;
  personId: number;
  score: number;
  contributions: unknown;
  incoming: unknown;
}

const CREATE_DECISIONS = `
CREATE TEMP TABLE ingest_link (
  row_number integer PRIMARY KEY, decision text NOT NULL, district_id integer NOT NULL, person_id bigint NOT NULL,
  score double precision NOT NULL, contributions jsonb NOT NULL, incoming jsonb NOT NULL
) ON COMMIT DROP`;
const DECISION_COLUMNS = ['row_number', 'decision', 'district_id', 'person_id', 'score', 'contributions', 'incoming'];

const APPLY_LINKS = `
UPDATE ingest_stage s SET person_district = l.district_id, person_id = l.person_id, link_method = 'score'
FROM ingest_link l WHERE l.row_number = s.row_number AND l.decision = 'link'`;

// One question per (identity, candidate): a pending one is joined, not asked again.
const OPEN_REVIEWS = `
INSERT INTO link_review (batch_id, candidate_district_id, candidate_person_id, incoming, score, contributions, incoming_key)
SELECT DISTINCT ON (s.incoming_key, l.district_id, l.person_id) $1::bigint, l.district_id, l.person_id, l.incoming, l.score, l.contributions, s.incoming_key
FROM ingest_link l JOIN ingest_stage s ON s.row_number = l.row_number
WHERE l.decision = 'review'
ORDER BY s.incoming_key, l.district_id, l.person_id, s.row_number
ON CONFLICT (incoming_key, candidate_district_id, candidate_person_id) DO NOTHING`;

const HOLD_FOR_REVIEW = `
UPDATE ingest_stage s SET review_id = r.id, link_method = 'held'
FROM ingest_link l JOIN link_review r ON r.candidate_district_id = l.district_id AND r.candidate_person_id = l.person_id
WHERE l.row_number = s.row_number AND l.decision = 'review' AND r.incoming_key = s.incoming_key`;

const LIST_HELD_EVENTS = `
INSERT INTO link_review_event (review_id, event_kind, source_id, source_record_id)
SELECT review_id, $1, $2, source_record_id FROM ingest_stage WHERE review_id IS NOT NULL
ON CONFLICT DO NOTHING`;

/** Applies the scored decisions: links, and questions for review with the events they hold. */
export async function applyDecisions(session: Session, batchId: number, eventKind: string, sourceId: number, decisions: readonly LinkDecisionRow[]): Promise<void> {
  if (decisions.length === 0) return;
  await session.exec(CREATE_DECISIONS);
  await session.copyCsv('ingest_link', DECISION_COLUMNS, decisions.map((d) =>
    csvLine([d.rowNumber, d.decision, d.districtId, d.personId, d.score, JSON.stringify(d.contributions), JSON.stringify(d.incoming)])));
  await session.query(APPLY_LINKS);
  await session.query(OPEN_REVIEWS, [batchId]);
  await session.query(HOLD_FOR_REVIEW);
  await session.query(LIST_HELD_EVENTS, [eventKind, sourceId]);
}

// Seeding allocates ids as max + 1; move the sequence past it (never backwards) before allocating.
const SYNC_PERSON_SEQUENCE = `
SELECT setval('person_id_seq', m) FROM (SELECT max(id) AS m FROM person) x
WHERE m > (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM person_id_seq)`;

// Rows no known person matched, for clustering into new people (geo/linkage/cluster.ts).
const SELECT_UNMATCHED = `SELECT row_number FROM ingest_stage WHERE person_id IS NULL AND review_id IS NULL AND action <> 'unchanged' ORDER BY row_number`;

/** Row numbers still without a person after linking (and not held). */
export async function selectUnmatchedRows(session: Session): Promise<number[]> {
  const rows = await session.query<{ row_number: number }>(SELECT_UNMATCHED);
  return rows.map((r) => r.row_number);
}

const CREATE_GROUPS = `CREATE TEMP TABLE ingest_group (row_number integer PRIMARY KEY, grp text NOT NULL) ON COMMIT DROP`;
const APPLY_GROUPS = `UPDATE ingest_stage s SET new_group = g.grp FROM ingest_group g WHERE g.row_number = s.row_number`;

/** Names the new person each unmatched row belongs to (rows of one cluster share a group). */
export async function assignNewGroups(session: Session, groups: ReadonlyArray<{ rowNumber: number; group: string }>): Promise<void> {
  if (groups.length === 0) return;
  await session.exec(CREATE_GROUPS);
  await session.copyCsv('ingest_group', ['row_number', 'grp'], [groups.map((g) => csvLine([g.rowNumber, g.group])).join('')]);
  await session.query(APPLY_GROUPS);
}

// One new person per group of the chunk (the cluster of geo/linkage, else the ID hash, else every person field), in the
// household of their address key, else at the residence placement.repo.ts finds. The person's fields come from the group's most complete row: with an ID, an address key, a phone, a full
// birth date, diacritics in the name. A new person whose ID number another person already holds (a mistyped ID nothing
// else matched) is created without it, and of two new groups with one hash only the first keeps it, so one hash never
// names two people.
const NEW_GROUP = `COALESCE(new_group, encode(id_hash, 'hex'), incoming_key)`;
const CREATE_NEW_PEOPLE = `
CREATE TEMP TABLE ingest_new ON COMMIT DROP AS
SELECT g.*, nextval('person_id_seq') AS id, h.district_id AS household_district, h.id AS household_id,
       NULL::integer AS residence_district, NULL::integer AS residence_unit_id
FROM (SELECT DISTINCT ON (grp) ${NEW_GROUP} AS grp, full_name, name_key,
             CASE WHEN length(birth_date) = 10 THEN birth_date::date END AS birth_date, sex, phone, id_hash, id_kind, address_key,
             district_code, ward_code, group_number
      FROM ingest_stage WHERE person_id IS NULL AND review_id IS NULL AND action <> 'unchanged'
      ORDER BY ${NEW_GROUP}, id_hash IS NULL, address_key IS NULL, ward_code IS NULL, phone IS NULL, length(birth_date) IS DISTINCT FROM 10,
               full_name = name_key, row_number) g
LEFT JOIN LATERAL (SELECT district_id, id FROM household WHERE address_key = g.address_key ORDER BY id LIMIT 1) h ON true`;

// A new person's district: their household's, else their residence's (placement.repo.ts), else 0 (unknown).
const NEW_DISTRICT = 'COALESCE(household_district, residence_district, 0)';

const INSERT_NEW_PEOPLE = `
INSERT INTO person (district_id, id, household_id, residence_unit_id, residence_address_key, full_name, name_key, birth_date, sex, phone, national_id_hash, national_id_kind)
SELECT ${NEW_DISTRICT}, n.id, household_id, residence_unit_id, CASE WHEN household_id IS NULL THEN address_key END, full_name, name_key, birth_date, sex, phone,
       CASE WHEN held.id IS NULL AND first.id = n.id THEN n.id_hash END, CASE WHEN held.id IS NULL AND first.id = n.id THEN n.id_kind END
FROM ingest_new n
LEFT JOIN LATERAL (SELECT p.id FROM person p WHERE p.national_id_hash = n.id_hash LIMIT 1) held ON n.id_hash IS NOT NULL
LEFT JOIN LATERAL (SELECT min(m.id) AS id FROM ingest_new m WHERE m.id_hash = n.id_hash) first ON true`;

const LINK_NEW_PEOPLE = `
UPDATE ingest_stage s SET person_district = n.district, person_id = n.id, link_method = 'new'
FROM (SELECT grp, ${NEW_DISTRICT} AS district, id FROM ingest_new) n
WHERE s.person_id IS NULL AND s.review_id IS NULL AND s.action <> 'unchanged' AND n.grp = ${NEW_GROUP}`;

const COUNT_NEW_MEMBERS = `
UPDATE household h SET member_count = member_count + n.members
FROM (SELECT household_district, household_id, count(*)::int AS members FROM ingest_new WHERE household_id IS NOT NULL GROUP BY 1, 2) n
WHERE h.district_id = n.household_district AND h.id = n.household_id`;

/** Creates a person for every identity still unlinked and not held; returns how many were created. */
export async function createNewPeople(session: Session): Promise<number> {
  await session.query(SYNC_PERSON_SEQUENCE);
  await session.exec(CREATE_NEW_PEOPLE);
  await placeNewPeople(session);
  await session.query(INSERT_NEW_PEOPLE);
  await session.query(LINK_NEW_PEOPLE);
  await session.query(COUNT_NEW_MEMBERS);
  const [row] = await session.query<{ n: number }>(COUNT_CREATED);
  return row?.n ?? 0;
}

const COUNT_CREATED = `SELECT count(*)::int AS n FROM ingest_new`;
