import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { SHIPPED_RULE_SETS } from '../../../geo/risk/index.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, writeEvents, type FixtureEvent, type Resident } from '../aggregate/event-fixtures.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';

// The worked cases of risk-models.md, placed in a seeded city: populations are
// set to the published ones and events written as ingest would write them.
const D = '2021-10-25'; // a Monday
const WITHIN_14_DAYS = ['2021-10-12', '2021-10-15', '2021-10-19', '2021-10-22', '2021-10-25'];
const SET_POPULATION = `UPDATE unit SET population = $2, population_18plus = $3, population_50plus = NULL, population_65plus = NULL WHERE id = $1`;

interface City { cityId: number; hangTrong: number; laKhe: number; dongDa: number; smallBlock: number; emptyBlock: number; d1Code: string; d2Code: string }

async function arrangeWorkedCases(t: TestDatabase, residents: Resident[]): Promise<City> {
  const units = await t.database.withSession((s) => s.query<{ id: number; level: string; parent_id: number | null; district_id: number | null }>(
    `SELECT id, level, parent_id, district_id FROM unit ORDER BY id`));
  const city = units.find((u) => u.level === 'city')!;
  const districts = units.filter((u) => u.level === 'district');
  const [d1, d2] = [districts[0]!, districts[1]!];
  const wardsOf = (d: number) => units.filter((u) => u.level === 'ward' && u.parent_id === d);
  const [hangTrong, laKhe] = [wardsOf(d1.id)[0]!, wardsOf(d1.id)[1]!];
  const ward = (unitId: number) => { let u = units.find((x) => x.id === unitId)!; while (u.level !== 'ward') u = units.find((x) => x.id === u.parent_id)!; return u.id; };
  const inWard = (w: number) => residents.map((r, i) => ({ r, i })).filter(({ r }) => ward(r.unitId) === w);
  const inDistrict = (d: number) => residents.map((r, i) => ({ r, i })).filter(({ r }) => r.districtId === d);
  const events: FixtureEvent[] = [];
  const cases = (people: { i: number }[], n: number) => {
    for (let k = 0; k < n; k++) events.push({ kind: 'case', person: people[k % people.length]!.i, day: WITHIN_14_DAYS[k % WITHIN_14_DAYS.length]!, classification: 'community', severity: 'mild', recoveredOn: null });
  };
  const doses = (people: { i: number }[], n: number) => {
    for (let k = 0; k < n; k++) events.push({ kind: 'dose', person: people[k]!.i, day: '2021-09-01', dose: 1 });
  };
  cases(inWard(hangTrong.id), 1);
  doses(inWard(hangTrong.id), 95);
  cases(inWard(laKhe.id), 3);
  cases(inDistrict(d2.id), 177);
  doses(inDistrict(d2.id), 80);
  await writeEvents(t.database, residents, events);
  await refreshDirtyUnits(t.database);
  // Populations as published; adults = the vaccinated adults on D / coverage (a teenager enters 18+ on her birthday, after D).
  const adultsVaccinated = async (unitId: number) => (await t.database.withSession((s) => s.query<{ n: number }>(
    `SELECT COALESCE(sum(dose1_18plus), 0)::int AS n FROM unit_day_rollup WHERE unit_id = $1 AND day <= $2::date`, [unitId, D])))[0]!.n;
  const blocks = units.filter((u) => u.level === 'block');
  const adults = { hangTrong: await adultsVaccinated(hangTrong.id), dongDa: await adultsVaccinated(d2.id), city: await adultsVaccinated(city.id) };
  await t.database.withSession(async (s) => {
    await s.query(SET_POPULATION, [hangTrong.id, 5716, Math.round(adults.hangTrong / 0.95)]);
    await s.query(SET_POPULATION, [laKhe.id, 39335, 30000]);
    await s.query(SET_POPULATION, [d2.id, 50000, Math.round(adults.dongDa / 0.9)]);
    await s.query(SET_POPULATION, [city.id, 452500, Math.round(adults.city / 0.939)]);
    await s.query(SET_POPULATION, [blocks[0]!.id, 500, 300]);
    await s.query(SET_POPULATION, [blocks[1]!.id, 0, 0]);
  });
  await t.database.withSession((s) => s.exec(`INSERT INTO dirty_unit_day (unit_id, day) SELECT id, DATE '2021-09-01' FROM unit WHERE level = 'block' ON CONFLICT DO NOTHING`));
  await refreshDirtyUnits(t.database);
  const code = async (id: number) => (await t.database.withSession((s) => s.query<{ code: string }>('SELECT code FROM unit WHERE id = $1', [id])))[0]!.code;
  return { cityId: city.id, hangTrong: hangTrong.id, laKhe: laKhe.id, dongDa: d2.id, smallBlock: blocks[0]!.id, emptyBlock: blocks[1]!.id, d1Code: await code(d1.id), d2Code: await code(d2.id) };
}

