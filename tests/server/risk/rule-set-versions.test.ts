// Rule sets apply as dated (issue 14, point 5): a new version of a rule set
// with an effective date grades the days from that date; the days before keep
// the earlier version, and history across the change shows both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findShippedRuleSet } from '../../../geo/risk/index.ts';
import { rebuildEverything } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { listRuleSets, listRuleSetVersions, saveRuleSet } from '../../../server/risk/rule-set.service.ts';
import { describeHistory } from '../../../server/risk/unit-risk.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, writeEvents } from '../aggregate/event-fixtures.ts';

describe('rule sets apply as dated', () => {
  let t: TestDatabase;
  let cityId: number;
  const query = <R,>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 3000, seed: 'versions', idHashKey: 'x'.repeat(40) });
    const residents = await listResidents(t.database, 50);
    await writeEvents(t.database, residents, [
      { kind: 'case', person: 0, day: '2021-10-04', classification: 'community', severity: 'mild', recoveredOn: null },
      { kind: 'dose', person: 1, day: '2021-10-04', dose: 1 },
    ]);
    cityId = (await query<{ id: number }>(`SELECT id FROM unit WHERE level = 'city'`))[0]?.id as number;
  });
  afterAll(async () => t?.drop());

  it('switches to a new version on its effective date, and history shows both', async () => {
    const v1 = findShippedRuleSet('moh-4800');
    if (!v1) throw new Error('moh-4800 is shipped');
    // Version 2 from 2021-10-15: a minimum population no city reaches, so every unit is "insufficient data" under it.
    const v2 = { ...v1, version: '2.0.0', effectiveFrom: '2021-10-15', effectiveTo: '2022-01-26', insufficientData: { minPopulation: 100_000_000, minCounts: [] } };
    await saveRuleSet(t.database, v2, 'replace', 'moh-4800');

    const versions = (await t.database.withSession(listRuleSetVersions)).get('moh-4800') ?? [];
    expect(versions.map((v) => [v.version, v.effectiveFrom, v.effectiveTo])).toEqual([['1.0.0', '2021-10-12', '2021-10-14'], ['2.0.0', '2021-10-15', '2022-01-26']]);
    expect((await t.database.withSession(listRuleSets)).find((rs) => rs.id === 'moh-4800')?.version).toBe('2.0.0');

    await rebuildEverything(t.database);
    const history = await t.database.withSession((s) => describeHistory(s, cityId, '2021-10-12', '2021-10-17', 'moh-4800', 'daily'));
    const byDate = Object.fromEntries(history.days.map((d) => [d.date, [d.tier, d.ruleSetVersion]]));
    expect(byDate['2021-10-14']?.[1]).toBe('1.0.0');
    expect(byDate['2021-10-14']?.[0]).not.toBe('insufficient');
    expect(byDate['2021-10-15']).toEqual(['insufficient', '2.0.0']);
    expect(byDate['2021-10-17']).toEqual(['insufficient', '2.0.0']);
    expect(history.runs).toContainEqual({ from: '2021-10-15', tier: 'insufficient', ruleSetVersion: '2.0.0' });
  });

  it('refuses a version that begins before an existing one', async () => {
    const v1 = findShippedRuleSet('moh-4800');
    const early = { ...v1, version: '1.5.0', effectiveFrom: '2021-10-13', effectiveTo: '2021-10-14' };
    await expect(saveRuleSet(t.database, early, 'replace', 'moh-4800')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
