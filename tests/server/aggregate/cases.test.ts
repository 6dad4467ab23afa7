// What the city counts as a case (issue 14, point 1), through the real ingest
// and refresh: a pooled positive opens no case and marks its members pending an
// individual retest; the individual result decides; antigen positives count on
// the city map only from the case definition's date; a pool is one test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { runIngest } from '../../../server/ingest/ingest.service.ts';
import type { IngestOptions } from '../../../server/ingest/ingest.types.ts';
import { gradeBlockHouseholds } from '../../../server/risk/households.service.ts';
import { describeUnit } from '../../../server/risk/unit-risk.service.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { asRows, listPeople, seedPeople, testOf, type CityPerson } from '../ingest/ingest-fixtures.ts';

const POSITIVE = 'Dương tính';
const NEGATIVE = 'Âm tính';

describe('cases are what the city counts', () => {
  let t: TestDatabase;
  let key: string;
  let people: CityPerson[];
  const options = (): IngestOptions => ({ idHashKey: key, sourceCode: 'lab', kind: 'tests', channel: 'cli', today: '2021-12-31' });
  const query = <R,>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));
  const casesOf = (person: CityPerson) => query<{ confirmed_on: string }>(
    `SELECT confirmed_on::text FROM covid_case WHERE district_id = $1 AND person_id = $2 ORDER BY confirmed_on`, [person.districtId, person.id]);
  const ingest = async (records: Record<string, string>[]) => {
    const result = await runIngest(t.database, asRows(records), options());
    expect(result).toMatchObject({ rejected: 0 });
    await refreshDirtyUnits(t.database);
  };
  const pooled = (person: CityPerson, id: string, sample: string, time: string, result: string) =>
    testOf(person, id, { sampleTime: time, testMethod: 'RT-PCR mẫu gộp', pooled: 'Có', sampleId: sample, result });
  const single = (person: CityPerson, id: string, time: string, result: string, method = 'RT-PCR') =>
    testOf(person, id, { sampleTime: time, testMethod: method, result });

  beforeAll(async () => {
    t = await openTestDatabase();
    key = await resolveIdHashKey(t.config);
    await seedPeople(t.database, key);
    // People in blocks (households are listed per block), each in a different household.
    const all = await listPeople(t.database, 2000);
    const blocks = new Set((await query<{ id: number }>(`SELECT id FROM unit WHERE level = 'block'`)).map((r) => r.id));
    const seen = new Set<number>();
    people = all.filter((p) => blocks.has(p.unitId) && !seen.has(p.unitId) && seen.add(p.unitId) !== undefined).slice(0, 12);
    expect(people).toHaveLength(12);
  });
  afterAll(async () => t?.drop());

  it('opens no case for a pooled positive with a negative retest, and shows pending retest until the retest', async () => {
    const [a, b] = people as [CityPerson, CityPerson];
    await ingest([pooled(a, 'p1-a', 'G-1', '25/08/2021 09:00', POSITIVE), pooled(b, 'p1-b', 'G-1', '25/08/2021 09:00', POSITIVE)]);
    expect(await casesOf(a)).toEqual([]);
    expect(await casesOf(b)).toEqual([]);
    await ingest([single(a, 'r1-a', '27/08/2021 08:00', NEGATIVE)]);
    expect(await casesOf(a)).toEqual([]);

    const pendingOn = async (person: CityPerson, date: string) => {
      const detail = await t.database.withSession((s) => describeUnit(s, person.unitId, date, 'hcmc-2716'));
      const households = await t.database.withSession((s) => gradeBlockHouseholds(s, person.unitId, date));
      return { count: detail.standing.pendingRetest, household: households.some((h) => h.flags.pendingRetest) };
    };
    expect(await pendingOn(a, '2021-08-24')).toEqual({ count: 0, household: false });
    expect(await pendingOn(a, '2021-08-25')).toEqual({ count: 1, household: true });
    expect(await pendingOn(a, '2021-08-26')).toEqual({ count: 1, household: true });
    expect(await pendingOn(a, '2021-08-27')).toEqual({ count: 0, household: false });
    // b was never retested: pending for the configured 14 days, then no longer.
    expect(await pendingOn(b, '2021-09-07')).toEqual({ count: 1, household: true });
    expect(await pendingOn(b, '2021-09-08')).toEqual({ count: 0, household: false });
  });

  it('opens exactly one case, dated by the individual result, for a pooled positive then a positive individual RT-PCR', async () => {
    const c = people[2] as CityPerson;
    await ingest([pooled(c, 'p2-c', 'G-2', '25/08/2021 09:00', POSITIVE)]);
    await ingest([single(c, 'r2-c', '26/08/2021 10:00', POSITIVE)]);
    expect(await casesOf(c)).toEqual([{ confirmed_on: '2021-08-26' }]);
    const detail = await t.database.withSession((s) => describeUnit(s, c.unitId, '2021-08-26', 'hcmc-2716'));
    expect(detail.standing.pendingRetest).toBe(0);
    expect(detail.standing.activeCases).toBe(1);
  });

  it('counts an antigen positive as a case on the city map only from the configured date (2021-08-20)', async () => {
    const [before, on] = [people[3] as CityPerson, people[4] as CityPerson];
    await ingest([
      single(before, 'ag-before', '19/08/2021 10:00', POSITIVE, 'Test nhanh kháng nguyên'),
      single(on, 'ag-on', '20/08/2021 10:00', POSITIVE, 'Test nhanh kháng nguyên'),
    ]);
    expect(await casesOf(before)).toEqual([]);
    expect(await casesOf(on)).toEqual([{ confirmed_on: '2021-08-20' }]);
  });

  it('counts one pooled tube as one test in positivity', async () => {
    const pool = people.slice(5, 10);
    await ingest(pool.map((p, i) => pooled(p, `p3-${i}`, 'G-3', '10/09/2021 09:00', POSITIVE)));
    await ingest([single(people[10] as CityPerson, 'r3-x', '10/09/2021 11:00', NEGATIVE)]);
    const [city] = await query<{ tests_pcr: number; positive_pcr: number }>(
      `SELECT r.tests_pcr, r.positive_pcr FROM unit_day_rollup r JOIN unit u ON u.id = r.unit_id WHERE u.level = 'city' AND r.day = '2021-09-10'`);
    expect(city).toEqual({ tests_pcr: 2, positive_pcr: 1 });
    for (const p of pool) expect(await casesOf(p)).toEqual([]);
  });

  it('dates a case by its first positive when an earlier sample arrives later, and moves the count to that day', async () => {
    const d = people[11] as CityPerson;
    const casesOn = async (day: string) => (await query<{ n: number }>(
      `SELECT COALESCE(sum(r.cases_community), 0)::int AS n FROM unit_day_rollup r WHERE r.unit_id = $1 AND r.day = $2`, [d.unitId, day]))[0]!.n;
    // A hospital's positive of 12 September reaches the map first; the test site's sample of the 11th arrives after it.
    await ingest([single(d, 'late-2', '12/09/2021 06:19', POSITIVE)]);
    expect(await casesOf(d)).toEqual([{ confirmed_on: '2021-09-12' }]);
    await ingest([single(d, 'late-1', '11/09/2021 15:29', POSITIVE)]);
    expect(await casesOf(d)).toEqual([{ confirmed_on: '2021-09-11' }]);
    expect([await casesOn('2021-09-11'), await casesOn('2021-09-12')]).toEqual([1, 0]);
  });
});
