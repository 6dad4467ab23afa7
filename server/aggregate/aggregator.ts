// Keeps rollups current while the app runs: ingest calls onChunkCommitted
// after each committed chunk; refreshes are debounced so a burst of chunks
// becomes one refresh, and under a steady feed they start at most every
// minIntervalMs after the previous one finished (each refresh costs about the
// same whether it covers one request or fifty: the live feed's requests touch
// the same blocks and day). Work runs one task at a time in this process (the
// database lock serialises it across processes).
import type { Database } from '../db/database.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { span } from '../ingest/ingest-spans.ts';
import { isDatabaseUnavailable } from '../errors.ts';
import { rebuildTiersOnly, refreshDirtyUnits, type RefreshSummary } from './aggregate.service.ts';

/** Wait before refreshing again after a refresh failed because the database was away. */
export const RETRY_AFTER_UNAVAILABLE_MS = 2_000;

export interface AggregatorOptions {
  live: LiveBus | null;
  /** Wait after a commit before refreshing, to batch chunks (default 25 ms). */
  debounceMs?: number;
  /**
   * Least time from the end of one refresh to the start of the next: the larger of this (default 1,000 ms)
   * and twice the last refresh's duration, so refreshes take at most about a third of the time under a
   * steady feed (a refresh costs about the same for one request as for fifty).
   */
  minIntervalMs?: number;
  onError?: (error: unknown) => void;
  onRefreshed?: (summary: RefreshSummary) => void;
}

export class Aggregator {
  private timer: NodeJS.Timeout | null = null;
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private refreshQueued = false;
  private closed = false;
  private lastFinished = -Infinity;
  private lastDuration = 0;
  private timerDone: Promise<void> = Promise.resolve();
  private timerFired: () => void = () => {};

  constructor(private readonly database: Database, private readonly options: AggregatorOptions) {}

  /** The ingest hook: the touched pairs are already in dirty_unit_day; this only schedules a refresh. */
  onChunkCommitted(_touched: ReadonlyArray<{ unitId: number; day: string }>): void {
    this.scheduleRefresh();
  }

  /** Schedules a refresh of dirty units (debounced; one queued refresh covers every commit before it starts). */
  scheduleRefresh(): void {
    if (this.closed || this.timer || this.refreshQueued) return;
    this.pending++;
    const debounce = this.options.debounceMs ?? 25;
    const gap = Math.max(this.options.minIntervalMs ?? 1000, 2 * this.lastDuration);
    const wait = Math.max(debounce, this.lastFinished + gap - performance.now());
    this.timerDone = new Promise((resolve) => { this.timerFired = resolve; });
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refreshQueued = true;
      this.enqueue(async () => {
        this.refreshQueued = false;
        const startedAt = performance.now();
        try {
          const summary = await span('aggregator refresh', () => refreshDirtyUnits(this.database, { live: this.options.live }));
          this.options.onRefreshed?.(summary);
        } catch (error) {
          // The database went away: the dirty pairs are still there; try again once it may be back (harden-faults, #15 pt 4).
          if (isDatabaseUnavailable(error)) this.retryLater();
          throw error;
        } finally {
          this.lastFinished = performance.now();
          this.lastDuration = this.lastFinished - startedAt;
        }
      });
      this.pending--;
      this.timerFired();
    }, wait);
  }

  private retryTimer: NodeJS.Timeout | null = null;

  /** Schedules another refresh after RETRY_AFTER_UNAVAILABLE_MS (one at a time). */
  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.scheduleRefresh();
    }, RETRY_AFTER_UNAVAILABLE_MS);
    this.retryTimer.unref();
  }

  /** Regrades every unit after a rule-set change, after the work already queued. */
  rebuildTiersLater(ruleSetId: string): void {
    this.enqueue(async () => {
      await rebuildTiersOnly(this.database, { live: this.options.live }, ruleSetId);
    });
  }

  private enqueue(task: () => Promise<void>): void {
    if (this.closed) return;
    this.pending++;
    this.tail = this.tail.then(task).catch((error) => this.options.onError?.(error)).finally(() => {
      this.pending--;
    });
  }

  /** Resolves when nothing is scheduled, queued or running. */
  async idle(): Promise<void> {
    while (this.pending > 0) {
      await this.tail;
      if (this.timer) await this.timerDone;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.pending--;
    }
    this.timerFired();
    await this.tail;
  }
}
