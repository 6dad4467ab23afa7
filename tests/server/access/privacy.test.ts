// A planner (who may not see individuals) tries to work out hidden small
// counts by differencing what riskmap shows (issue 15 point 6): parent −
// siblings − partner via every unit's detail, a 7-day window − its shown
// days, and the same unit in the list, detail, history, OGC and a report.
// Every attack must find nothing; every count the indicator catalog marks
// must be withheld wherever it is small, with no list of names in the test.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNT_DISCLOSURE, INDICATOR_CATALOG, type IndicatorName } from '../../../geo/risk/index.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import type { Caller } from '../../../server/access/policy.ts';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { gatherReportData } from '../../../server/reports/report-data.service.ts';
import { dayOf, toIsoDate } from '../../../server/risk/days.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { listResidents, writeEvents, type FixtureEvent } from '../aggregate/event-fixtures.ts';

const D = '2021-10-25';
const FIRST = toIsoDate(dayOf(D) - 27);
const LEVELS = ['city', 'district', 'ward', 'neighbourhood', 'block'] as const;
const isSmall = (v: unknown) => typeof v === 'number' && v >= 1 && v < 5;

interface Unit { id: number; parent_id: number | null; level: string; population: number | null }
type Known = number | undefined;

describe('privacy: a planner differencing what riskmap shows', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let planner: SignedInHeaders;
  let units: Unit[];
  const list = new Map<string, Record<string, unknown[]>>();
  const details = new Map<number, Record<string, any>>();
  const q = <R>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));
  const get = async (url: string) => {
    const res = await app.inject({ url, headers: planner });
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json();
  };
  const listAt = async (level: string, date: string) => {
    const key = `${level} ${date}`;
    if (!list.has(key)) list.set(key, await get(`/api/units?level=${level}&date=${date}`));
    return list.get(key)!;
  };
  const fromList = async (unit: Unit, column: 'communityCases14d' | 'cases7d', date = D): Promise<unknown> => {
    const columns = await listAt(unit.level, date);
    return columns[column]![(columns.id as number[]).indexOf(unit.id)];
  };

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 3000, seed: 'privacy', idHashKey: 'p'.repeat(40), city: { districts: 2, wardsPerDistrict: 2 } });
    const residents = await listResidents(t.database);
    const wards = await q<{ unit_id: number; ward_id: number }>("SELECT unit_id, ward_id FROM unit_ancestry WHERE level = 'block'");
    const wardOf = new Map(wards.map((w) => [w.unit_id, w.ward_id]));
    const busyWard = Math.min(...wards.map((w) => w.ward_id));
    // Sparse cases everywhere (small counts) and a burst in one ward on a few days (counts of 5 and more).
    const events: FixtureEvent[] = [];
    residents.forEach((r, i) => {
      const sparse = (i * 7919) % 7 === 0;
      const burst = wardOf.get(r.unitId) === busyWard && i % 6 === 0;
      if (!sparse && !burst) return;
      const day = burst ? ['2021-10-13', '2021-10-20', '2021-10-24'][i % 3]! : toIsoDate(dayOf(D) - (i % 24));
      const severity = i % 17 === 0 ? 'death' : i % 5 === 0 ? 'severe' : 'mild';
      events.push({ kind: 'case', person: i, day, classification: i % 11 === 0 ? 'imported' : 'community', severity, recoveredOn: null });
      events.push({ kind: 'test', person: i, day, method: 'pcr', positive: true });
    });
    await writeEvents(t.database, residents, events);
    await refreshDirtyUnits(t.database);
    app = await buildApp({ config: t.config, database: t.database });
    planner = await signInAs(app, t.database, { username: 'planner', role: 'planner' });
    units = await q<Unit>('SELECT id, parent_id, level, population FROM unit ORDER BY id');
    for (const u of units) details.set(u.id, await get(`/api/units/${u.id}?date=${D}`));
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  /** What the planner can work out of a unit's 14-day community cases from its own detail and list row (rates give counts back). */
  const knownCommunity14 = async (u: Unit): Promise<Known> => {
    const shown = await fromList(u, 'communityCases14d');
    if (typeof shown === 'number') return shown;
    const d = details.get(u.id)!;
    const counted = d.reasons.find((r: { kind: string }) => r.kind === 'insufficientData')?.counts?.communityCases14d;
    if (typeof counted === 'number') return counted;
    const rate = d.indicators?.casesPer100kPerWeek;
    if (typeof rate === 'number' && u.population) return Math.round((rate * 2 * u.population) / 100_000);
    const band = d.reasons.find((r: { kind: string; indicator?: string }) => r.kind === 'band' && r.indicator === 'casesPer100kPerWeek')?.value;
    if (typeof band === 'number' && u.population) return Math.round((band * 2 * u.population) / 100_000);
    return undefined;
  };
  const knownCases7 = async (u: Unit): Promise<Known> => {
    const shown = await fromList(u, 'cases7d');
    if (typeof shown === 'number') return shown;
    const d = details.get(u.id)!;
    const counted = d.reasons.find((r: { kind: string }) => r.kind === 'insufficientData')?.counts?.allCases7d;
    if (typeof counted === 'number') return counted;
    for (const [name, weeks] of [['casesPer100k7d', 1], ['dailyCasesPer100k7dMean', 1 / 7]] as const) {
      const rate = d.indicators?.[name];
      if (typeof rate === 'number' && u.population) return Math.round((rate * u.population) / (100_000 * weeks));
    }
    return undefined;
  };

  it('finds no hidden count as parent − siblings − partner, using every detail', async () => {
    let groups = 0;
    let hiddenChildren = 0;
    for (const parent of units) {
      const children = units.filter((c) => c.parent_id === parent.id);
      if (children.length === 0) continue;
      for (const known of [knownCommunity14, knownCases7]) {
        const total = await known(parent);
        const unknown: Unit[] = [];
        for (const c of children) if ((await known(c)) === undefined) unknown.push(c);
        hiddenChildren += unknown.length;
        groups++;
        if (total !== undefined) expect(unknown.length, `parent ${parent.id} (${known.name}): one unknown child ${unknown[0]?.id} = total − the rest`).not.toBe(1);
      }
    }
    expect(groups).toBeGreaterThan(10);
    expect(hiddenChildren).toBeGreaterThan(0); // the attack had something to find
  });

  it('finds no hidden day as a 7-day window (any date) or a week minus its shown days', async () => {
    let windows = 0;
    let hiddenDays = 0;
    for (const u of units.filter((x) => x.level !== 'city')) {
      const days = new Map((details.get(u.id)!.history.counts as { date: string; cases: unknown }[]).map((c) => [c.date, c.cases]));
      const unknownIn = (from: number, to: number) => {
        let n = 0;
        for (let d = from; d <= to; d++) if (typeof days.get(toIsoDate(d)) === 'string') n++;
        return n;
      };
      for (let end = dayOf(D) - 13; end <= dayOf(D); end++) {
        const window = await fromList(u, 'cases7d', toIsoDate(end));
        const unknown = unknownIn(end - 6, end);
        hiddenDays += unknown;
        windows++;
        if (typeof window === 'number') expect({ unit: u.id, end: toIsoDate(end), unknown }).toEqual({ unit: u.id, end: toIsoDate(end), unknown: 0 });
      }
      const history = await get(`/api/units/${u.id}/history?from=${FIRST}&to=${D}`);
      expect(history.weeks.length).toBe(4);
      for (const week of history.weeks as { from: string; to: string; cases: unknown }[]) {
        if (typeof week.cases === 'number') expect({ unit: u.id, week: week.to, unknown: unknownIn(dayOf(week.from), dayOf(week.to)) }).toEqual({ unit: u.id, week: week.to, unknown: 0 });
      }
    }
    expect(windows).toBeGreaterThan(100);
    expect(hiddenDays).toBeGreaterThan(0);
  });

  it('shows no figure exactly in one output (list, detail, history, OGC, report) that another hides', async () => {
    const zone = await app.inject({ method: 'POST', url: '/api/zones', headers: planner, payload: { name: 'privacy', unitIds: units.filter((u) => u.level === 'ward').map((u) => u.id), shared: false } });
    expect(zone.statusCode, zone.body).toBe(201);
    const caller: Caller = { userId: 0, username: 'planner', role: 'planner', jurisdiction: null, sourceId: null, via: 'session' };
    const report = await gatherReportData(t.database, caller, 5, zone.json().id, { date: D, from: FIRST, level: 'block' }, async () => {});
    const ogc = new Map<number, Record<string, unknown>>();
    for (const level of ['district', 'ward', 'neighbourhood', 'block']) {
      const page = await get(`/ogc/collections/${level}/items?limit=1000&datetime=${D}`);
      for (const f of page.features) ogc.set(Number(f.id), f.properties.indicators ?? {});
    }
    let compared = 0;
    for (const r of report.units) {
      const u = units.find((x) => x.id === r.id)!;
      const d = details.get(u.id)!;
      // Counts and rates: the report's are the API's own, hidden where the API hides them.
      expect({ id: u.id, counts: r.counts }).toEqual({ id: u.id, counts: { communityCases14d: await fromList(u, 'communityCases14d'), cases7d: await fromList(u, 'cases7d') } });
      expect({ id: u.id, indicators: r.indicators }).toEqual({ id: u.id, indicators: d.indicators ?? {} });
      const hidden14 = typeof r.counts.communityCases14d === 'string';
      for (const name of ['casesPer100kPerWeek'] as const) {
        if (hidden14) expect({ id: u.id, detail: d.indicators?.[name], ogc: ogc.get(u.id)?.[name] ?? null }).toEqual({ id: u.id, detail: null, ogc: null });
      }
      // Days: the report's curve of a one-unit zone would be the unit's days; its history hides the same days as the detail's.
      const history = await get(`/api/units/${u.id}/history?from=${FIRST}&to=${D}`);
      expect(history.counts).toEqual(d.history.counts);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
    // The zone's curve never shows a day on which a unit's day is hidden.
    const hiddenOn = new Set(report.units.flatMap((r) => (details.get(r.id)!.history.counts as { date: string; cases: unknown }[]).filter((c) => typeof c.cases === 'string').map((c) => c.date)));
    for (const day of report.curve) if (hiddenOn.has(day.date)) expect(typeof day.cases).toBe('string');
  });

  it('withholds every indicator the catalog marks as a count, wherever it is small, in detail, OGC and reports', async () => {
    const countIndicators = (Object.keys(INDICATOR_CATALOG) as IndicatorName[]).filter((n) => INDICATOR_CATALOG[n].disclosure.kind === 'count');
    expect(countIndicators.length).toBeGreaterThan(0);
    const truth = async (unitId: number, series: string, windowDays: number) => {
      const column = { newCaseHouseholds: 'case_households_new', newCaseHouseholdsWithContact: 'case_households_new_contact' }[series] ?? series;
      const [row] = await q<{ n: number }>(`SELECT COALESCE(sum(${column}), 0)::int AS n FROM unit_day_rollup WHERE unit_id = $1 AND day > $2::date - $3::int AND day <= $2::date`, [unitId, D, windowDays]);
      return row!.n;
    };
    const ogc = new Map<number, Record<string, unknown>>();
    for (const level of ['district', 'ward', 'neighbourhood', 'block']) {
      for (const f of (await get(`/ogc/collections/${level}/items?limit=1000&datetime=${D}`)).features) ogc.set(Number(f.id), f.properties.indicators ?? {});
    }
    let smallSeen = 0;
    for (const name of countIndicators) {
      const disclosure = INDICATOR_CATALOG[name].disclosure as { series: string; windowDays: number };
      for (const u of units) {
        const shown = details.get(u.id)!.indicators?.[name];
        expect({ id: u.id, name, small: isSmall(shown) }).toEqual({ id: u.id, name, small: false });
        expect({ id: u.id, name, ogc: isSmall(ogc.get(u.id)?.[name]) }).toEqual({ id: u.id, name, ogc: false });
        if (isSmall(await truth(u.id, disclosure.series, disclosure.windowDays))) {
          smallSeen++;
          expect({ id: u.id, name, shown }).toEqual({ id: u.id, name, shown: null });
        }
      }
    }
    expect(smallSeen).toBeGreaterThan(0); // case households of 1–4 exist, and were withheld
    // Nothing in any detail (reasons included) carries a small number under a count's name.
    const countNames = new Set<string>([...countIndicators, ...Object.entries(COUNT_DISCLOSURE).filter(([, d]) => d.kind === 'count').map(([n]) => n)]);
    for (const d of details.values()) {
      JSON.stringify(d, (key, value) => {
        if (countNames.has(key)) expect({ unit: d.unit.id, key, small: isSmall(value) }).toEqual({ unit: d.unit.id, key, small: false });
        return value;
      });
    }
  });
});
