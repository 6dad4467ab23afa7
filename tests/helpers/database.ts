// Each test file gets its own copy of the migrated template built by
// tests/setup/database-template.ts: a real database, never a mock.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import pg from 'pg';
import { inject } from 'vitest';
import { readConfig, type Config } from '../../server/config.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { databaseUrlFor } from './database-urls.ts';

/** Settings every test app runs with: quiet logs, a fixed ID-hash key, a rate limit tests do not hit. */
export const TEST_ENV = { LOG_LEVEL: 'silent', RISKMAP_ID_HASH_KEY: 'test-key-test-key-test-key-test-key-0000', RISKMAP_RATE_LIMIT: '1000000' };

export interface TestDatabase {
  database: Database;
  /** The URL of this copy on the server backend, null when embedded. */
  url: string | null;
  /** A configuration pointing at this copy (silent logs). */
  config: Config;
  drop(): Promise<void>;
}

/** PostgreSQL refuses to copy a template while another CREATE DATABASE copies it (55006): wait and retry. */
async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 100) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Opens a fresh copy of the migrated template on the backend of this run. */
export async function openTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const template = inject('databaseTemplate');
  if (template.backend === 'postgres') {
    const name = `${template.prefix}_${randomBytes(4).toString('hex')}`;
    await createDatabase(template.adminUrl, name, options.empty ? undefined : template.template);
    const url = databaseUrlFor(template.adminUrl, name);
    const database = await openDatabase({ backend: 'postgres', databaseUrl: url, poolSize: 4 });
    return {
      database,
      url,
      config: readConfig({ DATABASE_URL: url, ...TEST_ENV }),
      drop: async () => {
        await database.close();
        await dropDatabase(template.adminUrl, name);
      },
    };
  }
  const database = options.empty
    ? await openDatabase({ backend: 'embedded' })
    : await openDatabase({ backend: 'embedded', loadDataDir: new Blob([await fs.readFile(template.dumpFile)]) });
  return {
    database,
    url: null,
    config: readConfig(TEST_ENV),
    drop: () => database.close(),
  };
}
