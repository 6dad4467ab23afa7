import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildEverything, refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, snapshotAggregates, writeEvents, type FixtureEvent, type Resident } from './event-fixtures.ts';

const day = (offset: number) => new Date(Date.UTC(2021, 9, 1 + offset)).toISOString().slice(0, 10);

const arbEvent = (people: number): fc.Arbitrary<FixtureEvent> => fc.oneof(
  fc.record({ kind: fc.constant('test' as const), person: fc.nat(people - 1), day: fc.nat(40).map(day), method: fc.constantFrom('pcr' as const, 'antigen' as const), positive: fc.boolean() }),
  fc.record({ kind: fc.constant('dose' as const), person: fc.nat(people - 1), day: fc.nat(40).map(day), dose: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    kind: fc.constant('case' as const), person: fc.nat(people - 1), day: fc.nat(40).map(day),
    classification: fc.constantFrom('community' as const, 'imported' as const, 'quarantine' as const),
    severity: fc.constantFrom('mild' as const, 'severe' as const, 'death' as const),
    recoveredOn: fc.option(fc.integer({ min: 41, max: 60 }).map(day), { nil: null }),
  }),
);

const CLEAR_EVENTS = `DELETE FROM test_result; DELETE FROM vaccination; DELETE FROM covid_case; DELETE FROM dirty_unit_day; DELETE FROM unit_capacity`;

describe('incremental refresh', () => {
  let t: TestDatabase;
  let residents: Resident[];
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 3000, seed: 't', idHashKey: 'x'.repeat(40) });
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
