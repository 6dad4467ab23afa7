// The map's numbers, checked by hand: a simulated city goes through the real
// ingest channels, then every figure the units API publishes — for every unit
// at every level, on several dates — is compared with an independent recount
// of the raw tables (recount.ts). A last test adds one event to one unit's
// rollup by hand and checks that the comparison catches it.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { DEFAULT_REFERENCE_DATE, seedCity } from '../../../server/geography/seed.service.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { runHistory } from '../../../server/simulate/history.service.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { expectedIndicators, recountDaily, recountUnits, type RecountedDay, type RecountedUnit } from './recount.ts';

const CITY_SEED = 'recount-city';
const UNTIL = '2021-09-30';
const DAYS = 30;
const DATES = ['2021-09-30', '2021-09-19'];
const LEVELS = ['city', 'district', 'ward', 'neighbourhood', 'block'] as const;
/** Grades every level from its own indicators, so every unit's detail carries them. */
const RULE_SET = 'cdc-community-transmission';

type Shown = number | string | null;

/** Compares what the API shows with the recount; a suppressed count ("<5", "≥5") must be consistent with it. */
class Comparison {
  readonly mismatches: string[] = [];
  compared = 0;

  value(where: string, shown: Shown | undefined, expected: number | null, places?: number): void {
    this.compared++;
    if (typeof shown === 'string') {
      const below = /^<(\d+)$/.exec(shown);
      const atLeast = /^≥(\d+)$/.exec(shown);
      const ok = expected !== null && (below ? expected >= 1 && expected < Number(below[1]) : atLeast ? expected >= Number(atLeast[1]) : false);
      if (!ok) this.mismatches.push(`${where}: API shows "${shown}", recount ${expected}`);
      return;
    }
    const want = expected === null || places === undefined ? expected : Number(expected.toFixed(places));
    const same = shown === want || (typeof shown === 'number' && typeof want === 'number' && Math.abs(shown - want) <= 1e-9 * Math.max(1, Math.abs(want)));
    if (!same) this.mismatches.push(`${where}: API ${shown}, recount ${want}`);
  }

  /** A rate the API may withhold (null) only when the count it is built on is shown suppressed. */
  rate(where: string, shown: number | null | undefined, expected: number | null, sourceShown: Shown | undefined, places?: number): void {
    if (shown === null && typeof sourceShown === 'string') {
      this.compared++;
      return;
    }
    this.value(where, shown, expected, places);
  }
}

