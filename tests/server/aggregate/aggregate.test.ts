import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildEverything, refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, snapshotAggregates, writeEvents, type FixtureEvent, type Resident } from './event-fixtures.ts';

const day = (offset: number) => new Date(Date.UTC(2021, 9, 1 + offset)).toISOString().slice(0, 10);

const arbEvent = (people: number): fc.Arbitrary<FixtureEvent> => fc.oneof(
  fc.record({ kind: fc.constant('test' as const), person: fc.nat(people - 1), day: fc.nat(40).map(day), method: fc.constantFrom('pcr' as const, 'antigen' as const), positive: fc.boolean(),
    pool: fc.option(fc.constantFrom('G1', 'G2', 'G3'), { nil: null }) }),
  fc.record({ kind: fc.constant('dose' as const), person: fc.nat(people - 1), day: fc.nat(40).map(day), dose: fc.integer({ min: 1, max: 3 }),
    vaccine: fc.constantFrom('AZ', 'PFIZER', 'ABDALA', 'JANSSEN') }),
  fc.record({
    kind: fc.constant('case' as const), person: fc.nat(people - 1), day: fc.nat(40).map(day),
    classification: fc.constantFrom('community' as const, 'imported' as const, 'quarantine' as const),
    severity: fc.constantFrom('mild' as const, 'severe' as const, 'death' as const),
    recoveredOn: fc.option(fc.integer({ min: 41, max: 60 }).map(day), { nil: null }),
  }),
);

const CLEAR_EVENTS = `DELETE FROM test_result; DELETE FROM vaccination; DELETE FROM covid_case; DELETE FROM dirty_unit_day; DELETE FROM unit_capacity`;

// Every ward of the seeded 3,000-person city is under MoH 4800's 1,000-person minimum, so every
// roll-up (Decision 2686) would be "insufficient data" whatever happens: scaled, wards are graded
// and the roll-up tiers and their reasons vary with the events.
const SCALE_POPULATIONS = `UPDATE unit SET population = population * 20, population_18plus = population_18plus * 20,
  population_50plus = population_50plus * 20, population_65plus = population_65plus * 20`;

const CITY_ROLL_UP_RUNS = `
SELECT t.day::text AS day, t.tier FROM unit_tier t JOIN unit u ON u.id = t.unit_id
WHERE u.level = 'city' AND t.rule_set_id = 'moh-2686-rollup' ORDER BY t.day`;

describe('incremental refresh', () => {
  let t: TestDatabase;
  let residents: Resident[];
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 3000, seed: 't', idHashKey: 'x'.repeat(40) });
    await t.database.withSession((s) => s.exec(SCALE_POPULATIONS));
    // A small pool, so that people get several doses and households several cases.
    residents = (await listResidents(t.database)).filter((_, i) => i % 50 === 0);
  });
  afterAll(async () => t?.drop());

  it('equals a full rebuild on random event streams delivered in random batches', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.array(arbEvent(residents.length), { minLength: 1, maxLength: 25 }), { minLength: 1, maxLength: 4 }), async (batches) => {
      await t.database.withSession((s) => s.exec(CLEAR_EVENTS));
      await rebuildEverything(t.database);
      for (const batch of batches) {
        await writeEvents(t.database, residents, batch);
        await refreshDirtyUnits(t.database);
      }
      const incremental = await snapshotAggregates(t.database);
      await rebuildEverything(t.database);
      expect(await snapshotAggregates(t.database)).toEqual(incremental);
    }), { numRuns: 12, seed: 4800 });
  });

  it('rolls up a district a refresh did not touch at its baseline, with its wards, as a full rebuild does', async () => {
    await t.database.withSession((s) => s.exec(CLEAR_EVENTS));
    await rebuildEverything(t.database);
    const everyone = await listResidents(t.database);
    const first = everyone[0] as Resident;
    const indexes = (keep: (r: Resident) => boolean) => everyone.flatMap((r, i) => (keep(r) ? [i] : [])).slice(0, 10);
    const cases = (people: number[], offset: number): FixtureEvent[] => people.map((person) => (
      { kind: 'case', person, day: day(offset), classification: 'community', severity: 'mild', recoveredOn: null }));
    // The city's roll-up from day 10 on is graded while the other district has no data yet (baseline).
    await writeEvents(t.database, everyone, cases(indexes((r) => r.unitId === first.unitId), 10));
    await refreshDirtyUnits(t.database);
    await writeEvents(t.database, everyone, cases(indexes((r) => r.districtId !== first.districtId), 30));
    await refreshDirtyUnits(t.database);
    const incremental = await snapshotAggregates(t.database);
    const cityRuns = await t.database.withSession((s) => s.query<{ day: string; tier: string }>(CITY_ROLL_UP_RUNS));
    expect(cityRuns[0]?.day).toBe(day(10));
    await rebuildEverything(t.database);
    expect(await snapshotAggregates(t.database)).toEqual(incremental);
  });

  it('consumes the dirty pairs it processed and does nothing when none are left', async () => {
    await writeEvents(t.database, residents, [{ kind: 'test', person: 0, day: day(3), method: 'pcr', positive: true }]);
    const first = await refreshDirtyUnits(t.database);
    expect(first.dirtyPairs).toBe(1);
    expect(first.eventId).not.toBeNull();
    const left = await t.database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM dirty_unit_day'));
    expect(left[0]?.n).toBe(0);
    expect(await refreshDirtyUnits(t.database)).toEqual({ dirtyPairs: 0, unitsRefreshed: 0, tierChanges: 0, eventId: null });
  });

  it('keeps vaccinated people as running sums: a back-dated first dose moves the milestone', async () => {
    await t.database.withSession((s) => s.exec(CLEAR_EVENTS));
    await rebuildEverything(t.database);
    await writeEvents(t.database, residents, [{ kind: 'dose', person: 1, day: day(20), dose: 1 }]);
    await refreshDirtyUnits(t.database);
    await writeEvents(t.database, residents, [{ kind: 'dose', person: 1, day: day(5), dose: 1 }]);
    await refreshDirtyUnits(t.database);
    const rows = await t.database.withSession((s) => s.query<{ day: string; dose1_people: number; d: number[] }>(
      `SELECT day::text, dose1_people, doses AS d FROM unit_day_rollup r JOIN unit u ON u.id = r.unit_id WHERE u.level = 'city' ORDER BY day`));
    expect(rows).toEqual([
      { day: day(5), dose1_people: 1, d: [1, 0, 0, 0, 0] },
      { day: day(20), dose1_people: 0, d: [1, 0, 0, 0, 0] },
    ]);
  });
});
