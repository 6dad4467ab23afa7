// Configuration is read from the environment once, here, and validated as a
// whole: a bad start lists every problem, not just the first.
import path from 'node:path';

export interface Config {
  /** `postgres` when DATABASE_URL is set, else `embedded` (PGlite in dataDir). */
  backend: 'embedded' | 'postgres';
  databaseUrl: string | null;
  /** Folder for the embedded database and local secrets (RISKMAP_DATA_DIR, default ./data). */
  dataDir: string;
  host: string;
  port: number;
  /** Seconds to wait for the database before giving up with a clear message. */
  databaseConnectTimeoutSeconds: number;
  /** Key for the HMAC of national ID numbers; NULL = generate and keep one in dataDir (embedded only). */
  idHashKey: string | null;
  /** Seed a demo city on the first start of an empty embedded database. */
  demo: boolean;
  /** MapLibre style URL for a basemap; NULL = no basemap (works offline). */
  basemapStyleUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Folder of the built client (dist/client). */
  clientDir: string;
  /** Hours a sign-in lasts. */
  sessionHours: number;
  /** Counts from 1 below this are shown as "<N" to roles that may not see individuals. */
  suppressBelow: number;
  /** Requests a minute one signed-in user (or API key's user) may make to the API; anonymous calls count per address. */
  rateLimitPerMinute: number;
  /** Household tiles a minute one caller may fetch (its own bucket; unit tiles are not limited). */
  householdTileRateLimitPerMinute: number;
  /** The national push (server/national/README.md); url NULL = not configured. */
  national: NationalPushConfig;
}

export interface NationalPushConfig {
  /** FHIR R4 base URL transaction Bundles are POSTed to (NATIONAL_FHIR_URL). */
  url: string | null;
  timeoutSeconds: number;
  /** Outbox rows claimed at a time. */
  batchRows: number;
  maxAttempts: number;
  /** First retry delay; doubles per attempt (jittered, capped at an hour). */
  backoffBaseSeconds: number;
  /** Seconds between runs of the in-process pusher of `riskmap serve`; 0 = off. */
  intervalSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`riskmap cannot start, the configuration has ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Every setting, its default and why; printed by `riskmap config`. */
export const CONFIG_KEYS: ReadonlyArray<{ key: string; default: string; why: string }> = [
  { key: 'DATABASE_URL', default: '(unset)', why: 'postgres://… selects a PostGIS server (production); unset uses the embedded PGlite database' },
  { key: 'RISKMAP_DATA_DIR', default: './data', why: 'where the embedded database and its generated secrets live' },
  { key: 'HOST', default: '127.0.0.1', why: 'address to listen on; set 0.0.0.0 behind a proxy or in a container' },
  { key: 'PORT', default: '8080', why: 'HTTP port of the dashboard and API' },
  { key: 'RISKMAP_DB_CONNECT_TIMEOUT', default: '8', why: 'seconds to wait for the database before failing with a message' },
  { key: 'RISKMAP_ID_HASH_KEY', default: '(generated in the data dir when embedded)', why: 'secret for hashing national ID numbers; required with DATABASE_URL, at least 32 characters' },
  { key: 'RISKMAP_DEMO', default: 'true', why: 'seed a demo city on first start of an empty embedded database' },
  { key: 'RISKMAP_BASEMAP_STYLE_URL', default: '(unset)', why: 'MapLibre style for a basemap; unset = no basemap, nothing fetched from the network' },
  { key: 'LOG_LEVEL', default: 'info', why: LOG_LEVELS.join(' | ') },
  { key: 'RISKMAP_SESSION_HOURS', default: '12', why: 'how long a sign-in lasts' },
  { key: 'RISKMAP_SUPPRESS_BELOW', default: '5', why: 'counts from 1 below this are shown as "<N" to roles without personal-data rights' },
  { key: 'RISKMAP_RATE_LIMIT', default: '600', why: 'API requests a minute from one signed-in user or API key (anonymous calls: per address) before 429' },
  { key: 'RISKMAP_HOUSEHOLD_TILE_RATE_LIMIT', default: '(RISKMAP_RATE_LIMIT)', why: 'household tiles a minute from one caller before 429 (unit tiles are not limited)' },
  { key: 'NATIONAL_FHIR_URL', default: '(unset)', why: 'FHIR R4 base URL of the national system; cleaned records are POSTed there as transaction Bundles by riskmap push; unset = records stay queued' },
  { key: 'RISKMAP_NATIONAL_TIMEOUT', default: '30', why: 'seconds to wait for the national system to answer one Bundle before retrying later' },
  { key: 'RISKMAP_NATIONAL_BATCH', default: '500', why: 'outbox records claimed and sent per round of a push run' },
  { key: 'RISKMAP_NATIONAL_ATTEMPTS', default: '8', why: 'tries (5xx, timeouts, unreachable) before a record is marked failed; 4xx rejections are not retried' },
  { key: 'RISKMAP_NATIONAL_BACKOFF', default: '30', why: 'seconds before the first retry; doubles per attempt with jitter, at most an hour' },
  { key: 'RISKMAP_NATIONAL_INTERVAL', default: '0', why: 'seconds between automatic push runs inside riskmap serve (needs NATIONAL_FHIR_URL); 0 = only riskmap push / the dashboard button' },
];

function parseBoolean(name: string, raw: string | undefined, fallback: boolean, problems: string[]): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name}="${raw}" is not a boolean (use true or false)`);
  return fallback;
}

