// GDAL's OAPIF driver (Debian gdal-bin) reads the collections from the real
// app on a real socket. Skipped when ogrinfo is absent, unless CI says
// everything must be present (RISKMAP_REQUIRE_BROWSER=1).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { loadTestCity } from '../tiles/city-fixture.ts';
import { createApiKey, createUser } from '../../../server/access/access.service.ts';

const OGRINFO = '/usr/bin/ogrinfo';
const run = promisify(execFile);

function hasOgrinfo(): boolean {
  const present = fs.existsSync(OGRINFO);
  if (!present && process.env.RISKMAP_REQUIRE_BROWSER === '1') throw new Error(`RISKMAP_REQUIRE_BROWSER=1 but there is no ${OGRINFO} (apt-get install gdal-bin)`);
  return present;
}

describe.skipIf(!hasOgrinfo())('GDAL reads /ogc', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let source: string;
  // A GIS user signs in with an API key, sent by GDAL as a header.
  let env: NodeJS.ProcessEnv;
  // Async execFile: the app answers on this same event loop while ogrinfo runs.
  const ogrinfo = async (...args: string[]) => (await run(OGRINFO, ['-ro', ...args, source], { env, maxBuffer: 64 * 1024 * 1024 })).stdout;

  beforeAll(async () => {
    t = await openTestDatabase();
    await loadTestCity(t.database);
    app = await buildApp({ config: t.config, database: t.database });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    source = `OAPIF:${address}/ogc`;
    await createUser(t.database, { username: 'gis', role: 'planner', password: 'a planner password' });
    const { key } = await createApiKey(t.database, 'gis', 'QGIS');
    env = { ...process.env, GDAL_HTTP_TIMEOUT: '60', GDAL_HTTP_HEADERS: `Authorization: Bearer ${key}` };
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('is refused without a key', async () => {
    await expect(run(OGRINFO, ['-ro', '-q', source], { env: { ...process.env, GDAL_HTTP_TIMEOUT: '60' } })).rejects.toThrow();
  });

  it('lists the four collections', async () => {
    const out = await ogrinfo('-q');
    expect(out).toMatch(/^\d: district \(/m);
    expect(out).toMatch(/^\d: ward \(/m);
    expect(out).toMatch(/^\d: neighbourhood \(/m);
    expect(out).toMatch(/^\d: block \(/m);
  });

  it('reads every ward with its fields', async () => {
    const summary = await run(OGRINFO, ['-ro', '-so', source, 'ward'], { env, maxBuffer: 64 * 1024 * 1024 });
    expect(summary.stdout).toMatch(/Feature Count: 312/);
    expect(summary.stdout).toMatch(/code: String/);
    const features = await run(OGRINFO, ['-ro', '-q', source, 'district'], { env, maxBuffer: 64 * 1024 * 1024 });
    expect(features.stdout.match(/OGRFeature\(district\)/g)).toHaveLength(22);
    expect(features.stdout).toMatch(/name \(String\) = Quận 1/);
    expect(features.stdout).toMatch(/MULTIPOLYGON \(\(\(106\./);
  });
});
