// `riskmap simulate --days N --until D`: regenerate the seeded people,
// simulate the epidemic and the campaign, render every site's submissions,
// write them (--out) and/or ingest them through ingest's own services, keep
// the ground truth beside them, then refresh the rollups.
import fs from 'node:fs/promises';
import path from 'node:path';
import { addDays, isIsoDate } from '../../geo/simulate/calendar.ts';
import { simulateCity } from '../../geo/simulate/index.ts';
import { mergeParameters, SimulationParameterError, type SimulationParameters } from '../../geo/simulate/parameters.ts';
import { computePlan2716Shares, type Plan2716Shares } from '../../geo/simulate/plan-2716.ts';
import { DIRT_KINDS } from '../../geo/simulate/sources.ts';
import { summariseTruth } from '../../geo/simulate/truth-summary.ts';
import { addUnregisteredResidents } from '../../geo/simulate/unregistered.ts';
import { refreshDirtyUnits } from '../aggregate/aggregate.service.ts';
import type { Database } from '../db/database.ts';
import { groundTruthLine, renderSubmission, writeSubmission } from './files.ts';
import { ingestSubmission, type AdapterResult } from './ingest-adapter.ts';
import { loadSeededPopulation } from './population.repo.ts';
import { createSiteKeys, writeSiteKeys } from './site-keys.service.ts';
import type { ChunkCommittedCallback } from '../ingest/ingest.types.ts';
import { span } from '../ingest/ingest-spans.ts';

/** The truth the map is measured against (geo/simulate/truth-summary.ts), beside the ground truth. */
export const TRUTH_SUMMARY_FILE = 'truth-summary.json';

/** What every history run needs: the days, the epidemic's seed and the city's people. */
export interface RunOptions {
  days: number;
  until: string;
  seed: string;
  /** Seeds to try when regenerating the people (the one riskmap seed used). */
  citySeeds: readonly string[];
  referenceDate: string;
  idHashKey: string;
}

export interface HistoryOptions extends RunOptions {
  /** Write the dirty files (and ground truth) here; null for none. */
  outDir: string | null;
  /** Send everything through ingest's bulk path. */
  ingest: boolean;
  /** Where the ground truth is kept for --report (under the data folder). */
  truthDir: string;
  onProgress?: (done: number, total: number) => void;
  /**
   * Called after every committed chunk (the running app's aggregator.onChunkCommitted): the rollups and
   * tiers then fill in while the history is ingested. Without it they are refreshed once, at the end.
   */
  onChunkCommitted?: ChunkCommittedCallback;
  /** Give every site a data_source user and a new API key, written to this file (for --live); null for none. */
  siteKeysFile?: string | null;
}

export interface HistorySummary {
  citySeed: string;
  startDate: string;
  endDate: string;
  people: number;
  /** Of them, residents outside the register (parameters residents.unregisteredShare). */
  unregistered: number;
  residentialGroups: number;
  tests: number;
  positiveTests: number;
  doses: number;
  cases: number;
  sources: number;
  submissions: Record<string, number>;
  records: number;
  dirt: Record<string, number>;
  /** Plan 2716 shares of the true cases on the last day, counting case households over 14 days (rule-set default) and over 7. */
  plan2716: { window14: Plan2716Shares; window7: Plan2716Shares };
  ingested: Record<string, AdapterResult> | null;
  seconds: number;
}

/** Parameters for a run of `days` days ending on `until`; refuses a bad range naming the option. */
export function parametersFor(days: number, until: string): SimulationParameters {
  if (!Number.isInteger(days) || days < 1) throw new SimulationParameterError('--days', `must be a whole number ≥ 1, got ${days}`);
  if (!isIsoDate(until)) throw new SimulationParameterError('--until', `must be a date as YYYY-MM-DD, got "${until}"`);
  return mergeParameters({ startDate: addDays(until, -(days - 1)), endDate: until });
}

const add = (into: AdapterResult, from: AdapterResult) => {
  for (const k of Object.keys(into) as (keyof AdapterResult)[]) into[k] += from[k];
};

