// Access odds and ends of issue #15 point 7: a data-source key sends and reads
// its own batches and nothing else; /api/health shows versions to admins
// only; household-tile reads are audited one row per caller per window;
// the rate limit counts per signed-in user (per address only when anonymous),
// and household tiles have a bucket of their own.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lngLatToTile } from '../../../geo/tiles/tile-math.ts';
import { buildApp } from '../../../server/app.ts';
import { readConfig } from '../../../server/config.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { apiKeyFor, signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { openTestDatabase, TEST_ENV, type TestDatabase } from '../../helpers/database.ts';
import { testOf, listPeople } from '../ingest/ingest-fixtures.ts';

interface Place { wardCode: string; wardId: number; lng: number; lat: number }

describe('access scope', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let place: Place;
  let siteA: { authorization: string };
  let siteB: { authorization: string };
  let admin: SignedInHeaders;
  let planner: SignedInHeaders;

  /** A household with a location, and its ward: the official of that ward sees household tiles there. */
  const findPlace = async (): Promise<Place> => {
    const [row] = await t.database.withSession((s) => s.query<{ code: string; ward_id: number; lng: number; lat: number }>(
      `SELECT u.code, h.ward_id, ST_X(h.geom) AS lng, ST_Y(h.geom) AS lat
       FROM household h JOIN unit u ON u.id = h.ward_id WHERE h.geom IS NOT NULL ORDER BY h.id LIMIT 1`));
    return { wardCode: row!.code, wardId: row!.ward_id, lng: row!.lng, lat: row!.lat };
  };
  const householdTile = (z = 16) => {
    const tile = lngLatToTile([place.lng, place.lat], z);
    return `/tiles/household/${tile.z}/${tile.x}/${tile.y}.mvt`;
  };

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 600, seed: 'scope', idHashKey: TEST_ENV.RISKMAP_ID_HASH_KEY });
    place = await findPlace();
    await t.database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ('site-a', 'site-a', 'test_site'), ('site-b', 'site-b', 'test_site')"));
    siteA = await apiKeyFor(t.database, 'site-a-bot', 'site-a');
    siteB = await apiKeyFor(t.database, 'site-b-bot', 'site-b');
    app = await buildApp({ config: t.config, database: t.database });
    admin = await signInAs(app, t.database, { username: 'scope-admin', role: 'admin' });
    planner = await signInAs(app, t.database, { username: 'scope-planner', role: 'planner' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('lets a data-source key send and read its own batches only', async () => {
    const [person] = await listPeople(t.database, 1);
    const sent = await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: siteA, payload: [testOf(person!, 'scope-1')] });
    expect(sent.statusCode).toBe(200);
    const batchA = sent.json().summary.batchId as number;
    const sentB = await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: siteB, payload: [testOf(person!, 'scope-2')] });
    const batchB = sentB.json().summary.batchId as number;

    expect((await app.inject({ method: 'GET', url: `/api/ingest/batches/${batchA}`, headers: siteA })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/ingest/batches/${batchB}`, headers: siteA })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/ingest/batches/${batchB}/rejects`, headers: siteA })).statusCode).toBe(403);

    const zone = await app.inject({ method: 'POST', url: '/api/zones', headers: planner, payload: { name: 'shared zone', unitIds: [place.wardId], shared: true } });
    expect(zone.statusCode).toBe(201);
    for (const url of ['/api/search?q=phuong', '/api/zones', `/api/zones/${zone.json().id}`, '/api/units?level=ward', '/ogc/collections', '/api/rule-sets', householdTile(), '/api/live']) {
      const response = await app.inject({ method: 'GET', url, headers: siteA });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 403 });
      expect(response.json().code).toBe('FORBIDDEN');
    }
    // The same reads work for a planner (so the 403 is about the key, not the route).
    expect((await app.inject({ method: 'GET', url: '/api/search?q=phuong', headers: planner })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/zones/${zone.json().id}`, headers: planner })).statusCode).toBe(200);
  });

  it('shows versions in /api/health to admins only', async () => {
    for (const headers of [{}, planner, siteA]) {
      const body = (await app.inject({ method: 'GET', url: '/api/health', headers })).json();
      expect(body).toMatchObject({ status: 'ok', backend: t.url ? 'postgres' : 'embedded' });
      expect(body).not.toHaveProperty('postgis');
      expect(body).not.toHaveProperty('postgres');
      expect(body).not.toHaveProperty('migration');
    }
    const full = (await app.inject({ method: 'GET', url: '/api/health', headers: admin })).json();
    expect(full.postgis).toMatch(/^3\./);
    expect(full.postgres).toMatch(/^\d+/);
    expect(full.migration).toMatchObject({ version: expect.any(Number) });
  });

  it('audits repeated household-tile reads as one row per caller per window', async () => {
    const official = await signInAs(app, t.database, { username: 'scope-official', role: 'ward_official', unitCode: place.wardCode });
    const tiles = [householdTile(16), householdTile(17), householdTile(15)];
    // An app of its own, so the test decides when it closes (and writes its open windows).
    const own = await buildApp({ config: t.config, database: t.database });
    const tileRows = () => t.database.withSession((s) => s.query<{ username: string; record_ids: number[] }>(
      "SELECT username, record_ids FROM audit_log WHERE endpoint LIKE '/tiles/%' ORDER BY id"));
    let shown = 0;
    for (let round = 0; round < 4; round++) {
      for (const url of tiles) {
        const response = await own.inject({ method: 'GET', url, headers: official });
        expect(response.statusCode).toBe(200);
        shown += 1;
      }
    }
    expect(shown).toBe(12);
    await own.close(); // the window is written when it ends, or on close
    const rows = await tileRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.username).toBe('scope-official');
    expect(rows[0]?.record_ids.length).toBeGreaterThan(0);
    expect(new Set(rows[0]?.record_ids.map(Number)).size).toBe(rows[0]?.record_ids.length);
  });

  it('counts the rate limit per signed-in user, and household tiles in their own bucket', async () => {
    const limited = await buildApp({
      config: readConfig({ ...TEST_ENV, ...(t.url ? { DATABASE_URL: t.url } : {}), RISKMAP_RATE_LIMIT: '10', RISKMAP_HOUSEHOLD_TILE_RATE_LIMIT: '10' }),
      database: t.database,
    });
    try {
      const officeA = await signInAs(limited, t.database, { username: 'office-a', role: 'planner' });
      const officeB = await signInAs(limited, t.database, { username: 'office-b', role: 'planner' });
      const me = (headers: object) => limited.inject({ method: 'GET', url: '/api/auth/me', headers: headers as Record<string, string> });
      for (let i = 0; i < 10; i++) expect((await me(officeA)).statusCode).toBe(200);
      const refused = await me(officeA);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().code).toBe('RATE_LIMITED');
      // Same address, another user: a bucket of its own.
      expect((await me(officeB)).statusCode).toBe(200);

      const official = await signInAs(limited, t.database, { username: 'tile-official', role: 'ward_official', unitCode: place.wardCode });
      for (let i = 0; i < 10; i++) expect((await limited.inject({ method: 'GET', url: householdTile(), headers: official })).statusCode).toBe(200);
      expect((await limited.inject({ method: 'GET', url: householdTile(), headers: official })).statusCode).toBe(429);
      // Unit tiles stay unlimited; the official's API bucket is untouched by tiles.
      const wardTile = lngLatToTile([place.lng, place.lat], 12);
      for (let i = 0; i < 12; i++) {
        const response = await limited.inject({ method: 'GET', url: `/tiles/ward/12/${wardTile.x}/${wardTile.y}.mvt`, headers: official });
        expect(response.statusCode).toBe(200);
      }
      expect((await me(official)).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
