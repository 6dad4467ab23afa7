// A small seeded city with cases and doses in two wards of different
// districts, and the users aid rounds are for.
import type { FastifyInstance } from 'fastify';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiKeyFor, signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { listResidents, writeEvents, type FixtureEvent, type Resident } from '../aggregate/event-fixtures.ts';

export const D = '2021-10-25';

export interface Ward { id: number; code: string; districtId: number; blocks: number[]; groups: number[] }

export interface AidFixture {
  t: TestDatabase;
  app: FastifyInstance;
  a: Ward;
  b: Ward;
  residents: Resident[];
  as: Record<'officialA' | 'officialA2' | 'officialB' | 'districtA' | 'leader' | 'planner' | 'admin', SignedInHeaders>;
  siteKey: { authorization: string };
}

async function wardAt(t: TestDatabase, offset: number): Promise<Ward> {
  const [ward] = await t.database.withSession((s) => s.query<{ id: number; code: string; district_id: number }>(
    "SELECT id, code, district_id FROM unit WHERE level = 'ward' ORDER BY code OFFSET $1 LIMIT 1", [offset]));
  const units = await t.database.withSession((s) => s.query<{ unit_id: number; level: string }>('SELECT unit_id, level FROM unit_ancestry WHERE ward_id = $1 ORDER BY unit_id', [ward!.id]));
  return {
    id: ward!.id, code: ward!.code, districtId: ward!.district_id,
    blocks: units.filter((u) => u.level === 'block').map((u) => u.unit_id), groups: units.filter((u) => u.level === 'neighbourhood').map((u) => u.unit_id),
  };
}

/** Cases (some recent, some older), first doses long ago (overdue seconds) and some second doses, in wards a and b. */
export function fixtureEvents(residents: readonly Resident[], wards: readonly Ward[]): FixtureEvent[] {
  const inWards = residents.map((r, i) => ({ r, i })).filter(({ r }) => wards.some((w) => w.blocks.includes(r.unitId)));
  const events: FixtureEvent[] = [];
  inWards.forEach(({ i }, k) => {
    if (k % 37 === 0) events.push({ kind: 'case', person: i, day: '2021-10-20', classification: 'community', severity: 'mild', recoveredOn: null });
    if (k % 53 === 5) events.push({ kind: 'case', person: i, day: '2021-09-01', classification: 'community', severity: 'mild', recoveredOn: '2021-09-15' });
    if (k % 3 === 0) events.push({ kind: 'dose', person: i, day: '2021-07-01', dose: 1 });
    if (k % 6 === 0) events.push({ kind: 'dose', person: i, day: '2021-08-20', dose: 2 });
  });
  return events;
}

async function unitCode(t: TestDatabase, id: number): Promise<string> {
  const [row] = await t.database.withSession((s) => s.query<{ code: string }>('SELECT code FROM unit WHERE id = $1', [id]));
  return row!.code;
}

export async function openAidFixture(): Promise<AidFixture> {
  const t = await openTestDatabase();
  await seedCity(t.database, { people: 2500, seed: 'aid-rounds', idHashKey: 'k'.repeat(40), city: { districts: 2, wardsPerDistrict: 2 } });
  const [a, b] = [await wardAt(t, 0), await wardAt(t, 3)];
  const residents = await listResidents(t.database);
  await writeEvents(t.database, residents, fixtureEvents(residents, [a!, b!]));
  await refreshDirtyUnits(t.database);
  const app = await buildApp({ config: t.config, database: t.database });
  const as = {
    officialA: await signInAs(app, t.database, { username: 'official-a', role: 'ward_official', unitCode: a!.code }),
    officialA2: await signInAs(app, t.database, { username: 'official-a2', role: 'ward_official', unitCode: a!.code }),
    officialB: await signInAs(app, t.database, { username: 'official-b', role: 'ward_official', unitCode: b!.code }),
    districtA: await signInAs(app, t.database, { username: 'district-a', role: 'ward_official', unitCode: await unitCode(t, a!.districtId) }),
    leader: await signInAs(app, t.database, { username: 'leader', role: 'city_leader' }),
    planner: await signInAs(app, t.database, { username: 'planner', role: 'planner' }),
    admin: await signInAs(app, t.database, { username: 'admin', role: 'admin' }),
  };
  await t.database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ('site-1', 'Site 1', 'test_site') ON CONFLICT DO NOTHING"));
  const siteKey = await apiKeyFor(t.database, 'site-1-bot', 'site-1');
  return { t, app, a: a!, b: b!, residents, as, siteKey };
}
