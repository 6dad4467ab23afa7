// `riskmap simulate`: history (--days/--until), live feed (--live) or the
// ground-truth report (--report). Prints a summary, or JSON with --json.
import fs from 'node:fs/promises';
import path from 'node:path';
import { SimulationParameterError } from '../../geo/simulate/parameters.ts';
import type { SimPopulation } from '../../geo/simulate/population.ts';
import type { Config } from '../config.ts';
import { DEMO_CITY } from '../demo.ts';
import { migrate } from '../db/migrate.ts';
import { DEFAULT_REFERENCE_DATE } from '../geography/seed.service.ts';
import { SEED_DEFAULTS } from '../geography/seed.command.ts';
import { openConfiguredDatabase, resolveIdHashKey } from '../runtime.ts';
import { runHistory, parametersFor, type HistorySummary } from './history.service.ts';
import { checkLocalUrl } from './ingest-adapter.ts';
import { runLive } from './live.service.ts';
import { loadSeededPopulation } from './population.repo.ts';
import { ensureSiteKeys, readSiteKeys, SITE_KEYS_FILE, type SiteKeys } from './site-keys.service.ts';
import { createSources } from '../../geo/simulate/sources.ts';
import { createRandom } from '../../geo/random.ts';
import { buildReport } from './report.service.ts';
import { compareLevels, type LevelTruth } from './truth-report.service.ts';
import { compareTiers, type TierAgreement } from './truth-tiers.service.ts';
import { TRUTH_SUMMARY_FILE } from './history.service.ts';
import type { TruthSummary } from '../../geo/simulate/truth-summary.ts';

export interface SimulateFlags {
  days: string;
  until: string;
  seed: string;
  citySeed?: string;
  asOf: string;
  out?: string;
  ingest: boolean;
  live?: boolean;
  rate: string;
  url: string;
  duration?: string;
  concurrency: string;
  apiKey?: string;
  siteKeys?: string;
  report?: boolean;
  json?: boolean;
}

export const SIMULATE_DEFAULTS = { days: '90', until: '2021-09-30', seed: 'riskmap-sim', asOf: DEFAULT_REFERENCE_DATE, rate: '200', url: 'http://127.0.0.1:8080', concurrency: '4' };

/** Where a history keeps its ground truth for --report and --live. */
export const truthDirOf = (config: Config): string => path.join(config.dataDir, 'simulate');

function number(name: string, raw: string, min: number): number {
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isFinite(value) || value < min) throw new SimulationParameterError(name, `must be a number ≥ ${min}, got "${raw}"`);
  return value;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function formatHistory(s: HistorySummary): string {
  const p14 = s.plan2716.window14;
  const p7 = s.plan2716.window7;
  return [
    `Simulated ${s.startDate} … ${s.endDate} over ${s.people.toLocaleString('en')} people, ${s.unregistered.toLocaleString('en')} of them outside the register (${s.residentialGroups} residential groups, city seed "${s.citySeed}").`,
    `  ${s.tests.toLocaleString('en')} tests (${s.positiveTests.toLocaleString('en')} positive), ${s.doses.toLocaleString('en')} doses, ${s.cases.toLocaleString('en')} confirmed cases.`,
    `  ${s.records.toLocaleString('en')} records from ${s.sources} sources in ${Object.entries(s.submissions).map(([f, n]) => `${n} ${f}`).join(', ')} submissions.`,
    `  dirt: ${Object.entries(s.dirt).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `  Plan 2716 on ${s.endDate} (new normal / at risk / high / very high): 14-day counts ${pct(p14.newNormal)} / ${pct(p14.atRisk)} / ${pct(p14.high)} / ${pct(p14.veryHigh)}; 7-day ${pct(p7.newNormal)} / ${pct(p7.atRisk)} / ${pct(p7.high)} / ${pct(p7.veryHigh)}`,
    s.ingested ? `  ingested: ${Object.entries(s.ingested).map(([f, r]) => `${f} ${r.rows} rows (${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.held} held, ${r.rejected} rejected)`).join('; ')}` : '  not ingested (--no-ingest)',
    `  ${s.seconds.toFixed(1)} s`,
  ].join('\n') + '\n';
}

async function readRun(config: Config): Promise<{ citySeed: string; referenceDate: string; until: string; seededMaxPersonId: number; seed: string } | null> {
  try {
    return JSON.parse(await fs.readFile(path.join(truthDirOf(config), 'run.json'), 'utf8'));
  } catch {
    return null;
  }
}

async function loadLivePopulation(config: Config, flags: SimulateFlags): Promise<SimPopulation> {
  try {
    return JSON.parse(await fs.readFile(path.join(truthDirOf(config), 'population.json'), 'utf8')) as SimPopulation;
  } catch {
    const database = await openConfiguredDatabase(config);
    try {
      const loaded = await loadSeededPopulation(database, {
        seeds: [flags.citySeed ?? SEED_DEFAULTS.seed, DEMO_CITY.seed], referenceDate: flags.asOf, idHashKey: await resolveIdHashKey(config), startDate: flags.until,
      });
      return loaded.population;
    } finally {
      await database.close();
    }
  }
}

/** Where a run keeps each site's API key (with the ground truth, under the data folder). */
export const siteKeysFileOf = (config: Config): string => path.join(truthDirOf(config), SITE_KEYS_FILE);

/**
 * Each site's own key: from --site-keys or the data folder; made (users, keys, the file) when missing and
 * the database is a server this process may open. The embedded database is held by the running server:
 * its keys are made by `riskmap simulate --days N` (and the demo's first start).
 */
async function liveSiteKeys(config: Config, flags: SimulateFlags, population: SimPopulation): Promise<SiteKeys> {
  const sources = createSources(population, createRandom(`sources/${flags.seed}`));
  const file = flags.siteKeys ? path.resolve(flags.siteKeys) : siteKeysFileOf(config);
  const saved = await readSiteKeys(file, sources);
  if (saved) return saved;
  if (flags.siteKeys || config.backend !== 'postgres') {
    throw new Error(`--site-keys: ${file} has no API key for every site; run \`riskmap simulate --days N\` first (it makes them), or pass --api-key with an admin key`);
  }
  const database = await openConfiguredDatabase(config);
  try {
    return await ensureSiteKeys(database, sources, file);
  } finally {
    await database.close();
  }
}

