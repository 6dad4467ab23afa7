// Applies migrations/NNNN_name.sql in order, each in its own transaction,
// recording what ran so a second run does nothing. Migrations are frozen:
// an applied file whose text changed, or a database that has migrations this
// build does not know (written by a newer riskmap), stops everything.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MigrationError } from '../errors.ts';
import type { Database, Session } from './database.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

export interface MigrationFile {
  version: number;
  name: string;
  file: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  /** Files applied by this run, in order. */
  applied: string[];
  /** The latest migration recorded in the database after the run. */
  current: { version: number; name: string } | null;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

const CREATE_LEDGER = `
CREATE TABLE IF NOT EXISTS schema_migration (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  checksum   text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;
// Serialises concurrent migrators (several server processes starting at once).
const TAKE_LOCK = `SELECT pg_advisory_xact_lock(727274) AS locked`;
const SELECT_APPLIED = `SELECT version, name, checksum FROM schema_migration ORDER BY version`;
const INSERT_APPLIED = `INSERT INTO schema_migration (version, name, checksum) VALUES ($1, $2, $3)`;

/** Reads and orders the migration files; refuses gaps and duplicate numbers. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const names = (await fs.readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const match = FILE_PATTERN.exec(name);
    if (!match) throw new MigrationError(name, `Migration file name ${name} must look like 0001_description.sql`);
    const sql = await fs.readFile(path.join(dir, name), 'utf8');
    const version = Number(match[1]);
    const expected = files.length + 1;
    if (version !== expected) throw new MigrationError(name, `Migration ${name} should be number ${String(expected).padStart(4, '0')}: numbers must run 0001, 0002, … without gaps`);
    files.push({ version, name: match[2] as string, file: name, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  return files;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

function checkHistory(files: MigrationFile[], applied: AppliedRow[]): void {
  const newest = applied.at(-1);
  const known = files.at(-1)?.version ?? 0;
  if (newest && newest.version > known) {
    throw new MigrationError(
      `${String(newest.version).padStart(4, '0')}_${newest.name}.sql`,
      `This database was written by a newer riskmap: it has schema migration ${newest.version} (${newest.name}) but this build knows only up to ${known}. Upgrade riskmap, or point it at another database.`,
    );
  }
  for (const row of applied) {
    const file = files[row.version - 1];
    if (file && file.checksum !== row.checksum) {
      throw new MigrationError(file.file, `Migration ${file.file} was changed after it was applied to this database. Applied migrations are frozen: add a new migration instead.`);
    }
  }
}

async function applyOne(session: Session, file: MigrationFile): Promise<boolean> {
  await session.exec('BEGIN');
  try {
    await session.query(TAKE_LOCK);
    const done = await session.query<{ version: number }>('SELECT version FROM schema_migration WHERE version = $1', [file.version]);
    if (done.length > 0) {
      await session.exec('COMMIT');
      return false; // another process applied it while we waited for the lock
    }
    await session.exec(file.sql);
    await session.query(INSERT_APPLIED, [file.version, file.name, file.checksum]);
    await session.exec('COMMIT');
    return true;
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(file.file, `Migration ${file.file} failed and was rolled back, the database is as it was before it: ${reason}`, { cause: error });
  }
}

/** Brings the database up to date. Safe to run from several processes at once. */
export async function migrate(database: Database, dir: string = MIGRATIONS_DIR): Promise<MigrationStatus> {
  const files = await readMigrations(dir);
  return database.withSession(async (session) => {
    await session.exec(CREATE_LEDGER);
    checkHistory(files, await session.query<AppliedRow>(SELECT_APPLIED));
    const appliedNow: string[] = [];
    const recorded = new Set((await session.query<AppliedRow>(SELECT_APPLIED)).map((row) => row.version));
    for (const file of files) {
      if (recorded.has(file.version)) continue;
      if (await applyOne(session, file)) appliedNow.push(file.file);
    }
    const last = (await session.query<AppliedRow>(SELECT_APPLIED)).at(-1);
    return { applied: appliedNow, current: last ? { version: last.version, name: last.name } : null };
  });
}

/** The latest applied migration, or null on an empty database. Does not change anything. */
export async function currentMigration(database: Database): Promise<{ version: number; name: string } | null> {
  return database.withSession(async (session) => {
    const exists = await session.query<{ present: boolean }>("SELECT to_regclass('schema_migration') IS NOT NULL AS present");
    if (!exists[0]?.present) return null;
    const last = (await session.query<AppliedRow>(SELECT_APPLIED)).at(-1);
    return last ? { version: last.version, name: last.name } : null;
  });
}
