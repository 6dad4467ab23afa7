// Grading a whole district for an aid round set-based (gradeZoneHouseholds,
// 2 queries) against gradeBlockHouseholds once per block, on the same
// database; prints both times and checks that both give the same flags.
//   npx tsx bench/aid-grading.ts --people 40000                 (embedded PGlite)
//   DATABASE_URL=postgres://postgres@127.0.0.1/rm_aid npx tsx bench/aid-grading.ts --people 40000
// The PostGIS database must be empty or already migrated; it is seeded when it has no people.
import { isDeepStrictEqual } from 'node:util';
import { refreshDirtyUnits } from '../server/aggregate/aggregate.service.ts';
import { gradeZoneHouseholds } from '../server/aid/zone-households.service.ts';
import { readConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { seedCity } from '../server/geography/seed.service.ts';
import { gradeBlockHouseholds } from '../server/risk/households.service.ts';
import { listResidents, writeEvents } from '../tests/server/aggregate/event-fixtures.ts';
import { D, fixtureEvents, type Ward } from '../tests/server/aid/aid-fixture.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const PEOPLE = arg('people', 40_000);

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

async function main(): Promise<void> {
  const config = readConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const database = config.backend === 'postgres'
    ? await openDatabase({ backend: 'postgres', databaseUrl: config.databaseUrl, poolSize: 4 })
    : await openDatabase({ backend: 'embedded' });
  try {
    await migrate(database);
    const [people] = await database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM person'));
    if ((people?.n ?? 0) === 0) {
      await seedCity(database, { people: PEOPLE, seed: 'aid-measure', idHashKey: 'k'.repeat(40), city: { districts: 2, wardsPerDistrict: 4 } });
      const residents = await listResidents(database);
      const blocks = await database.withSession((s) => s.query<{ unit_id: number }>("SELECT unit_id FROM unit_ancestry WHERE level = 'block'"));
      const all: Ward = { id: 0, code: '', districtId: 0, blocks: blocks.map((b) => b.unit_id), groups: [] };
      await writeEvents(database, residents, fixtureEvents(residents, [all]));
      await refreshDirtyUnits(database);
    }
    const [district] = await database.withSession((s) => s.query<{ id: number }>("SELECT id FROM unit WHERE level = 'district' ORDER BY code LIMIT 1"));
    const zone = { unitIds: [district!.id], districtIds: [district!.id] };
    const blocks = (await database.withSession((s) => s.query<{ unit_id: number }>("SELECT unit_id FROM unit_ancestry WHERE district_id = $1 AND level = 'block' ORDER BY unit_id", [district!.id]))).map((r) => r.unit_id);
    const setBased = await timed(() => database.withSession((s) => gradeZoneHouseholds(s, zone, D)));
    const perBlock = await timed(async () => {
      const out = [];
      for (const block of blocks) out.push(...(await database.withSession((s) => gradeBlockHouseholds(s, block, D))));
      return out;
    });
    const setBasedAgain = await timed(() => database.withSession((s) => gradeZoneHouseholds(s, zone, D)));
    console.log(`aid grading: ${database.backend}, ${PEOPLE} people, district of ${blocks.length} blocks, ${setBased.value.length} households: `
      + `set-based ${setBased.ms.toFixed(0)} ms (again ${setBasedAgain.ms.toFixed(0)} ms), per block ${perBlock.ms.toFixed(0)} ms, ratio per-block/set-based ${(perBlock.ms / setBasedAgain.ms).toFixed(2)}`);
    const byId = new Map(setBased.value.map((h) => [h.householdId, h.flags]));
    const differing = perBlock.value.filter((h) => !isDeepStrictEqual(byId.get(h.householdId), h.flags)).length;
    if (perBlock.value.length !== setBased.value.length || differing > 0) {
      throw new Error(`the two gradings disagree: ${perBlock.value.length} vs ${setBased.value.length} households, ${differing} with other flags`);
    }
    console.log('both gradings give the same flags for every household');
  } finally {
    await database.close();
  }
}

await main();
