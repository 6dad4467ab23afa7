import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, currentMigration, migrate, readMigrations } from '../../../server/db/migrate.ts';
import { MigrationError } from '../../../server/errors.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';

const tableExists = async (t: TestDatabase, name: string) =>
  (await t.database.withSession((s) => s.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [name])))[0]?.present;

describe('migrations from an empty database', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase({ empty: true });
  });
  afterAll(async () => t?.drop());

  it('applies every file in order, then a second run does nothing', async () => {
    const files = await readMigrations();
    expect(await currentMigration(t.database)).toBeNull();
    const first = await migrate(t.database);
    expect(first.applied).toEqual(files.map((f) => f.file));
    expect(first.current?.version).toBe(files.length);
    expect(await tableExists(t, 'unit')).toBe(true);
    const second = await migrate(t.database);
    expect(second.applied).toEqual([]);
    expect(second.current).toEqual(first.current);
  });
});

describe('migration failures', () => {
  let t: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDatabase();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'riskmap-migrations-'));
    for (const file of await fs.readdir(MIGRATIONS_DIR)) await fs.copyFile(path.join(MIGRATIONS_DIR, file), path.join(dir, file));
  });
  afterAll(async () => {
    await t?.drop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('rolls back a failing migration and names the file', async () => {
    const files = await readMigrations();
    const broken = `${String(files.length + 1).padStart(4, '0')}_broken.sql`;
    await fs.writeFile(path.join(dir, broken), 'CREATE TABLE half_done (id int);\nSELECT no_such_function();\n');
    const error = await migrate(t.database, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as MigrationError).file).toBe(broken);
    expect((error as Error).message).toMatch(/rolled back/);
    expect(await tableExists(t, 'half_done')).toBe(false);
    expect((await currentMigration(t.database))?.version).toBe(files.length);
    await fs.rm(path.join(dir, broken));
  });

  it('refuses a gap in the numbering', async () => {
    await fs.writeFile(path.join(dir, '0099_far_ahead.sql'), 'SELECT 1;');
    await expect(readMigrations(dir)).rejects.toThrow(/without gaps/);
    await fs.rm(path.join(dir, '0099_far_ahead.sql'));
  });

  it('refuses an applied migration whose text changed', async () => {
    const first = (await fs.readdir(dir)).sort()[0] as string;
    const original = await fs.readFile(path.join(dir, first), 'utf8');
    await fs.writeFile(path.join(dir, first), `${original}\n-- edited later\n`);
    await expect(migrate(t.database, dir)).rejects.toThrow(/changed after it was applied/);
    await fs.writeFile(path.join(dir, first), original);
  });

  it('refuses a database written by a newer schema', async () => {
    await t.database.withSession((s) => s.query("INSERT INTO schema_migration (version, name, checksum) VALUES (999, 'from_the_future', 'x')"));
    const error = await migrate(t.database).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/newer riskmap.*999/);
    await t.database.withSession((s) => s.query('DELETE FROM schema_migration WHERE version = 999'));
  });
});