describe('risk API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let city: City;
  let as: Record<'leader' | 'admin' | 'official1' | 'official2', SignedInHeaders>;
  const inject = (options: { method?: 'GET' | 'POST' | 'PUT'; url: string; payload?: unknown; headers?: Record<string, string> }, who: SignedInHeaders) =>
    app.inject({ method: options.method ?? 'GET', url: options.url, payload: options.payload as never, headers: { ...who, ...options.headers } });
  /** Who looks at a unit in these tests: its district's official where there is one, else the city leader. */
  const viewerOf = (id: number) => (id === city.hangTrong || id === city.laKhe ? as.official1 : id === city.dongDa ? as.official2 : as.leader);
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 3000, seed: 't', idHashKey: 'x'.repeat(40) });
    city = await arrangeWorkedCases(t, await listResidents(t.database));
    app = await buildApp({ config: t.config, database: t.database });
    // Exact small counts are for the official of the unit; the city leader sees them suppressed.
    as = {
      leader: await signInAs(app, t.database, { username: 'leader', role: 'city_leader' }),
      admin: await signInAs(app, t.database, { username: 'admin', role: 'admin' }),
      official1: await signInAs(app, t.database, { username: 'official1', role: 'ward_official', unitCode: city.d1Code }),
      official2: await signInAs(app, t.database, { username: 'official2', role: 'ward_official', unitCode: city.d2Code }),
    };
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const unit = async (id: number, ruleSet = 'moh-4800', date = D) => {
    const res = await inject({ url: `/api/units/${id}?date=${date}&ruleSet=${ruleSet}` }, viewerOf(id));
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const band = (body: { reasons: { kind: string; value?: number; valueUsed?: number }[] }) => body.reasons.find((r) => r.kind === 'band');

  it('Hàng Trống: 1 case in 2 weeks, 5,716 people → 8.75, published 9 → Cấp 1', async () => {
    const body = await unit(city.hangTrong);
    expect(band(body)).toMatchObject({ value: 100000 / (2 * 5716), valueUsed: 9 });
    expect(body.indicators.coverage1Dose18).toBeGreaterThanOrEqual(0.945);
    expect(body.tier).toMatchObject({ id: '1', insufficientData: false });
    expect(body.summary.en).toMatch(/Level 1/);
  });

  it('La Khê: 3 cases, 39,335 people → 3.81, published 4 → band 1', async () => {
    const body = await unit(city.laKhe);
    expect(band(body)).toMatchObject({ valueUsed: 4, band: { level: 1 } });
    expect(body.tier.id).toBe('1');
  });

  it('Đống Đa district: 177 per 100k per week, high coverage → Cấp 3', async () => {
    const body = await unit(city.dongDa);
    expect(band(body)).toMatchObject({ valueUsed: 177, band: { level: 4 } });
    expect(body.tier.id).toBe('3');
  });

  it('the city: 20 per 100k per week, 93.9% one dose → Cấp 2', async () => {
    const body = await unit(city.cityId);
    expect(band(body)).toMatchObject({ valueUsed: 20, band: { level: 2 } });
    expect(body.indicators.coverage1Dose18).toBeCloseTo(0.939, 2);
    expect(body.tier.id).toBe('2');
  });

  it('shows insufficient data for a small, a zero and an unknown population, never NaN', async () => {
    for (const id of [city.smallBlock, city.emptyBlock]) {
      const body = await unit(id);
      expect(body.tier).toMatchObject({ id: 'insufficient', insufficientData: true });
      expect(body.indicators.casesPer100kPerWeek === null || Number.isFinite(body.indicators.casesPer100kPerWeek)).toBe(true);
    }
    const res = await inject({ url: `/api/units?level=block&date=${D}` }, as.leader);
    const body = res.json();
    const i = body.id.indexOf(city.emptyBlock);
    expect(body.tiers[body.tier[i]].id).toBe('insufficient');
    expect(body.casesPer100kPerWeek[i]).toBeNull();
    expect(JSON.stringify(body)).not.toMatch(/NaN|Infinity/);
  });

  it('lists a level as columns, with the tier the unit endpoint gives, and answers 304 to a current ETag', async () => {
    const res = await inject({ url: `/api/units?level=ward&date=${D}` }, as.official1);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.id.length).toBe(6);
    const i = body.id.indexOf(city.hangTrong);
    expect(body.tiers[body.tier[i]].id).toBe('1');
    expect(body.communityCases14d[i]).toBe(1);
    const again = await inject({ url: `/api/units?level=ward&date=${D}`, headers: { 'if-none-match': res.headers.etag as string } }, as.official1);
    expect(again.statusCode).toBe(304);
    const otherDate = await inject({ url: `/api/units?level=ward&date=2021-10-01`, headers: { 'if-none-match': res.headers.etag as string } }, as.official1);
    expect(otherDate.statusCode).toBe(200);
  });

  it('sorts children by tier and plays back history from the stored runs', async () => {
    const children = (await inject({ url: `/api/units/${city.cityId}/children?date=${D}&sort=tier` }, as.leader)).json();
    const orders = children.children.map((c: { tierIndex: number }) => c.tierIndex);
    expect(orders).toEqual([...orders].sort((a, b) => b - a));
    expect(children.children.map((c: { id: number }) => c.id)).toContain(city.dongDa);
    const history = (await inject({ url: `/api/units/${city.dongDa}/history?from=2021-10-01&to=${D}` }, as.leader)).json();
    expect(history.days[0]).toEqual({ date: '2021-10-01', tier: '1' });
    expect(history.days.at(-1)).toEqual({ date: D, tier: '3' });
    const weekly = (await inject({ url: `/api/units/${city.dongDa}/history?from=2021-10-01&to=${D}&assessment=weekly` }, as.leader)).json();
    expect(weekly.days.map((d: { date: string }) => d.date)).toEqual(['2021-10-04', '2021-10-11', '2021-10-18', '2021-10-25']);
  });

  it('rolls the city up from its districts\' baselines on a day before any data, as its history does (Decision 2686)', async () => {
    // No district has a run yet: Đống Đa's wards are all under 1,000 people (no data), the other district has two graded wards.
    const before = '2021-08-02';
    const body = await unit(city.cityId, 'moh-2686-rollup', before);
    expect(body.reasons[0]).toMatchObject({ kind: 'childShares', childrenWithData: 1, childrenWithoutData: 1 });
    expect(body.tier.id).toBe('1');
    const history = (await inject({ url: `/api/units/${city.cityId}/history?from=${before}&to=${before}&ruleSet=moh-2686-rollup` }, as.leader)).json();
    expect(history).toMatchObject({ baselineTier: '1', days: [{ date: before, tier: '1' }] });
  });

  it('refuses an invalid rule set with every problem, accepts a valid one and grades with it', async () => {
    const bad = structuredClone(SHIPPED_RULE_SETS.find((rs) => rs.id === 'harvard-ghi')!) as unknown as Record<string, any>;
    bad.id = 'city-own';
    bad.indicators[0].bands[1].from = 2;
    bad.combine.indicators = ['noSuchIndicator'];
    const refused = await inject({ method: 'POST', url: '/api/rule-sets', payload: bad }, as.admin);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.length).toBeGreaterThanOrEqual(1);
    const good = structuredClone(SHIPPED_RULE_SETS.find((rs) => rs.id === 'harvard-ghi')!) as unknown as Record<string, any>;
    good.id = 'city-own';
    good.jurisdiction = 'XX';
    expect((await inject({ method: 'POST', url: '/api/rule-sets', payload: good }, as.leader)).statusCode).toBe(403);
    const created = await inject({ method: 'POST', url: '/api/rule-sets', payload: good }, as.admin);
    expect(created.statusCode).toBe(201);
    expect((await inject({ method: 'POST', url: '/api/rule-sets', payload: good }, as.admin)).statusCode).toBe(409);
    await app.ctx.aggregator.idle();
    const graded = await unit(city.dongDa, 'city-own');
    expect(graded.ruleSetId).toBe('city-own');
    const stored = await t.database.withSession((s) => s.query(`SELECT 1 FROM unit_tier WHERE rule_set_id = 'city-own'`));
    expect(stored.length).toBeGreaterThan(0);
  });

  it('uses capacity: MoH 218 response capacity "low" raises the tier', async () => {
    const before = await unit(city.hangTrong, 'moh-218');
    const res = await inject({ method: 'PUT', url: `/api/units/${city.hangTrong}/capacity`, payload: { effectiveFrom: '2021-10-01', responseCapacity: 'low' } }, as.admin);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ effectiveFrom: '2021-10-01', treatmentCapacityMet: null, responseCapacity: 'low' }]);
    const after = await unit(city.hangTrong, 'moh-218');
    expect(after.tier.order).toBeGreaterThan(before.tier.order);
    const listed = (await inject({ url: `/api/units?level=ward&date=${D}&ruleSet=moh-218` }, as.official1)).json();
    expect(listed.tiers[listed.tier[listed.id.indexOf(city.hangTrong)]].id).toBe(after.tier.id);
  });

  it('lists the households of a block with flags and tiers, without names', async () => {
    const block = (await inject({ url: `/api/units?level=block&date=${D}` }, as.official1)).json();
    const withCases = block.id[block.communityCases14d.findIndex((n: number) => n > 0)];
    expect((await inject({ url: `/api/units/${withCases}/households?date=${D}` }, as.leader)).statusCode).toBe(403);
    const res = await inject({ url: `/api/units/${withCases}/households?date=${D}` }, as.official1);
    expect(res.statusCode).toBe(200);
    const { households } = res.json();
    expect(households.some((h: { tier: string }) => h.tier === 'red')).toBe(true);
    expect(households.every((h: { flags: { caseInBlock14d: boolean } }) => h.flags.caseInBlock14d)).toBe(true);
    expect(JSON.stringify(households)).not.toMatch(/full_?name|fullName|phone/);
    expect((await inject({ url: `/api/units/${city.cityId}/households?date=${D}` }, as.official1)).statusCode).toBe(403);
  });
});
