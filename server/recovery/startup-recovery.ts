// On start, the server finishes what a crash left (issue #15 point 5):
// refreshes the dirty (unit, day) pairs a stopped process never refreshed,
// marks batches whose importing process stopped as failed (abandoned, with the
// reason), and puts stale report jobs and push claims back in their queues.
// It runs beside the first requests (the map is served meanwhile, a little
// stale), and keeps sweeping abandoned batches while the server runs, since
// on a shared database another process may stop at any time.
import type { Aggregator } from '../aggregate/aggregator.ts';
import type { Database } from '../db/database.ts';
import { requeueStaleJobs } from '../reports/reports.repo.ts';
import { REPORT_LEASE_SECONDS } from '../reports/report-queue.ts';
import { countDirtyPairs, markAbandonedBatches, releaseStalePushClaims } from './recovery.repo.ts';

/** A running batch with no committed chunk for this long belongs to a stopped process (server backend). */
export const BATCH_LEASE_SECONDS = 600;

export interface RecoverySummary {
  /** Dirty pairs found at start (all refreshed before `done` resolves). */
  dirtyPairs: number;
  abandonedBatches: number[];
  reportsRequeued: number;
  pushClaimsReleased: number;
}

export interface StartupRecoveryOptions {
  aggregator: Aggregator;
  /** Seconds after which a push claim is stale (server/national/push.service.ts staleClaimSecondsOf). */
  pushStaleSeconds: number;
  /** Default BATCH_LEASE_SECONDS on the server; the embedded database has one process, so every running batch there is abandoned. */
  batchLeaseSeconds?: number;
  reportLeaseSeconds?: number;
  onError: (error: unknown) => void;
  onRecovered?: (summary: RecoverySummary) => void;
}

export interface StartupRecovery {
  /** Starts the recovery (once) and the periodic sweep. */
  start(): void;
  /** Resolves with what was recovered, once the dirty pairs are refreshed; null if recovery failed (logged). */
  done(): Promise<RecoverySummary | null>;
  close(): Promise<void>;
}

export function createStartupRecovery(database: Database, options: StartupRecoveryOptions): StartupRecovery {
  const batchLease = database.backend === 'embedded' ? 0 : (options.batchLeaseSeconds ?? BATCH_LEASE_SECONDS);
  let running: Promise<RecoverySummary | null> | null = null;
  let sweep: NodeJS.Timeout | null = null;
  let closed = false;

  const recover = async (): Promise<RecoverySummary> => {
    const found = await database.withSession(async (s) => ({
      dirtyPairs: await countDirtyPairs(s),
      abandonedBatches: await markAbandonedBatches(s, batchLease),
      reportsRequeued: await requeueStaleJobs(s, options.reportLeaseSeconds ?? REPORT_LEASE_SECONDS),
      pushClaimsReleased: await releaseStalePushClaims(s, options.pushStaleSeconds),
    }));
    if (found.dirtyPairs > 0 && !closed) {
      options.aggregator.scheduleRefresh();
      await options.aggregator.idle();
    }
    return found;
  };

  return {
    start() {
      if (running) return;
      running = recover().then(
        (summary) => {
          options.onRecovered?.(summary);
          return summary;
        },
        (error: unknown) => {
          options.onError(error);
          return null;
        },
      );
      if (database.backend !== 'embedded') {
        sweep = setInterval(() => {
          database.withSession((s) => markAbandonedBatches(s, batchLease)).catch(options.onError);
        }, (batchLease * 1000) / 2);
        sweep.unref();
      }
    },
    done: () => running ?? Promise.resolve(null),
    async close() {
      closed = true;
      if (sweep) clearInterval(sweep);
      await running;
    },
  };
}
