// national_outbox: queued in the ingest transaction, claimed by the pusher,
// answered per claim token. Every statement is set-based over the chunk or the
// claim; no transaction is held open across an HTTP request (push.service.ts).
import type { Session } from '../db/database.ts';
import type { StagedRow } from '../ingest/prepare-rows.ts';
import type { IngestKind } from '../ingest/ingest.types.ts';
import { recordIdentifiers, type FhirIdentifier } from './bundle.ts';
import { sealIdentifiers } from './identifier-seal.ts';

const enqueueFrom = (table: 'test_result' | 'vaccination') => `
INSERT INTO national_outbox (district_id, person_id, event_kind, event_id, source_id, source_record_id, record_version, identifiers)
SELECT e.district_id, e.person_id, '${table}', e.id, e.source_id, e.source_record_id, e.version, ids.identifiers
FROM ingest_stage s
JOIN ${table} e ON e.source_id = $1 AND e.source_record_id = s.source_record_id
LEFT JOIN jsonb_to_recordset($2::jsonb) AS ids(row_number integer, identifiers jsonb) ON ids.row_number = s.row_number
WHERE s.action IN ('insert', 'update')`;

const ENQUEUE_TESTS = enqueueFrom('test_result');
const ENQUEUE_VACCINATIONS = enqueueFrom('vaccination');

// A correction makes the record's older unsent (or rejected, or given-up) versions moot: the newest goes out with the
// current content. The chunk's corrected record ids are read first and passed as an array, so the outbox is reached
// by index probes whatever the planner believes of the temp stage table (a join with it, planned on stale
// statistics, scanned the stage once per outbox row: 45 s a chunk at 75k outbox rows); chunks without corrections skip it.
const SELECT_CORRECTED = `SELECT source_record_id FROM ingest_stage WHERE action = 'update'`;

const supersedeFrom = (table: 'test_result' | 'vaccination') => `
UPDATE national_outbox o SET status = 'superseded', identifiers = NULL, finished_at = now(), claim_token = NULL
WHERE o.source_id = $1 AND o.source_record_id = ANY($2::text[]) AND o.event_kind = '${table}'
  AND o.status IN ('pending', 'failed', 'rejected')
  AND o.record_version < (SELECT max(x.record_version) FROM national_outbox x
                          WHERE x.source_id = $1 AND x.source_record_id = o.source_record_id AND x.event_kind = '${table}')`;

const SUPERSEDE_TESTS = supersedeFrom('test_result');
const SUPERSEDE_VACCINATIONS = supersedeFrom('vaccination');

/**
 * Queues the chunk's inserted and corrected events for the national system,
 * inside the chunk's transaction (call right after upsertEvents). Each row
 * carries the Patient identifiers as the record arrived with them, sealed
 * (identifier-seal.ts): the raw ID number is not kept anywhere else, and is erased from the row once it has
 * left (or been rejected). Held records are queued too; they leave once a
 * review gives them a person.
 */
export async function queueNationalPush(session: Session, kind: IngestKind, sourceId: number, staged: readonly StagedRow[], idHashKey: string): Promise<void> {
  const identifiers: Array<{ row_number: number; identifiers: FhirIdentifier[] }> = [];
  for (const row of staged) {
    const ids = recordIdentifiers(row.person.nationalId, row.person.insuranceNumber);
    if (ids.length > 0) identifiers.push({ row_number: row.rowNumber, identifiers: sealIdentifiers(idHashKey, ids) });
  }
  await session.query(kind === 'tests' ? ENQUEUE_TESTS : ENQUEUE_VACCINATIONS, [sourceId, JSON.stringify(identifiers)]);
  const corrected = (await session.query<{ source_record_id: string }>(SELECT_CORRECTED)).map((r) => r.source_record_id);
  if (corrected.length > 0) await session.query(kind === 'tests' ? SUPERSEDE_TESTS : SUPERSEDE_VACCINATIONS, [sourceId, corrected]);
}

