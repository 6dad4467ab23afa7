// One database layer, two backends: a pg pool when DATABASE_URL is set, an
// embedded PGlite (with PostGIS) otherwise. Everything above this file sees
// the same Database interface; backend differences are listed in
// capabilities.ts.
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DatabaseUnavailableError, isDatabaseUnavailable } from '../errors.ts';
import { CAPABILITIES, type Backend, type BackendCapabilities } from './capabilities.ts';
import { ConnectionLock, PGliteDialect } from './pglite-dialect.ts';
import type { DB } from './database.generated.ts';

/** Raw access on one connection: used by migrations and bulk (COPY, set-based SQL) paths. */
export interface Session {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** COPY rows (CSV text, one or more lines per chunk) into table(columns). Returns nothing; count rows yourself. */
  copyCsv(table: string, columns: readonly string[], chunks: AsyncIterable<string> | Iterable<string>): Promise<void>;
  /** A Kysely bound to this session's connection. */
  readonly db: Kysely<DB>;
}

export interface Database {
  readonly backend: Backend;
  readonly capabilities: BackendCapabilities;
  /** Kysely for ordinary queries (pooled on the server). */
  readonly db: Kysely<DB>;
  /** Runs fn on one connection (not in a transaction unless fn begins one). */
  withSession<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /** Runs fn in a transaction on one connection; rolls back if fn throws. */
  transaction<T>(fn: (session: Session) => Promise<T>): Promise<T>;
  /** Dumps an embedded database to a tarball (tests use it as a template). */
  dumpEmbedded?(): Promise<Blob>;
  close(): Promise<void>;
}

export interface OpenOptions {
  backend: Backend;
  databaseUrl?: string | null;
  /** Embedded: folder of the database files, or 'memory://'. */
  embeddedDir?: string;
  /** Embedded: start from a dumped data directory (see dumpEmbedded). */
  loadDataDir?: Blob;
  connectTimeoutSeconds?: number;
  /** Server pool size. */
  poolSize?: number;
}

const copyStatement = (table: string, columns: readonly string[], from: string): string =>
  `COPY ${table} (${columns.join(', ')}) FROM ${from} WITH (FORMAT csv)`;

/** Runs fn between BEGIN and COMMIT on one session; rolls back and rethrows if fn throws. Both backends use it. */
async function runInTransaction<T>(session: Session, fn: (session: Session) => Promise<T>): Promise<T> {
  await session.exec('BEGIN');
  try {
    const result = await fn(session);
    await session.exec('COMMIT');
    return result;
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => {});
    throw error;
  }
}