describe('an independent recount of the raw tables equals every figure the API publishes', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let admin: SignedInHeaders;
  /** A ward official per district (district jurisdiction): sees that district's units exactly. */
  const officialOf = new Map<number, SignedInHeaders>();
  const districtOf = new Map<number, number>();
  let truthDir: string;

  const get = async (url: string, headers: SignedInHeaders) => {
    const response = await app.inject({ method: 'GET', url, headers });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    t = await openTestDatabase();
    const idHashKey = await resolveIdHashKey(t.config);
    await seedCity(t.database, { people: 2000, seed: CITY_SEED, idHashKey, city: { districts: 2, wardsPerDistrict: 2 } });
    truthDir = await fs.mkdtemp(path.join(os.tmpdir(), 'riskmap-recount-'));
    await runHistory(t.database, {
      days: DAYS, until: UNTIL, seed: 'recount-epidemic', citySeeds: [CITY_SEED], referenceDate: DEFAULT_REFERENCE_DATE, idHashKey,
      outDir: null, ingest: true, truthDir,
    });
    app = await buildApp({ config: t.config, database: t.database });
    admin = await signInAs(app, t.database, { username: 'recount-admin', role: 'admin' });
    const units = await t.database.withSession((s) => s.query<{ id: number; code: string; level: string; district_id: number | null }>(
      'SELECT id, code, level, district_id FROM unit ORDER BY id'));
    for (const u of units) if (u.district_id !== null) districtOf.set(u.id, u.district_id);
    for (const d of units.filter((u) => u.level === 'district')) {
      officialOf.set(d.id, await signInAs(app, t.database, { username: `recount-official-${d.id}`, role: 'ward_official', unitCode: d.code }));
    }
  }, 900_000); // a city through the real ingest on a shared 2-core machine: minutes, not a limit of the test

  afterAll(async () => {
    await app?.close();
    await t?.drop();
    if (truthDir) await fs.rm(truthDir, { recursive: true, force: true });
  });

  /** Every published figure on every date, for every unit; returns the comparison. */
  async function compareEverything(dates: readonly string[]): Promise<Comparison> {
    const check = new Comparison();
    for (const date of dates) {
      const recount = await t.database.withSession((s) => recountUnits(s, date));
      const from = new Date(Date.parse(`${date}T00:00:00Z`) - 27 * 86_400_000).toISOString().slice(0, 10);
      const daily = await t.database.withSession((s) => recountDaily(s, from, date));

      for (const level of LEVELS) {
        const columns = await get(`/api/units?level=${level}&date=${date}&ruleSet=${RULE_SET}`, admin);
        columns.id.forEach((id: number, i: number) => {
          const u = recount.get(id) as RecountedUnit;
          const at = `list ${level} ${id} ${date}`;
          check.value(`${at} population`, columns.population[i], u.population);
          check.value(`${at} communityCases14d`, columns.communityCases14d[i], u.community14);
          check.value(`${at} cases7d`, columns.cases7d[i], u.all7);
          check.rate(`${at} casesPer100kPerWeek`, columns.casesPer100kPerWeek[i], expectedIndicators(u).casesPer100kPerWeek ?? null, columns.communityCases14d[i], 1);
          // A share may be withheld from a caller who may not see individuals (its complement is a small count).
          const coverage = u.population_18plus && u.population_18plus > 0 ? u.dose1_18 / u.population_18plus : null;
          if (columns.coverage1Dose18[i] === null && coverage !== null) check.compared++;
          else check.value(`${at} coverage1Dose18`, columns.coverage1Dose18[i], coverage, 3);
        });
        expect(columns.id.length, `units at level ${level}`).toBe([...recount.values()].filter((u) => u.level === level).length);
      }

      for (const u of recount.values()) {
        const district = u.level === 'district' ? u.id : districtOf.get(u.id);
        const headers = (district !== undefined && officialOf.get(district)) || admin;
        const detail = await get(`/api/units/${u.id}?date=${date}&ruleSet=${RULE_SET}`, headers);
        const at = `detail ${u.level} ${u.id} ${date}`;
        check.value(`${at} population`, detail.unit.population, u.population);
        check.value(`${at} population18Plus`, detail.unit.population18Plus, u.population_18plus);
        check.value(`${at} population65Plus`, detail.unit.population65Plus, u.population_65plus);
        const expected = expectedIndicators(u);
        for (const [name, value] of Object.entries(expected)) {
          const shown = detail.indicators?.[name];
          // Under suppression (the city, for everyone) a rate may be withheld with its count; the count is then not exact here.
          if (shown === null && value !== null && headers === admin) continue;
          check.value(`${at} ${name}`, shown, value);
        }
        check.value(`${at} standing.activeCases`, detail.standing.activeCases, u.active);
        check.value(`${at} standing.atLeastOneDose`, detail.standing.atLeastOneDose, u.dose1);
        check.value(`${at} standing.fullyVaccinated`, detail.standing.fullyVaccinated, u.full);
        check.value(`${at} standing.booster`, detail.standing.booster, u.booster);
        check.value(`${at} standing.pendingRetest`, detail.standing.pendingRetest, u.pending);
        const overfull = Object.entries({
          coverage1DoseTotal: [u.dose1, u.population], coverage1Dose18: [u.dose1_18, u.population_18plus],
          fullCoverageTotal: [u.full, u.population], fullCoverage18: [u.full_18, u.population_18plus],
          fullCoverage50: [u.full_50, u.population_50plus], fullCoverage65: [u.full_65, u.population_65plus],
          boosterCoverage18: [u.booster_18, u.population_18plus],
        }).filter(([, [people, band]]) => band !== null && (people as number) > (band as number)).map(([name]) => name).sort();
        const flagged = (detail.dataProblems ?? []).filter((p: { code: string }) => p.code === 'coverage_above_100').map((p: { indicator: string }) => p.indicator).sort();
        if (JSON.stringify(flagged) !== JSON.stringify(overfull)) check.mismatches.push(`${at} coverage above 100%: API flags ${flagged}, recount ${overfull}`);
        check.compared++;
        if (detail.freshness.lastDataDay !== u.last_data_day) check.mismatches.push(`${at} lastDataDay: API ${detail.freshness.lastDataDay}, recount ${u.last_data_day}`);
        check.compared++;

        const shownDays = new Map<string, { cases: Shown; communityCases: Shown; tests: Shown; positives: Shown; doses: Shown[] }>(
          detail.history.counts.map((c: { date: string }) => [c.date, c]));
        const recounted = daily.get(u.id) ?? new Map<string, RecountedDay>();
        for (const day of new Set([...shownDays.keys(), ...recounted.keys()])) {
          const s = shownDays.get(day);
          const r = recounted.get(day) ?? { cases: 0, community: 0, tests: 0, positives: 0, doses: [0, 0, 0, 0, 0] };
          check.value(`${at} history ${day} cases`, s?.cases ?? 0, r.cases);
          check.value(`${at} history ${day} communityCases`, s?.communityCases ?? 0, r.community);
          check.value(`${at} history ${day} tests`, s?.tests ?? 0, r.tests);
          check.value(`${at} history ${day} positives`, s?.positives ?? 0, r.positives);
          r.doses.forEach((n, k) => check.value(`${at} history ${day} dose ${k + 1}`, s?.doses[k] ?? 0, n));
        }
      }
    }
    return check;
  }

  it('the simulated city has events at every level to check', async () => {
    const recount = await t.database.withSession((s) => recountUnits(s, UNTIL));
    const city = [...recount.values()].find((u) => u.level === 'city') as RecountedUnit;
    expect(city.all14).toBeGreaterThan(0);
    expect(city.pcr7).toBeGreaterThan(0);
    expect(city.dose1).toBeGreaterThan(0);
    const blocksWithCases = [...recount.values()].filter((u) => u.level === 'block' && u.all14 > 0);
    expect(blocksWithCases.length).toBeGreaterThan(0);
  });

  it('cases are what the city counts: every case a test opened is an individual confirming positive, and every such positive has its case', async () => {
    // HCMC's map: an individual RT-PCR positive, or from 2021-08-20 an individual antigen positive; a pooled sample never.
    const confirms = `NOT t.pooled AND t.result = 'positive' AND (t.method = 'pcr' OR (t.method = 'antigen' AND (t.sample_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date >= DATE '2021-08-20'))`;
    const [counts] = await t.database.withSession((s) => s.query<{ wrong: number; missing: number; pooled_positives: number; cases: number }>(`
      SELECT (SELECT count(*) FROM covid_case c JOIN test_result t ON t.id = c.test_result_id AND t.district_id = c.district_id
              WHERE c.origin = 'test' AND NOT (${confirms}))::int AS wrong,
             (SELECT count(*) FROM test_result t WHERE ${confirms} AND t.person_id IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM covid_case c WHERE c.person_id = t.person_id
                  AND abs(c.confirmed_on - (t.sample_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date) <= 90))::int AS missing,
             (SELECT count(*) FROM test_result t WHERE t.pooled AND t.result = 'positive')::int AS pooled_positives,
             (SELECT count(*) FROM covid_case)::int AS cases`));
    expect(counts!.pooled_positives, 'the city has pooled positives to get wrong').toBeGreaterThan(0);
    expect(counts!.cases).toBeGreaterThan(0);
    expect(counts!.wrong).toBe(0);
    expect(counts!.missing).toBe(0);
  });

  it('a parent\'s age-band populations are the sums of its children\'s unless its own were imported', async () => {
    const rows = await t.database.withSession((s) => s.query<{ id: number; level: string }>(`
      SELECT p.id, p.level FROM unit p JOIN unit c ON c.parent_id = p.id
      WHERE NOT p.age_bands_imported
      GROUP BY p.id, p.level, p.population, p.population_18plus, p.population_50plus, p.population_65plus
      HAVING p.population IS DISTINCT FROM sum(c.population) OR p.population_18plus IS DISTINCT FROM sum(c.population_18plus)
          OR p.population_50plus IS DISTINCT FROM sum(c.population_50plus) OR p.population_65plus IS DISTINCT FROM sum(c.population_65plus)`));
    expect(rows).toEqual([]);
  });

  it('every published value equals the recount (list, detail, standing, freshness, 28 days of history) on two dates', async () => {
    const check = await compareEverything(DATES);
    expect(check.mismatches.slice(0, 40)).toEqual([]);
    expect(check.compared).toBeGreaterThan(3000);
  });

  it('catches one event added by hand to one block\'s rollup', async () => {
    const [row] = await t.database.withSession((s) => s.query<{ unit_id: number }>(
      `SELECT r.unit_id FROM unit_day_rollup r JOIN unit u ON u.id = r.unit_id AND u.level = 'block'
       WHERE r.day = $1::date ORDER BY r.unit_id LIMIT 1`, [UNTIL]));
    expect(row, 'a block with a rollup row on the last day').toBeDefined();
    await t.database.withSession((s) => s.query(
      'UPDATE unit_day_rollup SET cases_community = cases_community + 1 WHERE unit_id = $1 AND day = $2::date', [row!.unit_id, UNTIL]));
    const check = await compareEverything([UNTIL]);
    expect(check.mismatches.filter((m) => m.includes(` ${row!.unit_id} ${UNTIL} `)), 'the tampered block\'s figures').not.toEqual([]);
  });
});