// Due: pending past its next attempt, or left in 'sending' by a pusher that stopped before recording the answer.
// Only records with a person leave; held ones wait for their review.
const CLAIM = `
WITH due AS (
  SELECT o.district_id, o.id FROM national_outbox o
  WHERE ((o.status = 'pending' AND o.next_attempt_at <= now())
      OR (o.status = 'sending' AND o.claimed_at <= now() - make_interval(secs => $3::double precision)))
    AND CASE o.event_kind
      WHEN 'vaccination' THEN EXISTS (SELECT 1 FROM vaccination e WHERE e.source_id = o.source_id AND e.source_record_id = o.source_record_id AND e.person_id IS NOT NULL)
      ELSE EXISTS (SELECT 1 FROM test_result e WHERE e.source_id = o.source_id AND e.source_record_id = o.source_record_id AND e.person_id IS NOT NULL) END
  ORDER BY o.next_attempt_at, o.id
  LIMIT $2
  FOR UPDATE OF o SKIP LOCKED)
UPDATE national_outbox o SET status = 'sending', claim_token = $1::uuid, claimed_at = now(), attempts = o.attempts + 1
FROM due WHERE o.district_id = due.district_id AND o.id = due.id
RETURNING o.district_id, o.id`;

/** Claims up to `limit` due rows under a token (one short transaction); returns their keys. */
export async function claimDueRows(session: Session, token: string, limit: number, staleClaimSeconds: number): Promise<RowKey[]> {
  const rows = await session.query<RowKey>(CLAIM, [token, limit, staleClaimSeconds]);
  return rows.map((r) => ({ district_id: Number(r.district_id), id: Number(r.id) }));
}

const PERSON_COLUMNS = `o.district_id AS outbox_district_id, o.id AS outbox_id, o.identifiers, o.attempts,
  p.district_id AS person_district_id, p.id AS person_id, p.full_name, p.birth_date::text AS birth_date, p.sex, p.phone,
  src.code AS source_code, e.source_record_id, e.version`;

const LOAD_VACCINATIONS = `
SELECT ${PERSON_COLUMNS}, e.dose_number, e.vaccine_code, e.vaccine_cvx, e.vaccine_icd11, e.lot_number,
       e.vaccinated_on::text AS vaccinated_on, e.site
FROM national_outbox o
JOIN vaccination e ON e.source_id = o.source_id AND e.source_record_id = o.source_record_id
JOIN person p ON p.district_id = e.district_id AND p.id = e.person_id
JOIN source src ON src.id = e.source_id
WHERE o.claim_token = $1::uuid AND o.status = 'sending' AND o.event_kind = 'vaccination'`;

const LOAD_TESTS = `
SELECT ${PERSON_COLUMNS}, e.method, e.pooled, e.result, e.lab,
       to_char(e.sample_time AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"') AS sample_time
FROM national_outbox o
JOIN test_result e ON e.source_id = o.source_id AND e.source_record_id = o.source_record_id
JOIN person p ON p.district_id = e.district_id AND p.id = e.person_id
JOIN source src ON src.id = e.source_id
WHERE o.claim_token = $1::uuid AND o.status = 'sending' AND o.event_kind = 'test_result'`;

export interface ClaimedRowBase {
  outbox_district_id: number;
  outbox_id: number;
  identifiers: FhirIdentifier[] | null;
  attempts: number;
  person_district_id: number;
  person_id: number;
  full_name: string;
  birth_date: string | null;
  sex: 'M' | 'F' | null;
  phone: string | null;
  source_code: string;
  source_record_id: string;
  version: number;
}

export interface ClaimedVaccinationRow extends ClaimedRowBase {
  dose_number: number;
  vaccine_code: string;
  vaccine_cvx: string | null;
  vaccine_icd11: string | null;
  lot_number: string | null;
  vaccinated_on: string;
  site: string | null;
}

export interface ClaimedTestRow extends ClaimedRowBase {
  method: 'pcr' | 'antigen';
  pooled: boolean;
  result: 'positive' | 'negative' | 'inconclusive';
  lab: string | null;
  sample_time: string;
}

