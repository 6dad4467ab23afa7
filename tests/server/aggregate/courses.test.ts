// Courses, ages and denominators (issue 14, point 4): full course per vaccine's
// primary series, age bands by age on the date shown, parents' age bands as the
// sums of their children's, and a coverage above 100% named with its cause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildEverything, refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { selectStanding } from '../../../server/risk/unit-risk.repo.ts';
import { describeUnit } from '../../../server/risk/unit-risk.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, writeEvents, type Resident } from './event-fixtures.ts';

const CLEAR_EVENTS = `DELETE FROM test_result; DELETE FROM vaccination; DELETE FROM covid_case; DELETE FROM dirty_unit_day`;

describe('courses, ages and denominators', () => {
  let t: TestDatabase;
  let residents: Resident[];
  const query = <R,>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));
  const milestoneOf = async (r: Resident) => (await query<{ full_on: string | null; booster_on: string | null }>(
    `SELECT full_on::text, booster_on::text FROM person_vaccination_milestone WHERE district_id = $1 AND person_id = $2`, [r.districtId, r.personId]))[0];

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 3000, seed: 'courses', idHashKey: 'x'.repeat(40) });
    residents = (await listResidents(t.database)).filter((_, i) => i % 97 === 0);
  });
  afterAll(async () => t?.drop());

  it('completes Abdala on the third dose, Janssen on the first, and a mixed AstraZeneca + Pfizer course on the second', async () => {
    await t.database.withSession((s) => s.exec(CLEAR_EVENTS));
    await rebuildEverything(t.database);
    await writeEvents(t.database, residents, [
      { kind: 'dose', person: 0, day: '2021-08-01', dose: 1, vaccine: 'ABDALA' },
      { kind: 'dose', person: 0, day: '2021-08-15', dose: 2, vaccine: 'ABDALA' },
      { kind: 'dose', person: 1, day: '2021-08-03', dose: 1, vaccine: 'JANSSEN' },
      { kind: 'dose', person: 2, day: '2021-07-01', dose: 1, vaccine: 'AZ' },
      { kind: 'dose', person: 2, day: '2021-08-26', dose: 2, vaccine: 'PFIZER' },
    ]);
    await refreshDirtyUnits(t.database);
    expect(await milestoneOf(residents[0] as Resident)).toEqual({ full_on: null, booster_on: null });
    expect(await milestoneOf(residents[1] as Resident)).toEqual({ full_on: '2021-08-03', booster_on: null });
    expect(await milestoneOf(residents[2] as Resident)).toEqual({ full_on: '2021-08-26', booster_on: null });
    await writeEvents(t.database, residents, [
      { kind: 'dose', person: 0, day: '2021-08-29', dose: 3, vaccine: 'ABDALA' },
      { kind: 'dose', person: 1, day: '2021-11-03', dose: 2, vaccine: 'PFIZER' },
    ]);
    await refreshDirtyUnits(t.database);
    expect(await milestoneOf(residents[0] as Resident)).toEqual({ full_on: '2021-08-29', booster_on: null });
    expect(await milestoneOf(residents[1] as Resident)).toEqual({ full_on: '2021-08-03', booster_on: '2021-11-03' });
  });

  it('counts a 64-year-old vaccinated in July in 65+ from her 65th birthday', async () => {
    await t.database.withSession((s) => s.exec(CLEAR_EVENTS));
    await rebuildEverything(t.database);
    const her = residents[3] as Resident;
    await query(`UPDATE person SET birth_date = '1956-09-15' WHERE district_id = $1 AND id = $2`, [her.districtId, her.personId]);
    await writeEvents(t.database, residents, [
      { kind: 'dose', person: 3, day: '2021-07-01', dose: 1, vaccine: 'PFIZER' },
      { kind: 'dose', person: 3, day: '2021-07-22', dose: 2, vaccine: 'PFIZER' },
    ]);
    await refreshDirtyUnits(t.database);
    const [city] = await query<{ id: number }>(`SELECT id FROM unit WHERE level = 'city'`);
    const on = (date: string) => t.database.withSession((s) => selectStanding(s, city?.id as number, date));
    expect(await on('2021-09-14')).toMatchObject({ full_people: 1, full_65plus: 0, dose1_people: 1 });
    expect(await on('2021-09-15')).toMatchObject({ full_people: 1, full_65plus: 1, full_50plus: 1, full_18plus: 1 });
    // A full rebuild gives the same.
    await rebuildEverything(t.database);
    expect(await on('2021-09-14')).toMatchObject({ full_65plus: 0 });
    expect(await on('2021-09-15')).toMatchObject({ full_65plus: 1 });
  });

  it('gives every parent the sum of its children’s age-band populations', async () => {
    const mismatches = await query(`
      SELECT p.level, p.code, p.population, p.population_18plus, p.population_50plus, p.population_65plus,
             sum(c.population)::int AS c_population, sum(c.population_18plus)::int AS c18, sum(c.population_50plus)::int AS c50, sum(c.population_65plus)::int AS c65
      FROM unit p JOIN unit c ON c.parent_id = p.id
      WHERE NOT p.age_bands_imported
      GROUP BY p.id
      HAVING (p.population, p.population_18plus, p.population_50plus, p.population_65plus)
        IS DISTINCT FROM (sum(c.population)::int, sum(c.population_18plus)::int, sum(c.population_50plus)::int, sum(c.population_65plus)::int)`);
    expect(mismatches).toEqual([]);
    const [parents] = await query<{ n: number }>(`SELECT count(DISTINCT parent_id)::int AS n FROM unit WHERE parent_id IS NOT NULL`);
    expect(parents?.n).toBeGreaterThan(10);
  });

  it('flags a coverage above 100% as a data problem with its cause (the population below the vaccinated count)', async () => {
    await t.database.withSession((s) => s.exec(CLEAR_EVENTS));
    const block = (residents[4] as Resident).unitId;
    const same = residents.map((r, i) => ({ r, i })).filter(({ r }) => r.unitId === block);
    await writeEvents(t.database, residents, same.map(({ i }) => ({ kind: 'dose' as const, person: i, day: '2021-08-02', dose: 1, vaccine: 'PFIZER' })));
    await query(`UPDATE unit SET population = $2::int, population_18plus = LEAST(population_18plus, $2::int),
      population_50plus = LEAST(population_50plus, $2::int), population_65plus = LEAST(population_65plus, $2::int) WHERE id = $1`, [block, same.length - 1]);
    await rebuildEverything(t.database);
    const detail = await t.database.withSession((s) => describeUnit(s, block, '2021-08-10', 'moh-4800'));
    expect(detail.dataProblems).toContainEqual({ code: 'coverage_above_100', indicator: 'coverage1DoseTotal', numerator: same.length, denominator: same.length - 1 });
    const clean = await t.database.withSession((s) => describeUnit(s, (residents[5] as Resident).unitId === block ? (residents[6] as Resident).unitId : (residents[5] as Resident).unitId, '2021-08-10', 'moh-4800'));
    expect(clean.dataProblems).toEqual([]);
  });
});
