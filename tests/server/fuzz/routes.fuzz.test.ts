import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { fuzzRoutes, routesToFuzz, signInEveryRole } from './route-fuzz.ts';

/** Cases per route in `npm test`; `scripts/fuzz.ts --runs N` runs more. */
const RUNS_PER_ROUTE = Number(process.env.RISKMAP_FUZZ_RUNS ?? 6);

// Every route with a body or parameters, hostile values, every kind of user:
// no 5xx, and /api/health still answers after each case.
describe('route fuzzing', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let callers: Record<string, Record<string, string>>;

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 200, seed: 'fuzz', idHashKey: 'x'.repeat(40) });
    app = await buildApp({ config: t.config, database: t.database });
    await app.ready();
    callers = await signInEveryRole(app, t.database);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('finds every route with a body or parameters in the OpenAPI document', () => {
    const names = routesToFuzz(app).map((r) => `${r.method} ${r.path}`);
    expect(names).toEqual(expect.arrayContaining(['POST /api/zones', 'POST /api/ingest/upload', 'POST /fhir', 'GET /api/units/{id}', 'POST /api/aid-rounds', 'GET /tiles/{layer}/{z}/{x}/{y}.mvt']));
    expect(names).not.toContain('GET /api/live');
  });

  it('answers hostile values on every route without a 5xx, and stays up', async () => {
    const failures = await fuzzRoutes(app, callers, { runs: RUNS_PER_ROUTE });
    expect(failures).toEqual([]);
  });
});
