import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDirtyUnits } from '../../server/aggregate/aggregate.service.ts';
import { buildApp } from '../../server/app.ts';
import { seedCity } from '../../server/geography/seed.service.ts';
import { signInAs, type SignedInHeaders } from '../helpers/auth.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { listResidents, writeEvents } from './aggregate/event-fixtures.ts';

describe('GET /api/client-config', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let leader: SignedInHeaders;
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 600, seed: 'cc', idHashKey: 'x'.repeat(40) });
    app = await buildApp({ config: t.config, database: t.database });
    leader = await signInAs(app, t.database, { username: 'leader', role: 'city_leader' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('has no data days before any data arrives', async () => {
    const body = (await app.inject({ method: 'GET', url: '/api/client-config', headers: leader })).json();
    expect(body).toMatchObject({ firstDataDay: null, lastDataDay: null, basemapStyleUrl: null });
  });

  it('gives the first and last day with data, so the time player spans all of it', async () => {
    const residents = await listResidents(t.database, 10);
    await writeEvents(t.database, residents, [
      { kind: 'dose', person: 0, day: '2021-08-02', dose: 1 },
      { kind: 'test', person: 1, day: '2021-08-20', method: 'pcr', positive: false },
      { kind: 'case', person: 2, day: '2021-09-30', classification: 'community', severity: 'mild', recoveredOn: null },
    ]);
    await refreshDirtyUnits(t.database);
    const response = await app.inject({ method: 'GET', url: '/api/client-config', headers: leader });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.firstDataDay).toBe('2021-08-02');
    expect(body.lastDataDay >= '2021-09-30').toBe(true);
  });

  it('refuses a caller who is not signed in', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/client-config' })).statusCode).toBe(401);
  });
});
