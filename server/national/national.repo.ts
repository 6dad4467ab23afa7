// What the push did: runs, counts by status, rejections with the national
// system's OperationOutcome. No names or ID numbers leave through here.
import { sql } from 'kysely';
import type { Session } from '../db/database.ts';

export type PushTrigger = 'cli' | 'api' | 'timer';

export async function startRun(session: Session, endpoint: string, trigger: PushTrigger): Promise<number> {
  const row = await session.db.insertInto('national_push_run').values({ endpoint, trigger }).returning('id').executeTakeFirst();
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
  await session.db.updateTable('national_push_run')
    .set((eb) => ({
      finished_at: eb.fn<Date>('now'), bundles: counts.bundles, accepted: counts.accepted, rejected: counts.rejected, retrying: counts.retrying, failed: counts.failed, error,
    }))
    .where('id', '=', runId)
    .execute();
}

// 'held' = pending while the record waits for a review decision (no person yet).
const countByStatusQuery = (session: Session) => sql<{ status: string; n: number; oldest: Date | string | null }>`
SELECT CASE WHEN o.status = 'pending' AND NOT (CASE o.event_kind
         WHEN 'vaccination' THEN EXISTS (SELECT 1 FROM vaccination e WHERE e.source_id = o.source_id AND e.source_record_id = o.source_record_id AND e.person_id IS NOT NULL)
         ELSE EXISTS (SELECT 1 FROM test_result e WHERE e.source_id = o.source_id AND e.source_record_id = o.source_record_id AND e.person_id IS NOT NULL) END)
       THEN 'held' ELSE o.status END AS status,
       count(*)::int AS n, min(o.created_at) AS oldest
FROM national_outbox o GROUP BY 1`.execute(session.db);

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
  return (await countByStatusQuery(session)).rows;
}

export async function findLastRun(session: Session): Promise<RunRow | null> {
  const row = await session.db.selectFrom('national_push_run')
    .select(['id', 'endpoint', 'trigger', 'started_at', 'finished_at', 'bundles', 'accepted', 'rejected', 'retrying', 'failed', 'error'])
    .orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ?? null;
}

const LIST_REJECTED = `
SELECT o.district_id, o.id, o.event_kind, src.code AS source_code, o.source_record_id, o.record_version, o.person_id,
       o.last_status, o.outcome, o.attempts, o.finished_at
FROM national_outbox o LEFT JOIN source src ON src.id = o.source_id
WHERE o.status = 'rejected'
ORDER BY o.finished_at DESC NULLS LAST, o.id DESC LIMIT $1 OFFSET $2`;

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
  const count = await session.db.selectFrom('national_outbox').select(sql<number>`count(*)::int`.as('n')).where('status', '=', 'rejected').executeTakeFirst();
  return { total: count?.n ?? 0, rows };
}
