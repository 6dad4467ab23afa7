// The demo's history written set-based (issue #18 point 8): the simulator's
// true events — the same city, people, epidemic and campaign as
// `riskmap simulate` makes, and the same truth files beside them — go
// straight into the event tables with COPY: first the most recent days, then
// one full rebuild of rollups and tiers (today's map is up), then the days
// before them and another full rebuild (the history is complete). What this path does not do is the sites' paperwork:
// there are no dirty files, no linkage and no held rows; each person's records
// carry their register id (or, for residents outside the register, a person
// row made for them where they live, as ingest would make it), and the cases
// are the simulator's confirmed cases. `riskmap simulate` keeps the full path
// through ingest (history.service.ts); the demo uses this one to be ready in
// minutes instead of half an hour.
import fs from 'node:fs/promises';
import path from 'node:path';
import { addDays } from '../../geo/simulate/calendar.ts';
import type { TrueCase, TrueEvent } from '../../geo/simulate/events.ts';
import { simulateHistory } from '../../geo/simulate/history.ts';
import { normaliseVaccine } from '../../geo/normalise/vaccines.ts';
import { buildNameLinkageKey } from '../../geo/normalise/names.ts';
import { summariseTruth } from '../../geo/simulate/truth-summary.ts';
import { addUnregisteredResidents } from '../../geo/simulate/unregistered.ts';
import { rebuildEverything } from '../aggregate/aggregate.service.ts';
import type { Database, Session } from '../db/database.ts';
import { csvLine } from '../db/csv.ts';
import { span } from '../ingest/ingest-spans.ts';
import { parametersFor, TRUTH_SUMMARY_FILE, type RunOptions } from './history.service.ts';
import { loadSeededPopulation } from './population.repo.ts';
import { createSiteKeys, writeSiteKeys } from './site-keys.service.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { createSources } from '../../geo/simulate/sources.ts';
import { createRandom } from '../../geo/random.ts';

export interface TruthWriteOptions extends RunOptions {
  /** Where the truth is kept (population.json, truth-summary.json, run.json), as runHistory keeps it. */
  truthDir: string;
  /**
   * The most recent days, written and put on the map first (rollups and tiers rebuilt); then the earlier days
   * and one more full rebuild. A rebuild costs about its data: this puts today's map up after about a quarter
   * of the cost of the whole, and the whole costs 1.25 rebuilds (windows in day order cost 2.5 for 4 windows).
   */
  recentDays: number;
  /** Give every synthetic site a data_source user and an API key, written to this file (for simulate --live); null for none. */
  siteKeysFile?: string | null;
  /** Tells open pages after each window's rebuild (embedded: no NOTIFY). */
  live?: LiveBus | null;
  /** After each window is on the map: the days the map has (first and last), and the windows done and in all. */
  onWindow?: (info: { from: string; through: string; done: number; windows: number }) => void;
}

export interface TruthWriteSummary {
  people: number;
  unregistered: number;
  tests: number;
  doses: number;
  cases: number;
  seconds: number;
  /** Wall time per phase (load, simulate, write, rebuild), seconds. */
  phases: Record<string, number>;
}

const SOURCE_CODE = 'demo-history';
const ENSURE_SOURCE = `INSERT INTO source (code, name, kind) VALUES ($1, 'Lịch sử mô phỏng (demo)', 'simulator')
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id`;
const UNITS = `SELECT id, code, district_id FROM unit WHERE level IN ('block', 'neighbourhood', 'ward')`;
const MAX_PERSON = `SELECT COALESCE(max(id), 0)::bigint AS id FROM person`;
const TEST_COLUMNS = ['district_id', 'source_id', 'source_record_id', 'person_id', 'unit_id', 'method', 'pooled', 'sample_time', 'result_time', 'result', 'content_hash', 'sample_id'];
const DOSE_COLUMNS = ['district_id', 'source_id', 'source_record_id', 'person_id', 'unit_id', 'dose_number', 'vaccine_code', 'vaccine_cvx', 'vaccine_icd11', 'lot_number', 'vaccinated_on', 'content_hash'];
const CASE_COLUMNS = ['district_id', 'person_id', 'household_id', 'unit_id', 'origin', 'classification', 'confirmed_on'];
const PERSON_COLUMNS = ['district_id', 'id', 'household_id', 'full_name', 'name_key', 'birth_date', 'sex', 'phone', 'residence_unit_id'];

