// `riskmap simulate --live --rate R --url U`: keeps sending new records
// through the real HTTP channels (JSON API, multipart CSV/XLSX uploads,
// FHIR Bundles) at about R records a second, until Ctrl-C or --duration.
// Each one-second tick sends through a few sources (four by default, three
// of tests to one of doses) so requests carry tens to hundreds of records;
// the sources change every tick so every format is used. --concurrency
// senders take the requests from a queue, so a slow request does not hold up
// the next tick's; bounded: while more than a tick's requests wait, no new
// tick is made, so a slow server lowers the rate instead of growing a queue.
// Each site sends with its own data_source API key (siteKeys), as real
// sites do; an admin key (apiKey) is the fallback.
import { generateLiveSubmissions } from '../../geo/simulate/live.ts';
import { addDays, daysBetween } from '../../geo/simulate/calendar.ts';
import { DEFAULT_PARAMETERS, type SimulationParameters } from '../../geo/simulate/parameters.ts';
import type { SimPopulation } from '../../geo/simulate/population.ts';
import { createSources, type SyntheticSource } from '../../geo/simulate/sources.ts';
import { createRandom } from '../../geo/random.ts';
import { renderSubmission, type RenderedSubmission } from './files.ts';
import { checkLocalUrl, sendSubmission } from './ingest-adapter.ts';

export interface LiveOptions {
  url: string;
  /** An admin's API key (sends as any source), or null when the server asks for none; used for sites without a key in siteKeys. */
  apiKey: string | null;
  /** Each site's own data_source API key by source code (the default: the same authorisation as a real site). */
  siteKeys?: Readonly<Record<string, string>> | null;
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
  /** Requests answered 5xx the first time (then sent once more). */
  retriedRequests: number;
  byFormat: Record<string, number>;
  /** Responses by HTTP status ('error' for a request that got none). */
  statuses: Record<string, number>;
  /** Accepted records per second over the whole run. */
  ratePerSecond: number;
  /** Most the sender fell behind its one-tick-a-second schedule, in seconds (the server not keeping up; ~0 when it does). */
  maxLagSeconds: number;
  /** Request latency (send to full response, retries included) over the whole run, in ms. */
  latencyMs: { p50: number; p95: number; max: number };
}

/** The q-quantile (0–1) of a list of numbers (nearest rank); 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The sources of one tick: `lanes` of them, three of tests to one of doses, drawn per tick. */
function pickTickSources(sources: readonly SyntheticSource[], tick: number, lanes: number): number[] {
  const tests = sources.map((s, i) => (s.records === 'tests' ? i : -1)).filter((i) => i >= 0);
  const doses = sources.map((s, i) => (s.records === 'vaccinations' ? i : -1)).filter((i) => i >= 0);
  const rng = createRandom(`live-sources/${tick}`);
  return Array.from({ length: Math.max(2, lanes) }, (_, k) => (k % 4 === 3 ? rng.pick(doses) : rng.pick(tests)));
}

export async function runLive(population: SimPopulation, options: LiveOptions): Promise<LiveProgress> {
  const base = checkLocalUrl(options.url);
  if (!Number.isFinite(options.rate) || options.rate < 1 || options.rate > 100_000) throw new Error(`--rate must be between 1 and 100,000 records a second, got ${options.rate}`);
  const params: SimulationParameters = { ...DEFAULT_PARAMETERS, startDate: addDays(options.date, -89), endDate: options.date };
  const sources = createSources(population, createRandom(`sources/${options.seed}`));
  const day = daysBetween(params.startDate, options.date);
  const progress: LiveProgress = {
    seconds: 0, recordsSent: 0, recordsAccepted: 0, requests: 0, failedRequests: 0, retriedRequests: 0, byFormat: {}, statuses: {}, ratePerSecond: 0, maxLagSeconds: 0, latencyMs: { p50: 0, p95: 0, max: 0 },
  };
  const latencies: number[] = [];
  const keyOf = (code: string): string | null => options.siteKeys?.[code] ?? options.apiKey;
  const summarise = () => {
    progress.seconds = (performance.now() - started) / 1000;
    progress.ratePerSecond = progress.recordsAccepted / Math.max(progress.seconds, 1e-9);
    progress.latencyMs = { p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: quantile(latencies, 1) };
  };
  const started = performance.now();
  const lanes = Math.max(1, options.concurrency ?? 1);
  const send = async (r: RenderedSubmission) => {
    const n = r.submission.records.length;
    progress.requests += 1;
    progress.recordsSent += n;
    const sentAt = performance.now();
    try {
      // A 5xx (a restart) is retried once: record ids make a resend harmless.
      const key = keyOf(r.source.code);
      let status = await sendSubmission(base, r, key);
      if (status >= 500) {
        progress.retriedRequests += 1;
        status = await sendSubmission(base, r, key);
      }
      latencies.push(performance.now() - sentAt);
      progress.statuses[status] = (progress.statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) {
        progress.recordsAccepted += n;
        progress.byFormat[r.source.format] = (progress.byFormat[r.source.format] ?? 0) + n;
      } else progress.failedRequests += 1;
    } catch {
      progress.statuses.error = (progress.statuses.error ?? 0) + 1;
      progress.failedRequests += 1;
    }
  };
  // Ticks are made on a one-second schedule and queued; `lanes` senders take from the queue, so one slow
  // request does not hold up the next tick's. Bounded: while more than one tick's requests wait, no new
  // tick is made, so a slow server lowers the rate instead of growing a queue.
  const queue: RenderedSubmission[] = [];
  let producing = true;
  const waiters: Array<() => void> = [];
  const nudge = () => { for (const wake of waiters.splice(0)) wake(); };
  const waitForChange = () => new Promise<void>((resolve) => { waiters.push(resolve); });
  const senders = Array.from({ length: lanes }, async () => {
    for (;;) {
      const next = queue.shift();
      if (next) {
        nudge();
        await send(next);
        nudge();
      } else if (producing) await waitForChange();
      else return;
    }
  });
  const perTick = Math.max(4, lanes);
  let recordsPerEvent = 1;
  let generatedEvents = 0;
  let generatedRecords = 0;
  try {
    for (let tick = 0; !options.signal?.aborted; tick++) {
      const due = started + tick * 1000;
      const now = performance.now();
      if (due > now) await new Promise((resolve) => setTimeout(resolve, due - now));
      while (queue.length >= perTick && !options.signal?.aborted) await waitForChange();
      progress.maxLagSeconds = Math.max(progress.maxLagSeconds, (performance.now() - due) / 1000);
      if (options.signal?.aborted || (options.durationSeconds !== null && (performance.now() - started) / 1000 >= options.durationSeconds)) break;
      // An event can become more than one record (a site's duplicate rows, a corrected resend): ask for fewer
      // events by the ratio seen so far, so a tick carries about `rate` records.
      const events = Math.max(1, Math.round(options.rate / recordsPerEvent));
      const submissions = generateLiveSubmissions(population, sources, params, {
        day, count: events, tick, seed: options.seed, sourceIndexes: pickTickSources(sources, tick, perTick),
      });
      generatedEvents += events;
      generatedRecords += submissions.reduce((n, sub) => n + sub.records.length, 0);
      recordsPerEvent = generatedRecords / generatedEvents;
      for (const s of submissions) queue.push(await renderSubmission(sources[s.source]!, s));
      nudge();
      summarise();
      options.onTick?.(progress);
    }
  } finally {
    producing = false;
    if (options.signal?.aborted) queue.length = 0;
    nudge();
    await Promise.all(senders);
  }
  summarise();
  return progress;
}
