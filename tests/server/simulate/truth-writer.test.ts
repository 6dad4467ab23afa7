// The demo's set-based history (server/simulate/truth-writer.service.ts):
// every true test, dose and case of the simulator is in the event tables,
// once, in the unit its person lives in, and the map's rollups and tiers are
// built from them window by window.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateHistory } from '../../../geo/simulate/history.ts';
import { addUnregisteredResidents } from '../../../geo/simulate/unregistered.ts';
import { DEFAULT_REFERENCE_DATE, seedCity } from '../../../server/geography/seed.service.ts';
import { parametersFor } from '../../../server/simulate/history.service.ts';
import { loadSeededPopulation } from '../../../server/simulate/population.repo.ts';
import { writeTrueHistory, type TruthWriteSummary } from '../../../server/simulate/truth-writer.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';

const KEY = 'truth-writer-key-truth-writer-key-0000';
const CITY_SEED = 'truth-writer-city';
const SEED = 'truth-writer-epidemic';
const DAYS = 20;
const UNTIL = '2021-09-30';

describe('the demo history written set-based', () => {
  let t: TestDatabase;
  let dir: string;
  let summary: TruthWriteSummary;
  const windows: string[] = [];
  const one = async <R,>(sql: string) => (await t.database.withSession((s) => s.query<R>(sql)))[0]!;

  beforeAll(async () => {
    t = await openTestDatabase();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'riskmap-truth-writer-'));
    await seedCity(t.database, { people: 1500, seed: CITY_SEED, idHashKey: KEY, city: { districts: 2, wardsPerDistrict: 2 } });
    summary = await writeTrueHistory(t.database, {
      days: DAYS, until: UNTIL, seed: SEED, citySeeds: [CITY_SEED], referenceDate: DEFAULT_REFERENCE_DATE, idHashKey: KEY,
      truthDir: dir, recentDays: 8, siteKeysFile: path.join(dir, 'site-keys.json'), onWindow: (w) => windows.push(`${w.done}/${w.windows} ${w.from}…${w.through}`),
    });
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes every true test, dose and case of the simulator once, the recent days first', async () => {
    // The same truth, regenerated independently of the writer.
    const params = parametersFor(DAYS, UNTIL);
    const loaded = await loadSeededPopulation(t.database, { seeds: [CITY_SEED], referenceDate: DEFAULT_REFERENCE_DATE, idHashKey: KEY, startDate: params.startDate });
    const population = addUnregisteredResidents(loaded.population, params.residents.unregisteredShare, SEED, DEFAULT_REFERENCE_DATE, params.startDate);
    const history = simulateHistory(population, params, SEED);
    const tests = history.events.filter((e) => e.kind === 'test');
    const counts = await one<{ tests: number; positive: number; doses: number; cases: number; community: number }>(
      `SELECT (SELECT count(*) FROM test_result)::int AS tests, (SELECT count(*) FROM test_result WHERE result = 'positive')::int AS positive,
              (SELECT count(*) FROM vaccination)::int AS doses, (SELECT count(*) FROM covid_case)::int AS cases,
              (SELECT count(*) FROM covid_case WHERE classification = 'community')::int AS community`);
    expect(tests.length).toBeGreaterThan(0);
    expect(counts).toEqual({
      tests: tests.length, positive: tests.filter((e) => e.result === 'positive').length, doses: history.events.length - tests.length,
      cases: history.cases.length, community: history.cases.filter((c) => c.classification === 'community').length,
    });
    expect(summary).toMatchObject({ tests: tests.length, doses: history.events.length - tests.length, cases: history.cases.length, people: population.people.length });
    expect(windows).toEqual(['1/2 2021-09-23…2021-09-30', '2/2 2021-09-11…2021-09-30']);
  });

  it('places every event in its person\'s unit, and makes the residents outside the register people where they live', async () => {
    const row = await one<{ unplaced: number; wrong_unit: number; made: number; made_placed: number }>(
      `SELECT (SELECT count(*) FROM test_result WHERE unit_id IS NULL OR person_id IS NULL)::int AS unplaced,
              (SELECT count(*) FROM test_result t JOIN person p ON p.id = t.person_id LEFT JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
                WHERE t.unit_id IS DISTINCT FROM COALESCE(h.block_id, h.ward_id, p.residence_unit_id))::int AS wrong_unit,
              (SELECT count(*) FROM person WHERE household_id IS NULL)::int AS made,
              (SELECT count(*) FROM person p JOIN unit u ON u.id = p.residence_unit_id AND u.district_id = p.district_id WHERE p.household_id IS NULL)::int AS made_placed`);
    expect(row).toEqual({ unplaced: 0, wrong_unit: 0, made: summary.unregistered, made_placed: summary.unregistered });
    expect(summary.unregistered).toBeGreaterThan(0);
  });

  it('builds the rollups from those events: the city\'s community cases and tests are the tables\' own', async () => {
    const row = await one<{ rolled_cases: number; cases: number; rolled_doses: number; doses: number; tiers: number }>(
      `SELECT (SELECT sum(cases_community) FROM unit_day_rollup r JOIN unit u ON u.id = r.unit_id WHERE u.level = 'city')::int AS rolled_cases,
              (SELECT count(*) FROM covid_case WHERE classification = 'community')::int AS cases,
              (SELECT sum((SELECT sum(x) FROM unnest(r.doses) x)) FROM unit_day_rollup r JOIN unit u ON u.id = r.unit_id WHERE u.level = 'city')::int AS rolled_doses,
              (SELECT count(*) FROM vaccination)::int AS doses,
              (SELECT count(*) FROM unit_tier)::int AS tiers`);
    expect(row.rolled_cases).toBe(row.cases);
    expect(row.rolled_doses).toBe(row.doses);
    expect(row.tiers).toBeGreaterThan(0);
  });

  it('keeps the truth beside the data and a key per synthetic site', async () => {
    const run = JSON.parse(await fs.readFile(path.join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
    expect(run).toMatchObject({ seed: SEED, citySeed: CITY_SEED, days: DAYS, until: UNTIL, written: 'set-based' });
    const population = JSON.parse(await fs.readFile(path.join(dir, 'population.json'), 'utf8')) as { people: unknown[] };
    expect(population.people.length).toBe(summary.people);
    const keys = JSON.parse(await fs.readFile(path.join(dir, 'site-keys.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(keys).length).toBeGreaterThan(0);
  });
});