/** Vietnam wall clock of a simulated day and minute, as an absolute time. */
function wallClock(startDate: string, day: number, minute: number): string {
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${addDays(startDate, day)} ${hh}:${mm}:00+07:00`;
}

async function timed<T>(phases: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await span(`demo: ${name}`, fn);
  } finally {
    phases[name] = (phases[name] ?? 0) + (performance.now() - started) / 1000;
  }
}

/** Writes the history window by window; rebuilds rollups and tiers after each. */
export async function writeTrueHistory(database: Database, options: TruthWriteOptions): Promise<TruthWriteSummary> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const params = parametersFor(options.days, options.until);
  const loaded = await timed(phases, 'load people', () => loadSeededPopulation(database, { seeds: options.citySeeds, referenceDate: options.referenceDate, idHashKey: options.idHashKey, startDate: params.startDate }));
  const population = addUnregisteredResidents(loaded.population, params.residents.unregisteredShare, options.seed, options.referenceDate, params.startDate);
  const unregistered = population.people.length - loaded.population.people.length;
  const history = await timed(phases, 'simulate', async () => simulateHistory(population, params, options.seed));

  if (options.siteKeysFile) {
    const sources = createSources(population, createRandom(`sources/${options.seed}`));
    await writeSiteKeys(options.siteKeysFile, await createSiteKeys(database, sources));
  }
  // Where each person counts: their household's block (COALESCE(block, ward) as ingest stores it).
  const units = new Map((await database.withSession((s) => s.query<{ id: number; code: string; district_id: number }>(UNITS))).map((u) => [u.code, u]));
  const placeOf = population.households.map((h) => {
    const unit = units.get(population.blocks[h.block]?.code ?? '') ?? units.get(population.groups[h.group]?.code ?? '') ?? units.get(population.wards[h.ward]?.code ?? '');
    if (!unit) throw new Error(`the demo's household ${h.key} has no unit in the database`);
    return unit;
  });
  const written = await timed(phases, 'write people', () => database.transaction(async (session) => {
    const [source] = await session.query<{ id: number }>(ENSURE_SOURCE, [SOURCE_CODE]);
    const [max] = await session.query<{ id: number }>(MAX_PERSON);
    // Residents outside the register get a person row where they live, as ingest creates one for an unknown resident.
    let next = Number(max?.id ?? 0);
    const personIds = population.people.map((p) => p.personId ?? ++next);
    const lines: string[] = [];
    population.people.forEach((p, i) => {
      if (p.personId !== null) return;
      const unit = placeOf[p.household]!;
      lines.push(csvLine([unit.district_id, personIds[i], null, p.identity.fullName, buildNameLinkageKey(p.identity.fullName), p.identity.birthDate, p.identity.sex, p.identity.phone, unit.id]));
    });
    await session.copyCsv('person', PERSON_COLUMNS, [lines.join('')]);
    return { sourceId: source!.id, personIds };
  }));

  // Window 0: the recent days; window 1: the days before them (absent when recentDays covers the run).
  const cut = Math.max(0, history.days - Math.max(1, options.recentDays));
  const windows = cut > 0 ? 2 : 1;
  const dayOfEvent = (e: TrueEvent) => (e.kind === 'test' ? e.resultDay : e.day);
  const windowOf = (day: number) => (day >= cut ? 0 : 1);
  const byWindow: TrueEvent[][] = [[], []];
  for (const event of history.events) byWindow[windowOf(dayOfEvent(event))]!.push(event);
  const casesByWindow: TrueCase[][] = [[], []];
  for (const c of history.cases) casesByWindow[windowOf(c.confirmedDay)]!.push(c);
  const vaccineCodes = new Map<string, { brand: string; cvx: string | null; icd11: string | null }>();
  const vaccineOf = (brand: string) => {
    if (!vaccineCodes.has(brand)) {
      const found = normaliseVaccine(brand);
      vaccineCodes.set(brand, found.ok ? { brand: found.value.brand, cvx: found.value.cvx, icd11: found.value.icd11 } : { brand, cvx: null, icd11: null });
    }
    return vaccineCodes.get(brand)!;
  };

  const counts = { tests: 0, doses: 0, cases: 0 };
  let eventNumber = 0;
  for (let w = 0; w < windows; w++) {
    await timed(phases, 'write events', () => database.transaction(async (session: Session) => {
      const tests: string[] = [];
      const doses: string[] = [];
      for (const event of byWindow[w]!) {
        eventNumber += 1;
        const person = population.people[event.person]!;
        const unit = placeOf[person.household]!;
        const personId = written.personIds[event.person];
        if (event.kind === 'test') {
          tests.push(csvLine([unit.district_id, written.sourceId, `t${eventNumber}`, personId, unit.id, event.method, event.pooled,
            wallClock(params.startDate, event.sampleDay, event.sampleMinute), wallClock(params.startDate, event.resultDay, event.resultMinute), event.result, 'truth', event.sampleId]));
        } else {
          const vaccine = vaccineOf(event.brand);
          doses.push(csvLine([unit.district_id, written.sourceId, `v${eventNumber}`, personId, unit.id, event.dose, vaccine.brand, vaccine.cvx, vaccine.icd11, event.lotNumber,
            addDays(params.startDate, event.day), 'truth']));
        }
      }
      const cases = casesByWindow[w]!.map((c) => {
        const person = population.people[c.person]!;
        const unit = placeOf[person.household]!;
        return csvLine([unit.district_id, written.personIds[c.person], population.households[person.household]?.householdId ?? null, unit.id, 'reported', c.classification, addDays(params.startDate, c.confirmedDay)]);
      });
      await session.copyCsv('test_result', TEST_COLUMNS, [tests.join('')]);
      await session.copyCsv('vaccination', DOSE_COLUMNS, [doses.join('')]);
      await session.copyCsv('covid_case', CASE_COLUMNS, [cases.join('')]);
      counts.tests += tests.length;
      counts.doses += doses.length;
      counts.cases += cases.length;
    }));
    await timed(phases, 'rebuild', () => rebuildEverything(database, { live: options.live ?? null }));
    options.onWindow?.({ from: addDays(params.startDate, w === 0 ? cut : 0), through: addDays(params.startDate, history.days - 1), done: w + 1, windows });
  }

  // The truth beside the data, as runHistory keeps it (simulate --live reads population.json).
  await fs.mkdir(options.truthDir, { recursive: true });
  await fs.writeFile(path.join(options.truthDir, 'population.json'), JSON.stringify(population));
  await fs.writeFile(path.join(options.truthDir, TRUTH_SUMMARY_FILE), JSON.stringify(summariseTruth(population, history.events, params.startDate, params.endDate)));
  const seededMaxPersonId = population.people.reduce((max, p) => Math.max(max, p.personId ?? 0), 0);
  await fs.writeFile(path.join(options.truthDir, 'run.json'), `${JSON.stringify({
    seed: options.seed, citySeed: loaded.citySeed, referenceDate: options.referenceDate, days: options.days, until: options.until, ingested: false, written: 'set-based', seededMaxPersonId,
  }, null, 2)}\n`);
  return { people: population.people.length, unregistered, ...counts, seconds: (performance.now() - started) / 1000, phases };
}
