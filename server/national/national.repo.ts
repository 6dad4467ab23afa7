// What the push did: runs, counts by status, rejections with the national
// system's OperationOutcome. No names or ID numbers leave through here.
import type { Session } from '../db/database.ts';

const START_RUN = `INSERT INTO national_push_run (endpoint, trigger) VALUES ($1, $2) RETURNING id`;
const FINISH_RUN = `
UPDATE national_push_run SET finished_at = now(), bundles = $2, accepted = $3, rejected = $4, retrying = $5, failed = $6, error = $7
WHERE id = $1`;

export type PushTrigger = 'cli' | 'api' | 'timer';

export async function startRun(session: Session, endpoint: string, trigger: PushTrigger): Promise<number> {
  const [row] = await session.query<{ id: number }>(START_RUN, [endpoint, trigger]);
  if (!row) throw new Error('national_push_run insert returned nothing');
  return row.id;
}

export interface RunCounts {
  bundles: number;
  accepted: number;
  rejected: number;
  retrying: number;
  failed: number;
}

export async function finishRun(session: Session, runId: number, counts: RunCounts, error: string | null): Promise<void> {
  await session.query(FINISH_RUN, [runId, counts.bundles, counts.accepted, counts.rejected, counts.retrying, counts.failed, error]);
}

// 'held' = pending while the record waits for a review decision (no person yet).
const COUNT_BY_STATUS = `
SELECT CASE WHEN o.status = 'pending' AND NOT (CASE o.event_kind
         WHEN 'vaccination' THEN EXISTS (SELECT 1 FROM vaccination e WHERE e.source_id = o.source_id AND e.source_record_id = o.source_record_id AND e.person_id IS NOT NULL)
         ELSE EXISTS (SELECT 1 FROM test_result e WHERE e.source_id = o.source_id AND e.source_record_id = o.source_record_id AND e.person_id IS NOT NULL) END)
       THEN 'held' ELSE o.status END AS status,
       count(*)::int AS n, min(o.created_at) AS oldest
FROM national_outbox o GROUP BY 1`;

const LAST_RUN = `
SELECT id, endpoint, trigger, started_at, finished_at, bundles, accepted, rejected, retrying, failed, error
FROM national_push_run ORDER BY id DESC LIMIT 1`;

export interface RunRow {
  id: number;
  endpoint: string;
  trigger: PushTrigger;
  started_at: Date | string;
  finished_at: Date | string | null;
  bundles: number;
  accepted: number;
  rejected: number;
  retrying: number;
  failed: number;
  error: string | null;
}

export async function countByStatus(session: Session): Promise<Array<{ status: string; n: number; oldest: Date | string | null }>> {
  return session.query(COUNT_BY_STATUS);
}

export async function findLastRun(session: Session): Promise<RunRow | null> {
  const [row] = await session.query<RunRow>(LAST_RUN);
  return row ?? null;
}

const LIST_REJECTED = `
SELECT o.district_id, o.id, o.event_kind, src.code AS source_code, o.source_record_id, o.record_version, o.person_id,
       o.last_status, o.outcome, o.attempts, o.finished_at
FROM national_outbox o LEFT JOIN source src ON src.id = o.source_id
WHERE o.status = 'rejected'
ORDER BY o.finished_at DESC NULLS LAST, o.id DESC LIMIT $1 OFFSET $2`;
const COUNT_REJECTED = `SELECT count(*)::int AS n FROM national_outbox WHERE status = 'rejected'`;

export interface RejectedRow {
  district_id: number;
  id: number;
  event_kind: 'test_result' | 'vaccination';
  source_code: string | null;
  source_record_id: string;
  record_version: number;
  person_id: number | null;
  last_status: number | null;
  outcome: unknown;
  attempts: number;
  finished_at: Date | string | null;
}

export async function listRejected(session: Session, limit: number, offset: number): Promise<{ total: number; rows: RejectedRow[] }> {
  const rows = await session.query<RejectedRow>(LIST_REJECTED, [limit, offset]);
  const [count] = await session.query<{ n: number }>(COUNT_REJECTED);
  return { total: count?.n ?? 0, rows };
}
