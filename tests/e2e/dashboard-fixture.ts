// A seeded city with an epidemic that varies by ward and by day, the demo
// accounts, and the app listening on a free port: what the browser tests and
// bench/client.ts drive. Events are written the way ingest writes them
// (rows + dirty pairs) and aggregated by the real aggregator.
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { refreshDirtyUnits } from '../../server/aggregate/aggregate.service.ts';
import { buildApp } from '../../server/app.ts';
import type { Config } from '../../server/config.ts';
import type { Database } from '../../server/db/database.ts';
import { createDemoUsers, DEMO_PASSWORD } from '../../server/demo.ts';
import { seedCity } from '../../server/geography/seed.service.ts';
import { listResidents, writeEvents, type FixtureEvent, type Resident } from '../server/aggregate/event-fixtures.ts';

export { DEMO_PASSWORD };

/** The last day with events: the dashboard opens on it. */
export const LAST_DAY = '2021-10-31';
/** The first day of the history (28 days before LAST_DAY). */
export const FIRST_DAY = '2021-10-04';

export interface DashboardCity {
  app: FastifyInstance;
  baseUrl: string;
  cityId: number;
  wards: Array<{ id: number; name: string; districtId: number }>;
  residents: Resident[];
}

const dayOffset = (offset: number) => new Date(Date.UTC(2021, 9, 4 + offset)).toISOString().slice(0, 10);

const SELECT_WARDS = `SELECT id, name, parent_id FROM unit WHERE level = 'ward' ORDER BY code`;
const SELECT_CITY = `SELECT id FROM unit WHERE level = 'city'`;
const SELECT_WARD_OF_UNIT = `
SELECT b.id AS unit_id, COALESCE(w3.id, w2.id, w1.id) AS ward_id
FROM unit b
LEFT JOIN unit w1 ON w1.id = b.id AND w1.level = 'ward'
LEFT JOIN unit n ON n.id = b.parent_id
LEFT JOIN unit w2 ON w2.id = n.id AND w2.level = 'ward'
LEFT JOIN unit w3 ON w3.id = n.parent_id AND w3.level = 'ward'
WHERE b.level IN ('ward', 'neighbourhood', 'block')`;

/** Per district (by ward code order, 6 wards a district): weekly community cases per 100k at the peak, and the share of people vaccinated. */
const DISTRICT_PLAN = [
  { ratePer100k: 0, vaccinated: 0.86 },
  { ratePer100k: 30, vaccinated: 0.86 },
  { ratePer100k: 110, vaccinated: 0.6 },
  { ratePer100k: 320, vaccinated: 0.6 },
];

/**
 * Cases grow over four weeks with an amount that differs by district (and a
 * little by ward), so the map shows every tier at every level and tiers move
 * with the date. Vaccinated people get both doses before the window, so the
 * elderly rule of MoH 4800 does not raise everyone.
 */
export function planEpidemic(residents: readonly Resident[], wardOf: ReadonlyMap<number, number>, wardIds: readonly number[]): FixtureEvent[] {
  const events: FixtureEvent[] = [];
  const byWard = new Map<number, number[]>();
  residents.forEach((r, i) => {
    const ward = wardOf.get(r.unitId);
    if (ward !== undefined) byWard.set(ward, [...(byWard.get(ward) ?? []), i]);
  });
  wardIds.forEach((wardId, k) => {
    const people = byWard.get(wardId) ?? [];
    const plan = DISTRICT_PLAN[Math.floor(k / 6) % DISTRICT_PLAN.length] as (typeof DISTRICT_PLAN)[number];
    people.forEach((person, j) => {
      if ((j % 100) / 100 >= plan.vaccinated) return;
      events.push({ kind: 'dose', person, day: dayOffset(-50 + (j % 7)), dose: 1 });
      events.push({ kind: 'dose', person, day: dayOffset(-22 + (j % 7)), dose: 2 });
    });
    const perDay = (people.length / 100_000) * (plan.ratePer100k / 7) * (0.6 + (k % 6) * 0.15);
    let carried = 0;
    for (let day = 0; day < 28; day++) {
      carried += perDay * (0.25 + (day / 27) * 1.5);
      const count = Math.floor(carried);
      carried -= count;
      for (let c = 0; c < count; c++) {
        const person = people[(day * 37 + c * 101) % Math.max(1, people.length)];
        if (person !== undefined) events.push({ kind: 'case', person, day: dayOffset(day), classification: 'community', severity: 'mild', recoveredOn: null });
      }
      if (people.length > 0) events.push({ kind: 'test', person: people[day % people.length] as number, day: dayOffset(day), method: 'pcr', positive: count > 0 });
    }
  });
  return events;
}

/** Seeds a city of `people` (4 districts × 6 wards like the demo), writes the epidemic and aggregates it. */
export async function seedDashboardCity(database: Database, people: number): Promise<void> {
  await seedCity(database, { people, seed: 'riskmap-demo', idHashKey: 'dashboard-fixture-key-dashboard-fixture', city: { districts: 4, wardsPerDistrict: 6 } });
  const residents = await listResidents(database);
  const wardRows = await database.withSession((s) => s.query<{ id: number }>(SELECT_WARDS));
  const links = await database.withSession((s) => s.query<{ unit_id: number; ward_id: number }>(SELECT_WARD_OF_UNIT));
  const wardOf = new Map(links.map((l) => [l.unit_id, l.ward_id]));
  const events = planEpidemic(residents, wardOf, wardRows.map((w) => w.id));
  for (let i = 0; i < events.length; i += 20_000) await writeEvents(database, residents, events.slice(i, i + 20_000));
  await refreshDirtyUnits(database);
  await createDemoUsers(database);
}

/** Starts the app on a free port of 127.0.0.1 over a seeded database. */
export async function startDashboard(config: Config, database: Database): Promise<DashboardCity> {
  const app = await buildApp({ config, database });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const [city] = await database.withSession((s) => s.query<{ id: number }>(SELECT_CITY));
  const wards = (await database.withSession((s) => s.query<{ id: number; name: string; parent_id: number }>(SELECT_WARDS)))
    .map((w) => ({ id: w.id, name: w.name, districtId: w.parent_id }));
  return { app, baseUrl, cityId: city?.id ?? 0, wards, residents: await listResidents(database) };
}

/** Writes community cases for residents of a unit on a day and aggregates them, as an ingest would. */
export async function addCases(city: DashboardCity, database: Database, unitIds: ReadonlySet<number>, day: string, count: number): Promise<void> {
  const { residents } = city;
  const inside = residents.map((r, i) => ({ r, i })).filter(({ r }) => unitIds.has(r.unitId));
  const events: FixtureEvent[] = [];
  for (let k = 0; k < count && inside.length > 0; k++) {
    events.push({ kind: 'case', person: (inside[k % inside.length] as { i: number }).i, day, classification: 'community', severity: 'mild', recoveredOn: null });
  }
  await writeEvents(database, residents, events);
  await refreshDirtyUnits(database, { live: city.app.ctx.live });
}
