import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiKeyFor, signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { MAX_ZONE_POINTS } from '../../../server/zones/zone-geometry.ts';
import { ringOf } from './hostile-values.ts';

// The 13 kinds of input that answered 500 in issue #15: each is now a 4xx
// with a catalog code (an OperationOutcome on /fhir), and the server still answers.
describe('bad input answers 4xx, never 5xx', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let admin: SignedInHeaders;
  let planner: SignedInHeaders;
  let site: { authorization: string };

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 200, seed: 'bad-input', idHashKey: 'x'.repeat(40) });
    app = await buildApp({ config: t.config, database: t.database });
    admin = await signInAs(app, t.database, { username: 'admin', role: 'admin' });
    planner = await signInAs(app, t.database, { username: 'planner', role: 'planner' });
    await t.database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ('site-a', 'site-a', 'test_site')"));
    site = await apiKeyFor(t.database, 'site', 'site-a');
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  // Built as text: JSON.stringify itself would overflow the stack on it.
  const nested = (depth: number) => '{"type":"Feature","properties":{},"geometry":'.repeat(depth)
    + '{"type":"Polygon","coordinates":[[[106.7,10.8],[106.71,10.8],[106.71,10.81],[106.7,10.8]]]}' + '}'.repeat(depth);
  const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

  const cases: Array<[string, () => InjectOptions, number[]]> = [
    ['a unit id above int4 in the path', () => ({ method: 'GET', url: '/api/units/2147483648?date=2021-08-01', headers: planner }), [400]],
    ['a batch id above int8 in the path', () => ({ method: 'GET', url: '/api/ingest/batches/9223372036854775808', headers: site }), [400]],
    ['a unit id above int4 in a query', () => ({ method: 'GET', url: '/api/aid-rounds/1/households?unitId=2147483648', headers: admin }), [400]],
    ['unit ids above int4 in a body', () => ({ method: 'POST', url: '/api/zones', headers: planner, payload: { name: 'z', unitIds: [2147483648] } }), [400]],
    ['a zone id above int4 in a body', () => ({ method: 'POST', url: '/api/aid-rounds', headers: admin, payload: { name: 'r', zoneId: 99999999999, date: '2021-08-01', criteria: {} } }), [400]],
    ['an API key id above int4', () => ({ method: 'DELETE', url: '/api/admin/api-keys/2147483648', headers: admin }), [400]],
    ['an offset above int4', () => ({ method: 'GET', url: '/api/national/rejections?offset=99999999999', headers: admin }), [400]],
    ['February 30th', () => ({ method: 'GET', url: '/api/units?level=ward&date=2021-02-30', headers: planner }), [400]],
    ['month 99', () => ({ method: 'GET', url: '/api/units?level=ward&date=2021-99-99', headers: planner }), [400]],
    ['an impossible date in a body', () => ({ method: 'POST', url: '/api/aid-rounds', headers: admin, payload: { name: 'r', unitIds: [1], date: '2021-02-30', criteria: {} } }), [400]],
    ['a multipart boundary that does not match', () => ({
      method: 'POST', url: '/api/ingest/upload?kind=tests', headers: { ...site, 'content-type': 'multipart/form-data; boundary=right' },
      payload: '--wrong\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nname\r\nx\r\n--wrong--\r\n',
    }), [400]],
    ['a GeoJSON Feature nested 10,000 deep', () => ({ method: 'POST', url: '/api/zones', headers: { ...planner, 'content-type': 'application/json' }, payload: `{"name":"deep","geometry":${nested(10_000)}}` }), [400]],
    ['a JSON body nested 100,000 deep', () => ({ method: 'POST', url: '/api/ingest/tests', headers: { ...site, 'content-type': 'application/json' }, payload: deepArray(100_000) }), [400]],
  ];

  it.each(cases)('%s', async (_name, request, statuses) => {
    const response = await app.inject(request());
    expect(statuses, `${response.statusCode} ${response.body.slice(0, 300)}`).toContain(response.statusCode);
    expect(response.json().code).toMatch(/^[A-Z_]+$/);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('refuses the 148 KB 6,000-point star at its first crossing and a zone past the point limit (400s)', async () => {
    const star = ringOf(6000, true);
    const payload = JSON.stringify({ name: 'star', geometry: { type: 'Polygon', coordinates: [star] } });
    expect(payload.length).toBeGreaterThan(100_000);
    const order: string[] = [];
    const [response] = await Promise.all([
      app.inject({ method: 'POST', url: '/api/zones', headers: { ...planner, 'content-type': 'application/json' }, payload }).then((r) => { order.push('star'); return r; }),
      app.inject({ method: 'GET', url: '/api/health' }).then((r) => { order.push('health'); return r; }),
    ]);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    expect(response.json()).toMatchObject({ code: 'ZONE_SELF_INTERSECTION', details: { path: 'geometry polygon 0 ring 0' } });
    expect(order).toHaveLength(2);
    const huge = await app.inject({ method: 'POST', url: '/api/zones', headers: planner, payload: { name: 'huge', geometry: { type: 'Polygon', coordinates: [ringOf(MAX_ZONE_POINTS + 1, false)] } } });
    expect(huge.statusCode).toBe(400);
    expect(huge.json()).toMatchObject({ code: 'ZONE_TOO_MANY_POINTS', details: { limit: MAX_ZONE_POINTS } });
  });

  it('answers invalid JSON to /fhir with an OperationOutcome 400, as FHIR clients expect', async () => {
    for (const contentType of ['application/fhir+json', 'application/json']) {
      const response = await app.inject({ method: 'POST', url: '/fhir', headers: { ...site, 'content-type': contentType }, payload: '{"resourceType": "Bundle", ' });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'structure' }] });
    }
    const deep = await app.inject({ method: 'POST', url: '/fhir', headers: { ...site, 'content-type': 'application/fhir+json' }, payload: deepArray(100_000) });
    expect(deep.statusCode, deep.body).toBe(400);
    expect(deep.json().resourceType).toBe('OperationOutcome');
  });
});
