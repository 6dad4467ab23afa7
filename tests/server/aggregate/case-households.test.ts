// HCMC Plan 2716 read as its text: a case household is a household with a new
// case (F0) in the window, counted once; a household's second case within 14
// days keeps it a case household and keeps the group from turning green.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildEverything, refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { describeUnit } from '../../../server/risk/unit-risk.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, snapshotAggregates, writeEvents, type Resident } from './event-fixtures.ts';

describe('Plan 2716 case households', () => {
  let t: TestDatabase;
  let residents: Resident[];
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 3000, seed: 'households', idHashKey: 'x'.repeat(40) });
    residents = await listResidents(t.database);
  });
  afterAll(async () => t?.drop());

  it('counts a household with a new case in the window once, however many cases, and grades the group by it', async () => {
    // Two households of one block: X with cases on 25 Aug and 5 Sep, Y with one on 8 Sep and another on 9 Sep.
    const first = residents[0] as Resident;
    const inBlock = residents.map((r, i) => ({ r, i })).filter(({ r }) => r.unitId === first.unitId);
    const x = inBlock[0]?.i as number;
    const y = inBlock.find(({ r }) => r.householdId !== first.householdId)?.i;
    if (y === undefined) throw new Error('the block needs two households');
    const caseOn = (person: number, day: string) => ({ kind: 'case' as const, person, day, classification: 'community' as const, severity: 'mild' as const, recoveredOn: null });
    await writeEvents(t.database, residents, [caseOn(x, '2021-08-25'), caseOn(x, '2021-09-05')]);
    await refreshDirtyUnits(t.database);
    const on = async (date: string) => {
      const detail = await t.database.withSession((s) => describeUnit(s, first.unitId, date, 'hcmc-2716'));
      return { tier: detail.tier.id, households: detail.indicators?.caseHouseholds14d, days: detail.indicators?.daysSinceLastCaseHousehold };
    };
    // X's 5 Sep case is a new case: X is a case household on 10 Sep (the earlier reading counted none and showed green).
    expect(await on('2021-09-10')).toEqual({ tier: 'vang', households: 1, days: 5 });
    await writeEvents(t.database, residents, [caseOn(y, '2021-09-08'), caseOn(y, '2021-09-09')]);
    await refreshDirtyUnits(t.database);
    // Two households with new cases, Y counted once for its two.
    expect(await on('2021-09-10')).toEqual({ tier: 'cam', households: 2, days: 1 });
    // 7 days after the last new case: near-green; 15 days after: green.
    expect((await on('2021-09-16')).tier).toBe('can-xanh');
    expect(await on('2021-09-24')).toMatchObject({ tier: 'xanh' });
    // The incremental state equals a full rebuild.
    const incremental = await snapshotAggregates(t.database);
    await rebuildEverything(t.database);
    expect(await snapshotAggregates(t.database)).toEqual(incremental);
  });
});
