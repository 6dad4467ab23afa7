// Process-level wiring shared by the CLI commands: open the configured
// database, keep local secrets, report fatal errors as plain messages.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, type Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { AppError, DatabaseUnavailableError, MigrationError } from './errors.ts';

/** Where the embedded database keeps its files inside the data folder. */
export const embeddedDirOf = (config: Config): string => path.join(config.dataDir, 'pglite');

/**
 * Opens the database the configuration names. A server must answer within the
 * connect timeout; the embedded database is local files (its first start creates
 * them and PostGIS, which takes ~10 s or more on a busy machine), so no timeout.
 */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.backend === 'embedded') {
    return openDatabase({ backend: 'embedded', embeddedDir: embeddedDirOf(config) });
  }
  const timeoutMs = config.databaseConnectTimeoutSeconds * 1000 + 2000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DatabaseUnavailableError(`The database did not answer within ${config.databaseConnectTimeoutSeconds} s (RISKMAP_DB_CONNECT_TIMEOUT).`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      openDatabase({
        backend: config.backend,
        databaseUrl: config.databaseUrl,
        embeddedDir: embeddedDirOf(config),
        connectTimeoutSeconds: config.databaseConnectTimeoutSeconds,
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The key for hashing national ID numbers. On a server it must be configured
 * (a lost key would make every stored hash useless); the embedded demo keeps a
 * generated key in its data folder.
 */
export async function resolveIdHashKey(config: Config): Promise<string> {
  if (config.idHashKey) return config.idHashKey;
  if (config.backend === 'postgres') {
    throw new ConfigError(['RISKMAP_ID_HASH_KEY is required with DATABASE_URL (a secret of at least 32 characters; keep it safe, hashes depend on it)']);
  }
  const file = path.join(config.dataDir, 'id-hash.key');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    await fs.mkdir(config.dataDir, { recursive: true });
    const key = randomBytes(32).toString('hex');
    await fs.writeFile(file, `${key}\n`, { mode: 0o600 });
    return key;
  }
}

/** Prints a fatal error as a message (no stack for known kinds) and exits non-zero. */
export function exitWithError(error: unknown): never {
  // An expected refusal (a 4xx of the catalog: "source X does not exist") is a message, not a crash.
  const expected = error instanceof AppError && error.status < 500;
  if (expected || error instanceof ConfigError || error instanceof DatabaseUnavailableError || error instanceof MigrationError) {
    process.stderr.write(`riskmap: ${error.message}\n`);
  } else {
    process.stderr.write(`riskmap: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}