export async function runHistory(database: Database, options: HistoryOptions): Promise<HistorySummary> {
  const started = performance.now();
  const params = parametersFor(options.days, options.until);
  const loaded = await span('history: load people', () => loadSeededPopulation(database, { seeds: options.citySeeds, referenceDate: options.referenceDate, idHashKey: options.idHashKey, startDate: params.startDate }));
  // The register holds the seeded people; residents outside it live among them, in the truth only.
  const population = addUnregisteredResidents(loaded.population, params.residents.unregisteredShare, options.seed, options.referenceDate, params.startDate);
  const unregistered = population.people.length - loaded.population.people.length;
  const city = await span('history: simulate', async () => simulateCity(population, params, options.seed));
  const tests = city.history.events.filter((e) => e.kind === 'test');
  const summary: HistorySummary = {
    citySeed: loaded.citySeed, startDate: params.startDate, endDate: params.endDate, people: population.people.length, unregistered, residentialGroups: population.groups.length,
    tests: tests.length, positiveTests: tests.filter((e) => e.result === 'positive').length, doses: city.history.events.length - tests.length,
    cases: city.history.cases.length, sources: city.sources.length, submissions: {}, records: 0, dirt: Object.fromEntries(DIRT_KINDS.map((k) => [k, 0])),
    plan2716: {
      window14: computePlan2716Shares(population, city.history.cases, city.history.days - 1, 14),
      window7: computePlan2716Shares(population, city.history.cases, city.history.days - 1, 7),
    },
    ingested: options.ingest ? {} : null, seconds: 0,
  };
  // Sites first, so their sources carry their real names and kinds, and --live can send as each of them.
  if (options.ingest && options.siteKeysFile) await writeSiteKeys(options.siteKeysFile, await createSiteKeys(database, city.sources));
  const truthLines: string[] = [];
  for (const [i, submission] of city.submissions.entries()) {
    const source = city.sources[submission.source]!;
    const rendered = await span('history: render', () => renderSubmission(source, submission));
    summary.submissions[source.format] = (summary.submissions[source.format] ?? 0) + 1;
    if (submission.repeatOf === null) {
      for (const record of submission.records) {
        summary.records += 1;
        for (const d of record.dirt) summary.dirt[d] = (summary.dirt[d] ?? 0) + 1;
        truthLines.push(groundTruthLine(record, submission.id));
      }
    }
    if (options.outDir) await writeSubmission(options.outDir, rendered);
    if (options.ingest && summary.ingested) {
      const result = await span(`history: ingest ${source.format}`, () => ingestSubmission(database, rendered, options.idHashKey, options.onChunkCommitted));
      const into = (summary.ingested[source.format] ??= { rows: 0, inserted: 0, updated: 0, unchanged: 0, held: 0, rejected: 0 });
      add(into, result);
    }
    options.onProgress?.(i + 1, city.submissions.length);
  }
  const seededMaxPersonId = population.people.reduce((max, p) => Math.max(max, p.personId ?? 0), 0);
  const run = JSON.stringify({
    seed: options.seed, citySeed: loaded.citySeed, referenceDate: options.referenceDate, days: options.days, until: options.until,
    ingested: options.ingest, seededMaxPersonId,
  }, null, 2);
  // The live feed needs the people but may not open the database the server holds (embedded): keep them beside the truth.
  await fs.mkdir(options.truthDir, { recursive: true });
  await fs.writeFile(path.join(options.truthDir, 'population.json'), JSON.stringify(population));
  await fs.writeFile(path.join(options.truthDir, TRUTH_SUMMARY_FILE), JSON.stringify(summariseTruth(population, city.history.events, params.startDate, params.endDate)));
  for (const dir of [options.truthDir, options.outDir].filter((d): d is string => d !== null)) {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'ground-truth.ndjson'), `${truthLines.join('\n')}\n`);
    await fs.writeFile(path.join(dir, 'run.json'), `${run}\n`);
  }
  if (options.ingest && !options.onChunkCommitted) await refreshDirtyUnits(database);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