/** Opens the database for a configuration. Fails with DatabaseUnavailableError, never hangs past the timeout. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  return options.backend === 'postgres' ? openPostgres(options) : openEmbedded(options);
}

// ---------------------------------------------------------------------------
// Server

// int8 as number (ids stay far below 2^53), numeric as number, date as its ISO text (no time-zone shifts).
const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    if (oid === 1082) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function describeServer(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'the DATABASE_URL server';
  }
}

async function openPostgres(options: OpenOptions): Promise<Database> {
  const url = options.databaseUrl;
  if (!url) throw new DatabaseUnavailableError('DATABASE_URL is required for the postgres backend');
  const timeoutMs = (options.connectTimeoutSeconds ?? 8) * 1000;
  const where = describeServer(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: 0,
    types: PG_TYPES,
  });
  pool.on('error', () => {
    // An idle client lost its connection; the next checkout reconnects or fails with a clear error.
  });
  // A checked-out client has no pool listener: PostgreSQL restarting or its backend terminated would
  // emit an unhandled 'error' and end the process. Every checkout listens, and a client that broke
  // is destroyed on release instead of going back to the pool.
  const checkOut = async (): Promise<pg.PoolClient & { releaseChecked(error?: unknown): void }> => {
    const client = await pool.connect();
    let broken: Error | null = null;
    const onError = (error: Error) => {
      broken ??= error;
    };
    client.on('error', onError);
    let released = false;
    return Object.assign(client, {
      releaseChecked(error?: unknown) {
        if (released) return;
        released = true;
        client.removeListener('error', onError);
        const destroy = broken ?? (isDatabaseUnavailable(error) ? (error as Error) : undefined);
        client.release(destroy);
      },
    });
  };
  // What Kysely sees as its pool: the same pool, every checkout guarded.
  const guardedPool = {
    connect: async () => {
      const client = await checkOut();
      return { query: client.query.bind(client) as pg.PoolClient['query'], release: () => client.releaseChecked() };
    },
    end: () => pool.end(),
  };
  try {
    const probe = await pool.query<{ available: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'postgis') AS available",
    );
    if (!probe.rows[0]?.available) {
      throw new DatabaseUnavailableError(
        `PostGIS is not installed on the PostgreSQL server at ${where}. Install it (Debian: apt-get install postgresql-15-postgis-3, matching the server's major version) and try again.`,
      );
    }
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof DatabaseUnavailableError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(`Cannot reach the PostgreSQL server at ${where}: ${reason}`, { cause: error });
  }

  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: guardedPool }) });

  const sessionFor = (client: pg.PoolClient): Session => ({
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <R,>(sql: string, params: readonly unknown[] = []) =>
      (await client.query(sql, params as unknown[])).rows as R[],
    copyCsv: async (table, columns, chunks) => {
      const stream = client.query(copyFrom(copyStatement(table, columns, 'STDIN')));
      await pipeline(Readable.from(chunks, { objectMode: false }), stream);
    },
    db: new Kysely<DB>({
      dialect: new PostgresDialect({
        // The session's own connection, never released by Kysely (withSession releases it). A wrapper, not
        // Object.create(client): pg's Client keeps its state on itself, and a derived object's writes hang it.
        pool: { connect: async () => ({ query: client.query.bind(client) as pg.PoolClient['query'], release: () => {} }), end: async () => {} },
      }),
    }),
  });

  const withSession = async <T,>(fn: (session: Session) => Promise<T>): Promise<T> => {
    const client = await checkOut();
    let failure: unknown;
    try {
      return await fn(sessionFor(client));
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      client.releaseChecked(failure);
    }
  };

  return {
    backend: 'postgres',
    capabilities: CAPABILITIES.postgres,
    db,
    withSession,
    transaction: (fn) => withSession((session) => runInTransaction(session, fn)),
    close: async () => {
      await db.destroy(); // ends the pool
    },
  };
}

// ---------------------------------------------------------------------------
// Embedded

const PGLITE_PARSERS = {
  20: (value: string) => Number(value),
  1700: (value: string) => Number(value),
  1082: (value: string) => value,
};

/** Largest CSV text sent to PGlite in one COPY (it copies from an in-memory blob). */
const EMBEDDED_COPY_BYTES = 8 * 1024 * 1024;

async function openEmbedded(options: OpenOptions): Promise<Database> {
  const dataDir = options.embeddedDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) await fs.mkdir(path.dirname(path.resolve(dataDir)), { recursive: true });
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir,
      extensions: { postgis },
      parsers: PGLITE_PARSERS,
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnavailableError(`Cannot open the embedded database in ${dataDir}: ${reason}`, { cause: error });
  }
  const lock = new ConnectionLock();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite, lock) });

  // The session's Kysely has its own (uncontended) lock: the caller already holds the connection.
  const session: Session = {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <R,>(sql: string, params: readonly unknown[] = []) => (await pglite.query<R>(sql, [...params])).rows,
    copyCsv: async (table, columns, chunks) => {
      const statement = copyStatement(table, columns, "'/dev/blob'");
      let buffer: string[] = [];
      let size = 0;
      const flush = async () => {
        if (size === 0) return;
        await pglite.query(statement, [], { blob: new Blob(buffer) });
        buffer = [];
        size = 0;
      };
      for await (const chunk of chunks) {
        buffer.push(chunk);
        size += chunk.length;
        if (size >= EMBEDDED_COPY_BYTES) await flush();
      }
      await flush();
    },
    db: new Kysely<DB>({ dialect: new PGliteDialect(pglite, new ConnectionLock()) }),
  };

  const withSession = <T,>(fn: (s: Session) => Promise<T>): Promise<T> => lock.run(() => fn(session));

  return {
    backend: 'embedded',
    capabilities: CAPABILITIES.embedded,
    db,
    withSession,
    transaction: (fn) => withSession((session) => runInTransaction(session, fn)),
    dumpEmbedded: () => lock.run(async () => (await pglite.dumpDataDir('gzip')) as Blob),
    close: async () => {
      await lock.run(async () => {
        if (!pglite.closed) await pglite.close();
      });
    },
  };
}
