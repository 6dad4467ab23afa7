// Vitest global setup: builds ONE migrated database per test run and tells the
// test files where it is; each file then gets its own copy (openTestDatabase).
//  - embedded: a PGlite dump (creating PostGIS takes ~10 s, loading a dump ~3 s);
//  - server (DATABASE_URL set): a template database copied with CREATE DATABASE … TEMPLATE.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/db/database.ts';
import { migrate } from '../../server/db/migrate.ts';
import { adminUrlFor, databaseUrlFor } from '../helpers/database-urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: { backend: 'embedded'; dumpFile: string } | { backend: 'postgres'; adminUrl: string; template: string; prefix: string };
  }
}

export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const prefix = `riskmap_test_${randomBytes(4).toString('hex')}`;
    const template = `${prefix}_template`;
    const adminUrl = adminUrlFor(databaseUrl);
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    await admin.end();
    const database = await openDatabase({ backend: 'postgres', databaseUrl: databaseUrlFor(adminUrl, template), poolSize: 1 });
    await migrate(database);
    await database.close();
    project.provide('databaseTemplate', { backend: 'postgres', adminUrl, template, prefix });
    return async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`]);
      for (const row of rows) await cleanup.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
      await cleanup.end();
    };
  }

  const database = await openDatabase({ backend: 'embedded' });
  await migrate(database);
  const dump = await database.dumpEmbedded!();
  await database.close();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'riskmap-template-'));
  const dumpFile = path.join(dir, 'template.tar.gz');
  await fs.writeFile(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide('databaseTemplate', { backend: 'embedded', dumpFile });
  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
  };
}
