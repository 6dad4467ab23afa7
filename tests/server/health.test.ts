import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { readMigrations } from '../../server/db/migrate.ts';
import { openDatabase } from '../../server/db/database.ts';
import { DatabaseUnavailableError } from '../../server/errors.ts';
import { openTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { signInAs } from '../helpers/auth.ts';

describe('GET /api/health', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    t = await openTestDatabase();
    app = await buildApp({ config: t.config, database: t.database });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('reports the backend, PostGIS version and applied migration (to an admin)', async () => {
    const admin = await signInAs(app, t.database, { username: 'health-admin', role: 'admin' });
    const response = await app.inject({ method: 'GET', url: '/api/health', headers: admin });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    const files = await readMigrations();
    expect(body.backend).toBe(t.url ? 'postgres' : 'embedded');
    expect(body.postgis).toMatch(/^3\.\d+/);
    expect(body.migration).toEqual({ version: files.length, name: files.at(-1)?.name });
    expect(body.capabilities.mvt).toBe(body.backend === 'postgres');
  });

  it('serves OpenAPI generated from the route schemas', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.paths['/api/health'].get.responses['200']).toBeDefined();
  });

  it('renders unknown API routes as a catalog error', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('an unreachable database', () => {
  it('fails with a clear message instead of hanging', async () => {
    const error = await openDatabase({ backend: 'postgres', databaseUrl: 'postgres://nobody@127.0.0.1:1/none', connectTimeoutSeconds: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect((error as Error).message).toMatch(/Cannot reach the PostgreSQL server at 127\.0\.0\.1:1\/none/);
  });
});
