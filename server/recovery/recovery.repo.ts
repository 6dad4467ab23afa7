// SQL of start-up recovery: what a stopped process left behind in the
// database, found by its leases (server/recovery/README.md).
import type { Session } from '../db/database.ts';

const COUNT_DIRTY = `SELECT count(*)::int AS n FROM dirty_unit_day`;

// A running batch whose process stopped: no chunk committed within the lease (NULL heartbeat: from before 0012).
// SKIP LOCKED: a batch row locked by a chunk committing right now is alive.
const MARK_ABANDONED_BATCHES = `
UPDATE ingest_batch SET status = 'failed', finished_at = now(),
  error = 'abandoned: the process importing it stopped after ' || chunks_committed || ' committed chunk(s) (last sign of life '
    || COALESCE(to_char(heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC', 'unknown')
    || '); what committed is kept, and sending the same file again resumes after it'
WHERE id IN (
  SELECT id FROM ingest_batch
  WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1::double precision))
  FOR UPDATE SKIP LOCKED)
RETURNING id`;

// Outbox rows a stopped pusher claimed ('sending') go back to the queue, due now (the claim would take them over too; this makes the status true).
const RELEASE_STALE_PUSH_CLAIMS = `
UPDATE national_outbox SET status = 'pending', claim_token = NULL, next_attempt_at = now()
WHERE status = 'sending' AND claimed_at <= now() - make_interval(secs => $1::double precision)
RETURNING id`;

export async function countDirtyPairs(session: Session): Promise<number> {
  return (await session.query<{ n: number }>(COUNT_DIRTY))[0]?.n ?? 0;
}

/** Marks running batches older than the lease failed (abandoned, with the reason); returns their ids. */
export async function markAbandonedBatches(session: Session, leaseSeconds: number): Promise<number[]> {
  return (await session.query<{ id: number }>(MARK_ABANDONED_BATCHES, [leaseSeconds])).map((r) => Number(r.id));
}

/** Puts stale push claims back in the queue; returns how many. */
export async function releaseStalePushClaims(session: Session, staleSeconds: number): Promise<number> {
  return (await session.query<{ id: number }>(RELEASE_STALE_PUSH_CLAIMS, [staleSeconds])).length;
}