function parseInteger(name: string, raw: string | undefined, fallback: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

/**
 * Reads and validates the configuration from an environment (process.env in
 * main; a plain object in tests). Throws ConfigError listing every problem.
 */
export function readConfig(env: Env, cwd: string = process.cwd()): Config {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null) {
    let url: URL | null = null;
    try {
      url = new URL(databaseUrl);
    } catch {
      problems.push('DATABASE_URL is not a URL (expected postgres://user:password@host:5432/database)');
    }
    if (url && url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
      problems.push(`DATABASE_URL must start with postgres:// or postgresql://, not ${url.protocol}//`);
    }
  }
  const idHashKey = env.RISKMAP_ID_HASH_KEY?.trim() || null;
  if (idHashKey !== null && idHashKey.length < 32) problems.push('RISKMAP_ID_HASH_KEY must be at least 32 characters');

  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL="${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`);

  const basemapStyleUrl = env.RISKMAP_BASEMAP_STYLE_URL?.trim() || null;
  if (basemapStyleUrl !== null && !/^(https?:\/\/|\/)/.test(basemapStyleUrl)) {
    problems.push('RISKMAP_BASEMAP_STYLE_URL must be an http(s) URL or a path on this server');
  }

  const nationalUrl = env.NATIONAL_FHIR_URL?.trim() || null;
  if (nationalUrl !== null && !/^https?:\/\/[^/\s]+/.test(nationalUrl)) problems.push(`NATIONAL_FHIR_URL="${nationalUrl}" must be an http(s) URL`);

  const config: Config = {
    backend: databaseUrl ? 'postgres' : 'embedded',
    databaseUrl,
    dataDir: path.resolve(cwd, env.RISKMAP_DATA_DIR?.trim() || 'data'),
    host: env.HOST?.trim() || '127.0.0.1',
    port: parseInteger('PORT', env.PORT, 8080, 0, 65535, problems),
    databaseConnectTimeoutSeconds: parseInteger('RISKMAP_DB_CONNECT_TIMEOUT', env.RISKMAP_DB_CONNECT_TIMEOUT, 8, 1, 120, problems),
    idHashKey,
    demo: parseBoolean('RISKMAP_DEMO', env.RISKMAP_DEMO, true, problems),
    basemapStyleUrl,
    logLevel,
    clientDir: path.resolve(cwd, env.RISKMAP_CLIENT_DIR?.trim() || 'dist/client'),
    sessionHours: parseInteger('RISKMAP_SESSION_HOURS', env.RISKMAP_SESSION_HOURS, 12, 1, 24 * 30, problems),
    suppressBelow: parseInteger('RISKMAP_SUPPRESS_BELOW', env.RISKMAP_SUPPRESS_BELOW, 5, 1, 100, problems),
    rateLimitPerMinute: parseInteger('RISKMAP_RATE_LIMIT', env.RISKMAP_RATE_LIMIT, 600, 10, 1_000_000, problems),
    householdTileRateLimitPerMinute: parseInteger(
      'RISKMAP_HOUSEHOLD_TILE_RATE_LIMIT', env.RISKMAP_HOUSEHOLD_TILE_RATE_LIMIT,
      parseInteger('RISKMAP_RATE_LIMIT', env.RISKMAP_RATE_LIMIT, 600, 10, 1_000_000, []), 10, 1_000_000, problems,
    ),
    national: {
      url: nationalUrl,
      timeoutSeconds: parseInteger('RISKMAP_NATIONAL_TIMEOUT', env.RISKMAP_NATIONAL_TIMEOUT, 30, 1, 600, problems),
      batchRows: parseInteger('RISKMAP_NATIONAL_BATCH', env.RISKMAP_NATIONAL_BATCH, 500, 1, 100_000, problems),
      maxAttempts: parseInteger('RISKMAP_NATIONAL_ATTEMPTS', env.RISKMAP_NATIONAL_ATTEMPTS, 8, 1, 100, problems),
      backoffBaseSeconds: parseInteger('RISKMAP_NATIONAL_BACKOFF', env.RISKMAP_NATIONAL_BACKOFF, 30, 0, 86_400, problems),
      intervalSeconds: parseInteger('RISKMAP_NATIONAL_INTERVAL', env.RISKMAP_NATIONAL_INTERVAL, 0, 0, 86_400, problems),
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
