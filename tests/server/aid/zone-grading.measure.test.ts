// Measurement, not a check (skipped unless RISKMAP_AID_MEASURE=1): grading a
// whole district for an aid round set-based (gradeZoneHouseholds, 2 queries)
// against gradeBlockHouseholds once per block, on the same database, and
// that both give the same flags.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { gradeZoneHouseholds } from '../../../server/aid/zone-households.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { gradeBlockHouseholds } from '../../../server/risk/households.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, writeEvents } from '../aggregate/event-fixtures.ts';
import { D, fixtureEvents, type Ward } from './aid-fixture.ts';

const PEOPLE = Number(process.env.RISKMAP_AID_MEASURE_PEOPLE ?? 40_000);

describe.skipIf(process.env.RISKMAP_AID_MEASURE !== '1')('aid zone grading, measured', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: PEOPLE, seed: 'aid-measure', idHashKey: 'k'.repeat(40), city: { districts: 2, wardsPerDistrict: 4 } });
    const residents = await listResidents(t.database);
    const blocks = await t.database.withSession((s) => s.query<{ unit_id: number }>("SELECT unit_id FROM unit_ancestry WHERE level = 'block'"));
    const all: Ward = { id: 0, code: '', districtId: 0, blocks: blocks.map((b) => b.unit_id), groups: [] };
    await writeEvents(t.database, residents, fixtureEvents(residents, [all]));
    await refreshDirtyUnits(t.database);
  });
  afterAll(async () => { await t?.drop(); });

  it('grades a district in one pass and per block alike', async () => {
    const [district] = await t.database.withSession((s) => s.query<{ id: number }>("SELECT id FROM unit WHERE level = 'district' ORDER BY code LIMIT 1"));
    const blocks = (await t.database.withSession((s) => s.query<{ unit_id: number }>("SELECT unit_id FROM unit_ancestry WHERE district_id = $1 AND level = 'block' ORDER BY unit_id", [district!.id]))).map((r) => r.unit_id);
    const timed = async <T>(fn: () => Promise<T>) => { const start = performance.now(); const value = await fn(); return { value, ms: performance.now() - start }; };
    const zone = await timed(() => t.database.withSession((s) => gradeZoneHouseholds(s, { unitIds: [district!.id], districtIds: [district!.id] }, D)));
    const perBlock = await timed(async () => {
      const out = [];
      for (const block of blocks) out.push(...(await t.database.withSession((s) => gradeBlockHouseholds(s, block, D))));
      return out;
    });
    const zoneAgain = await timed(() => t.database.withSession((s) => gradeZoneHouseholds(s, { unitIds: [district!.id], districtIds: [district!.id] }, D)));
    console.log(`aid grading: ${t.database.backend}, ${PEOPLE} people, district of ${blocks.length} blocks, ${zone.value.length} households: `
      + `set-based ${zone.ms.toFixed(0)} ms (again ${zoneAgain.ms.toFixed(0)} ms), per block ${perBlock.ms.toFixed(0)} ms, ratio per-block/set-based ${(perBlock.ms / zoneAgain.ms).toFixed(2)}`);
    const byId = new Map(zone.value.map((h) => [h.householdId, h.flags]));
    expect(perBlock.value.length).toBe(zone.value.length);
    for (const h of perBlock.value) expect(byId.get(h.householdId)).toEqual(h.flags);
  });
});
