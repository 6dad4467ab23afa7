// `riskmap simulate --live --rate R --url U`: keeps sending new records
// through the real HTTP channels (JSON API, multipart CSV/XLSX uploads,
// FHIR Bundles) at about R records a second, until Ctrl-C or --duration.
// Each one-second tick sends through a few sources (four by default, three
// of tests to one of doses) so requests carry tens to hundreds of records;
// the sources change every tick so every format is used. Bounded: a tick's requests finish before the next tick starts, so a
// slow server lowers the rate instead of growing a queue.
import { generateLiveSubmissions } from '../../geo/simulate/live.ts';
import { addDays, daysBetween } from '../../geo/simulate/calendar.ts';
import { DEFAULT_PARAMETERS, type SimulationParameters } from '../../geo/simulate/parameters.ts';
import type { SimPopulation } from '../../geo/simulate/population.ts';
import { createSources, type SyntheticSource } from '../../geo/simulate/sources.ts';
import { createRandom } from '../../geo/random.ts';
import { renderSubmission } from './files.ts';
import { checkLocalUrl, sendSubmission } from './ingest-adapter.ts';

export interface LiveOptions {
  url: string;
  /** An admin's API key (sends as any source), or null when the server asks for none. */
  apiKey: string | null;
  /** Records per second wanted (1–100,000). */
  rate: number;
  /** Stop after this many seconds; null runs until `signal` aborts. */
  durationSeconds: number | null;
  seed: string;
  /** Date the records carry (ISO); the history's end date is a good choice. */
  date: string;
  /** Requests in flight at once (default 1; also the number of sources per tick, at least 4). */
  concurrency?: number;
  signal?: AbortSignal;
  onTick?: (progress: LiveProgress) => void;
}

export interface LiveProgress {
  seconds: number;
  recordsSent: number;
  recordsAccepted: number;
  requests: number;
  failedRequests: number;
  byFormat: Record<string, number>;
  /** Responses by HTTP status ('error' for a request that got none). */
  statuses: Record<string, number>;
  /** Accepted records per second over the whole run. */
  ratePerSecond: number;
}

/** The sources of one tick: `lanes` of them, three of tests to one of doses, drawn per tick. */
function pickTickSources(sources: readonly SyntheticSource[], tick: number, lanes: number): number[] {
  const tests = sources.map((s, i) => (s.records === 'tests' ? i : -1)).filter((i) => i >= 0);
  const doses = sources.map((s, i) => (s.records === 'vaccinations' ? i : -1)).filter((i) => i >= 0);
  const rng = createRandom(`live-sources/${tick}`);
  return Array.from({ length: Math.max(2, lanes) }, (_, k) => (k % 4 === 3 ? rng.pick(doses) : rng.pick(tests)));
}

async function runPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}

export async function runLive(population: SimPopulation, options: LiveOptions): Promise<LiveProgress> {
  const base = checkLocalUrl(options.url);
  if (!Number.isFinite(options.rate) || options.rate < 1 || options.rate > 100_000) throw new Error(`--rate must be between 1 and 100,000 records a second, got ${options.rate}`);
  const params: SimulationParameters = { ...DEFAULT_PARAMETERS, startDate: addDays(options.date, -89), endDate: options.date };
  const sources = createSources(population, createRandom(`sources/${options.seed}`));
  const day = daysBetween(params.startDate, options.date);
  const progress: LiveProgress = { seconds: 0, recordsSent: 0, recordsAccepted: 0, requests: 0, failedRequests: 0, byFormat: {}, statuses: {}, ratePerSecond: 0 };
  const started = performance.now();
  for (let tick = 0; !options.signal?.aborted; tick++) {
    const tickStart = performance.now();
    if (options.durationSeconds !== null && (tickStart - started) / 1000 >= options.durationSeconds) break;
    const submissions = generateLiveSubmissions(population, sources, params, {
      day, count: Math.round(options.rate), tick, seed: options.seed, sourceIndexes: pickTickSources(sources, tick, Math.max(4, options.concurrency ?? 1)),
    });
    const rendered = await Promise.all(submissions.map((s) => renderSubmission(sources[s.source]!, s)));
    await runPool(rendered, options.concurrency ?? 1, async (r) => {
      const n = r.submission.records.length;
      progress.requests += 1;
      progress.recordsSent += n;
      try {
        // A 5xx (a deadlock, a restart) is retried once: record ids make a resend harmless.
        let status = await sendSubmission(base, r, options.apiKey);
        if (status >= 500) status = await sendSubmission(base, r, options.apiKey);
        progress.statuses[status] = (progress.statuses[status] ?? 0) + 1;
        if (status >= 200 && status < 300) {
          progress.recordsAccepted += n;
          progress.byFormat[r.source.format] = (progress.byFormat[r.source.format] ?? 0) + n;
        } else progress.failedRequests += 1;
      } catch {
        progress.statuses.error = (progress.statuses.error ?? 0) + 1;
        progress.failedRequests += 1;
      }
    });
    progress.seconds = (performance.now() - started) / 1000;
    progress.ratePerSecond = progress.recordsAccepted / Math.max(progress.seconds, 1e-9);
    options.onTick?.(progress);
    const wait = 1000 - (performance.now() - tickStart);
    if (wait > 0 && !options.signal?.aborted) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  progress.seconds = (performance.now() - started) / 1000;
  progress.ratePerSecond = progress.recordsAccepted / Math.max(progress.seconds, 1e-9);
  return progress;
}