/** The claimed rows with their event and person (current content: a correction goes out as it now is). */
export async function loadClaimedRows(session: Session, token: string): Promise<{ vaccinations: ClaimedVaccinationRow[]; tests: ClaimedTestRow[] }> {
  const vaccinations = await session.query<ClaimedVaccinationRow>(LOAD_VACCINATIONS, [token]);
  const tests = await session.query<ClaimedTestRow>(LOAD_TESTS, [token]);
  return { vaccinations, tests };
}

export interface RowKey {
  district_id: number;
  id: number;
}

const ROWS_FROM = `FROM jsonb_to_recordset($2::jsonb) AS r(district_id integer, id bigint, person_id bigint, response jsonb)
WHERE o.district_id = r.district_id AND o.id = r.id AND o.claim_token = $1::uuid`;

const MARK_SENT = `
UPDATE national_outbox o SET status = 'sent', sent_at = now(), finished_at = now(), identifiers = NULL, person_id = r.person_id,
  last_status = $3, response = r.response, outcome = NULL, claim_token = NULL
${ROWS_FROM}`;

const MARK_REJECTED = `
UPDATE national_outbox o SET status = 'rejected', finished_at = now(), identifiers = NULL, person_id = COALESCE(r.person_id, o.person_id),
  last_status = $3, outcome = $4::jsonb, claim_token = NULL
${ROWS_FROM}`;

// Attempts are counted at claim time; the last allowed attempt that fails gives up ('failed', identifiers kept for a manual retry).
const MARK_RETRY = `
UPDATE national_outbox o SET status = CASE WHEN o.attempts >= $5 THEN 'failed' ELSE 'pending' END,
  finished_at = CASE WHEN o.attempts >= $5 THEN now() END,
  next_attempt_at = now() + make_interval(secs => $6::double precision),
  last_status = $3, outcome = $4::jsonb, claim_token = NULL, person_id = COALESCE(r.person_id, o.person_id)
${ROWS_FROM}
RETURNING o.district_id, o.id, o.status`;

// Not sent at all (the endpoint was unreachable before their turn): back to pending, the attempt not counted.
const RELEASE = `
UPDATE national_outbox o SET status = 'pending', claim_token = NULL, attempts = GREATEST(o.attempts - 1, 0)
WHERE o.claim_token = $1::uuid AND o.status = 'sending'`;

export interface AcceptedRow extends RowKey {
  person_id: number;
  response: unknown;
}

export async function markSent(session: Session, token: string, rows: readonly AcceptedRow[], httpStatus: number): Promise<void> {
  if (rows.length > 0) await session.query(MARK_SENT, [token, JSON.stringify(rows), httpStatus]);
}

export async function markRejected(session: Session, token: string, rows: readonly (RowKey & { person_id?: number })[], httpStatus: number | null, outcome: unknown): Promise<void> {
  if (rows.length > 0) await session.query(MARK_REJECTED, [token, JSON.stringify(rows), httpStatus, JSON.stringify(outcome)]);
}

/** Schedules a retry after delaySeconds, or gives up at maxAttempts ('failed'); returns each row's new status. */
export async function markRetry(
  session: Session, token: string, rows: readonly (RowKey & { person_id?: number })[], httpStatus: number | null, outcome: unknown, maxAttempts: number, delaySeconds: number,
): Promise<Array<RowKey & { status: 'pending' | 'failed' }>> {
  if (rows.length === 0) return [];
  return session.query(MARK_RETRY, [token, JSON.stringify(rows), httpStatus, JSON.stringify(outcome), maxAttempts, delaySeconds]);
}

/** Rows still claimed under the token and not answered: back to pending without counting an attempt. */
export async function releaseClaim(session: Session, token: string): Promise<number> {
  return (await session.query(`${RELEASE} RETURNING o.id`, [token])).length;
}

const RETRY_FAILED = `UPDATE national_outbox SET status = 'pending', attempts = 0, next_attempt_at = now(), finished_at = NULL WHERE status = 'failed' RETURNING id`;

/** Puts every row that gave up back in the queue (an admin's decision once the national system is back). */
export async function requeueFailed(session: Session): Promise<number> {
  return (await session.query(RETRY_FAILED)).length;
}