async function live(config: Config, flags: SimulateFlags): Promise<number> {
  try {
    checkLocalUrl(flags.url);
  } catch (error) {
    process.stderr.write(`riskmap: ${(error as Error).message}\n`);
    return 2;
  }
  const population = await loadLivePopulation(config, flags);
  let siteKeys: SiteKeys | null = null;
  if (!flags.apiKey) {
    try {
      siteKeys = await liveSiteKeys(config, flags, population);
    } catch (error) {
      process.stderr.write(`riskmap: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  try {
    const result = await runLive(population, {
      url: flags.url, apiKey: flags.apiKey ?? null, siteKeys, rate: number('--rate', flags.rate, 1), durationSeconds: flags.duration ? number('--duration', flags.duration, 1) : null,
      seed: flags.seed, date: flags.until, signal: controller.signal, concurrency: Math.round(number('--concurrency', flags.concurrency, 1)),
      onTick: (p) => { if (!flags.json && process.stderr.isTTY) process.stderr.write(`\r${p.seconds.toFixed(0)} s · ${p.recordsAccepted} records · ${p.ratePerSecond.toFixed(0)}/s · ${p.failedRequests} failed requests   `); },
    });
    process.stdout.write(flags.json ? `${JSON.stringify(result)}\n` : `\nSent ${result.recordsSent} records in ${result.requests} requests over ${result.seconds.toFixed(1)} s${siteKeys ? ', each site with its own key' : ' with an admin key'}: ${result.recordsAccepted} accepted (${result.ratePerSecond.toFixed(0)} records/s; request p50 ${result.latencyMs.p50.toFixed(0)} ms, p95 ${result.latencyMs.p95.toFixed(0)} ms), ${result.failedRequests} requests failed (${JSON.stringify(result.statuses)}); by format ${JSON.stringify(result.byFormat)}.\n`);
    return result.failedRequests > 0 && result.recordsAccepted === 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', stop);
  }
}

function formatLevel(l: LevelTruth): string {
  const w = l.worstWindow;
  const worst = w ? `worst window ${w.unit} to ${w.endDay}: ${w.published} vs ${w.true} (${Number.isFinite(w.relativeError) ? pct(w.relativeError) : 'none true'})` : 'every window equal';
  const cov = (x: number | null) => (x === null ? '–' : pct(x));
  return `  ${l.level.padEnd(13)} ${String(l.units).padStart(5)} units · community cases, 14 days to the end: published ${l.lastWindow.published} vs true ${l.lastWindow.true}, `
    + `${l.lastWindow.unitsEqual}/${l.units} units equal · all windows: ${l.windowsEqualShare === null ? 'run shorter than 14 days' : `${pct(l.windowsEqualShare)} equal, ${worst}`} · `
    + `adults with a first dose: published ${cov(l.coverage.published)} vs true ${cov(l.coverage.true)} (${l.coverage.publishedDosed.toLocaleString('en')} vs ${l.coverage.trueDosed.toLocaleString('en')} people)`
    + (l.coverage.unitsAbove100 > 0
      ? `, ${l.coverage.unitsAbove100} units above 100%: ${l.coverage.unitsAbove100Flagged} flagged by the API as a data problem, ${l.coverage.unitsAbove100DenominatorBelowTruth} with a census denominator below the true adults`
      : ', no unit above 100%');
}

function formatTiers(t: TierAgreement): string {
  const all = t.allDays;
  const share = (x: number | null) => (x === null ? '–' : pct(x));
  const example = t.examples[0] ? ` e.g. ${t.examples[0].unit} on ${t.examples[0].day}: published ${t.examples[0].published}, true ${t.examples[0].true}` : '';
  return `  ${t.ruleSetId.padEnd(16)} ${t.level.padEnd(13)} ${String(t.units).padStart(5)} units · every unit and day: ${share(all.share)} equal `
    + `(${all.equal.toLocaleString('en')} of ${all.pairs.toLocaleString('en')}; published higher ${all.publishedHigher}, lower ${all.publishedLower}) · `
    + `last day ${share(t.lastDay.share)} (${t.lastDay.equal}/${t.lastDay.units})${example}`;
}

async function readTruthSummary(config: Config): Promise<TruthSummary | null> {
  try {
    return JSON.parse(await fs.readFile(path.join(truthDirOf(config), TRUTH_SUMMARY_FILE), 'utf8')) as TruthSummary;
  } catch {
    return null;
  }
}

async function report(config: Config, flags: SimulateFlags): Promise<number> {
  const run = await readRun(config);
  if (!run) {
    process.stderr.write(`riskmap: no ground truth in ${truthDirOf(config)}: run \`riskmap simulate --days N --until D\` first\n`);
    return 1;
  }
  const database = await openConfiguredDatabase(config);
  try {
    const result = await buildReport(database, path.join(truthDirOf(config), 'ground-truth.ndjson'), run.seededMaxPersonId);
    const truth = await readTruthSummary(config);
    const levels = truth ? await compareLevels(database, truth) : null;
    const tiers = truth?.vaccinated ? await compareTiers(database, truth) : null;
    if (flags.json) process.stdout.write(`${JSON.stringify({ ...result, levels, tiers })}\n`);
    else {
      const of = (n: number) => `${n.toLocaleString('en')} (${pct(n / Math.max(1, result.records))})`;
      const p = result.people;
      process.stdout.write([
        `${result.records.toLocaleString('en')} records in the ground truth; recovered ${of(result.recovered)}.`,
        ...Object.entries(result.outcomes).map(([k, n]) => `  ${k.padEnd(18)} ${of(n)}`),
        `  clean records linked correctly: ${result.clean.linkedCorrectly}/${result.clean.records} of registered people, ${result.cleanOutsideRegister.linkedCorrectly}/${result.cleanOutsideRegister.records} of people outside the register`,
        ...Object.entries(result.byDirt).map(([k, d]) => `  ${k.padEnd(18)} ${d.records} records, ${pct(d.linkedCorrectly / Math.max(1, d.records))} linked correctly, ${d.rejected} rejected`),
        `People: ${p.persons.toLocaleString('en')} persons hold the records of ${p.truePeople.toLocaleString('en')} true people (× ${(p.persons / Math.max(1, p.truePeople)).toFixed(4)}); `
          + `created by ingest ${p.personsCreated.toLocaleString('en')} for ${p.trueUnregistered.toLocaleString('en')} true people outside the register (× ${(p.personsCreated / Math.max(1, p.trueUnregistered)).toFixed(4)}); `
          + `wrongly merged ${p.wronglyMerged} (${(100 * p.wronglyMerged / Math.max(1, p.truePeople)).toFixed(2)}%).`,
        ...(truth && levels ? [
          `The map against the truth (${truth.startDate} … ${truth.endDate}; ${truth.people.registered.toLocaleString('en')} registered + ${truth.people.unregistered.toLocaleString('en')} unregistered residents; `
            + `a case: first positive individual RT-PCR, or antigen from ${truth.definition.antigenCountsFrom}, by sample day):`,
          ...levels.map(formatLevel),
          ...(tiers ? [
            `Tiers: published vs the tier the true cases and doses give (same engine, rule set versions in force, capacity and census populations; every unit, every day ${truth.startDate} … ${truth.endDate}):`,
            ...tiers.map(formatTiers),
          ] : ['No true tiers (this truth summary predates them: run `riskmap simulate --days N` again).']),
        ] : ['No truth summary (run `riskmap simulate --days N` again to write one).']),
      ].join('\n') + '\n');
    }
    return 0;
  } finally {
    await database.close();
  }
}

export async function runSimulate(config: Config, flags: SimulateFlags): Promise<number> {
  try {
    if (flags.report) return await report(config, flags);
    if (flags.live) return await live(config, flags);
    const days = number('--days', flags.days, 1);
    parametersFor(days, flags.until);
    const database = await openConfiguredDatabase(config);
    try {
      await migrate(database);
      const summary = await runHistory(database, {
        days, until: flags.until, seed: flags.seed, citySeeds: [...new Set([flags.citySeed ?? SEED_DEFAULTS.seed, DEMO_CITY.seed])], referenceDate: flags.asOf,
        idHashKey: await resolveIdHashKey(config), outDir: flags.out ?? null, ingest: flags.ingest, truthDir: truthDirOf(config),
        siteKeysFile: flags.siteKeys ? path.resolve(flags.siteKeys) : siteKeysFileOf(config),
        onProgress: flags.json || !process.stderr.isTTY ? undefined : (done, total) => process.stderr.write(`\rsubmissions ${done}/${total}   `),
      });
      process.stdout.write(flags.json ? `${JSON.stringify(summary)}\n` : `\n${formatHistory(summary)}`);
      return 0;
    } finally {
      await database.close();
    }
  } catch (error) {
    if (error instanceof SimulationParameterError || (error instanceof Error && /^--/.test(error.message))) {
      process.stderr.write(`riskmap: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
