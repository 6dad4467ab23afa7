// `riskmap source add` against a real database: the embedded one in a data
// folder, or this run's PostGIS server copy.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/db/database.ts';
import { openTestDatabase, TEST_ENV, type TestDatabase } from '../../helpers/database.ts';

const run = promisify(execFile);
const BIN = path.resolve('bin/riskmap.js');

describe('riskmap source add', () => {
  let t: TestDatabase | null = null;
  let env: Record<string, string>;
  let dataDir: string | null = null;
  beforeAll(async () => {
    if (process.env.DATABASE_URL) {
      t = await openTestDatabase();
      env = { ...TEST_ENV, DATABASE_URL: t.url! };
    } else {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'riskmap-source-'));
      env = { ...TEST_ENV, RISKMAP_DATA_DIR: dataDir, RISKMAP_DEMO: 'false' };
    }
  });
  afterAll(async () => {
    await t?.drop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const riskmap = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('registers a site once and refuses a taken code or an unknown kind with the reason', async () => {
    const added = await riskmap(['source', 'add', '--code', 'bv-cho-ray', '--name', 'Bệnh viện Chợ Rẫy', '--kind', 'hospital', '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({ code: 'bv-cho-ray' });
    const again = await riskmap(['source', 'add', '--code', 'bv-cho-ray', '--kind', 'hospital']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/source bv-cho-ray already exists \(SOURCE_CODE_TAKEN\)/);
    const kind = await riskmap(['source', 'add', '--code', 'x-site', '--kind', 'spaceship']);
    expect(kind.code).toBe(1);
    expect(kind.stderr).toMatch(/kind must be one of test_site, hospital, business, vaccination_site, registry, simulator, other \(SOURCE_KIND_UNKNOWN\)/);
    const district = await riskmap(['source', 'add', '--code', 'y-site', '--kind', 'hospital', '--district', 'NOWHERE']);
    expect(district.stderr).toMatch(/no district NOWHERE \(SOURCE_DISTRICT_UNKNOWN\)/);
    const database = t ? t.database : await openDatabase({ backend: 'embedded', embeddedDir: path.join(dataDir!, 'pglite') });
    try {
      const rows = await database.withSession((s) => s.query<{ code: string; name: string; kind: string }>(`SELECT code, name, kind FROM source ORDER BY code`));
      expect(rows).toEqual([{ code: 'bv-cho-ray', name: 'Bệnh viện Chợ Rẫy', kind: 'hospital' }]);
    } finally {
      if (!t) await database.close();
    }
  });
});
