// Live-feed benchmark: `riskmap simulate --live` against the real server.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     node --import tsx bench/live.ts [--rates 250,500,1000,1500] [--seconds 60] [--concurrency 4]
//       [--people 40000] [--backend postgres|embedded] [--reseed] [--cpu-prof DIR] [--spans]
//
// Postgres: seeds (once) a template database riskmap_live_template with the
// demo city's layout (--people people, 4 districts × 6 wards), then every run
// copies it into a fresh riskmap_live_bench (CREATE DATABASE … TEMPLATE) and
// drops that at the end. Embedded: seeds a PGlite data folder once under the
// OS temp folder and copies it for each run. Then:
//   1. baselines in the same run: the sender's render rate with no server
//      (generate + render the same submissions), and raw COPY of the same
//      records into an unindexed all-text table (postgres only);
//   2. starts `riskmap serve` on the copy as a child process (its own core
//      share, like a real deployment; --cpu-prof DIR profiles it, --spans
//      makes ingest print where a request's time goes), gives every
//      synthetic site its own data_source user and API key, and runs the
//      live sender at each --rate for --seconds, printing achieved records/s
//      (accepted records over the whole run, the last tick's drain included),
//      how far the sender fell behind its schedule (lag: ~0 when the server
//      keeps up), p50/p95 request latency, failed and retried requests and
//      the load average (other work on this machine shares the cores).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { addDays, daysBetween } from '../geo/simulate/calendar.ts';
import { generateLiveSubmissions } from '../geo/simulate/live.ts';
import { DEFAULT_PARAMETERS } from '../geo/simulate/parameters.ts';
import type { SimPopulation } from '../geo/simulate/population.ts';
import { createSources } from '../geo/simulate/sources.ts';
import { createRandom } from '../geo/random.ts';
import { csvLine } from '../server/db/csv.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { MigrationError } from '../server/errors.ts';
import { DEMO_CITY } from '../server/demo.ts';
import { DEFAULT_REFERENCE_DATE, seedCity } from '../server/geography/seed.service.ts';
import { renderSubmission } from '../server/simulate/files.ts';
import { runLive } from '../server/simulate/live.service.ts';
import { loadSeededPopulation } from '../server/simulate/population.repo.ts';
import { createSiteKeys } from '../server/simulate/site-keys.service.ts';

const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const RATES = (argOf('rates') ?? '250,500,1000,1500').split(',').map(Number);
const SECONDS = Number(argOf('seconds') ?? 60);
const CONCURRENCY = Number(argOf('concurrency') ?? 4);
const PEOPLE = Number(argOf('people') ?? DEMO_CITY.people);
const BACKEND = (argOf('backend') ?? 'postgres') as 'postgres' | 'embedded';
const CPU_PROF = argOf('cpu-prof');
const SPANS = flag('spans');
const CITY_SEED = 'live-bench';
const SEED = 'live-bench-feed';
const DATE = '2021-09-30';
const PORT = 18_000 + (process.pid % 1000);
const idHashKey = 'live-bench-key-live-bench-key-000000';
const adminUrl = process.env.DATABASE_URL;
if (BACKEND === 'postgres' && !adminUrl) throw new Error('set DATABASE_URL to a PostGIS server (the bench creates its databases beside it)');
const urlOf = (name: string) => Object.assign(new URL(adminUrl as string), { pathname: `/${name}` }).toString();
const TEMPLATE = 'riskmap_live_template';
const BENCH = 'riskmap_live_bench';
const EMBEDDED_TEMPLATE = path.join(os.tmpdir(), `riskmap-live-template-${PEOPLE}`);

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function seedInto(database: Database): Promise<void> {
  await migrate(database);
  const started = Date.now();
  await seedCity(database, { people: PEOPLE, seed: CITY_SEED, idHashKey, city: { districts: DEMO_CITY.districts, wardsPerDistrict: DEMO_CITY.wardsPerDistrict } });
  console.log(`seeded ${PEOPLE} people in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/** A fresh copy of the seeded city; returns how to open it and the server's environment. */
/** Migrates the template; false when a migration changed since it was made (others are still writing theirs). */
async function templateIsCurrent(open: () => Promise<Database>): Promise<boolean> {
  const db = await open();
  try {
    await migrate(db);
    return true;
  } catch (error) {
    if (error instanceof MigrationError) return false;
    throw error;
  } finally {
    await db.close();
  }
}

async function freshCopy(): Promise<{ open: () => Promise<Database>; env: Record<string, string>; drop: () => Promise<void> }> {
  if (BACKEND === 'postgres') {
    const exists = await admin(async (c) => (await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [TEMPLATE])).rowCount === 1);
    const current = exists && await templateIsCurrent(() => openDatabase({ backend: 'postgres', databaseUrl: urlOf(TEMPLATE), poolSize: 1 }));
    if (!current || flag('reseed')) {
      await admin(async (c) => { await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`); await c.query(`CREATE DATABASE ${TEMPLATE}`); });
      const db = await openDatabase({ backend: 'postgres', databaseUrl: urlOf(TEMPLATE), poolSize: 2 });
      try { await seedInto(db); } finally { await db.close(); }
    }
    // A just-closed pool's connections may linger a moment; the template must have none.
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${BENCH} WITH (FORCE)`);
      await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [TEMPLATE]);
      await c.query(`CREATE DATABASE ${BENCH} TEMPLATE ${TEMPLATE}`);
    });
    return {
      open: () => openDatabase({ backend: 'postgres', databaseUrl: urlOf(BENCH), poolSize: 2 }),
      env: { DATABASE_URL: urlOf(BENCH) },
      drop: () => admin(async (c) => { await c.query(`DROP DATABASE IF EXISTS ${BENCH} WITH (FORCE)`); }),
    };
  }
  const current = fs.existsSync(path.join(EMBEDDED_TEMPLATE, 'seeded'))
    && await templateIsCurrent(() => openDatabase({ backend: 'embedded', embeddedDir: path.join(EMBEDDED_TEMPLATE, 'pglite') }));
  if (!current || flag('reseed')) {
    fs.rmSync(EMBEDDED_TEMPLATE, { recursive: true, force: true });
    const db = await openDatabase({ backend: 'embedded', embeddedDir: path.join(EMBEDDED_TEMPLATE, 'pglite') });
    try { await seedInto(db); } finally { await db.close(); }
    fs.writeFileSync(path.join(EMBEDDED_TEMPLATE, 'seeded'), '');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'riskmap-live-bench-'));
  fs.cpSync(path.join(EMBEDDED_TEMPLATE, 'pglite'), path.join(dir, 'pglite'), { recursive: true });
  return {
    open: () => openDatabase({ backend: 'embedded', embeddedDir: path.join(dir, 'pglite') }),
    env: { RISKMAP_DATA_DIR: dir },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The sender alone: generates and renders `ticks` ticks at `rate` with no server; records/s. */
async function renderRate(population: SimPopulation, rate: number, ticks: number): Promise<{ perSecond: number; rows: string[][] }> {
  const params = { ...DEFAULT_PARAMETERS, startDate: addDays(DATE, -89), endDate: DATE };
  const sources = createSources(population, createRandom(`sources/${SEED}`));
  const day = daysBetween(params.startDate, DATE);
  const rows: string[][] = [];
  let records = 0;
  const started = performance.now();
  for (let tick = 0; tick < ticks; tick++) {
    const submissions = generateLiveSubmissions(population, sources, params, { day, count: rate, tick: 1_000_000 + tick, seed: SEED, sourceIndexes: [0, 1, 2, 3].map((k) => (k * 7) % sources.length) });
    for (const s of submissions) {
      await renderSubmission(sources[s.source]!, s);
      records += s.records.length;
      for (const r of s.records) rows.push(Object.values(r.values).map((v) => (v === null || v === undefined ? '' : String(v))));
    }
  }
  return { perSecond: records / ((performance.now() - started) / 1000), rows };
}

/** Raw COPY of the same records (all text, no index) into the bench database; rows/s. */
async function rawCopyRate(rows: readonly string[][]): Promise<number> {
  const width = Math.max(...rows.map((r) => r.length));
  const db = await openDatabase({ backend: 'postgres', databaseUrl: urlOf(BENCH), poolSize: 1 });
  try {
    return await db.transaction(async (s) => {
      await s.exec(`CREATE TEMP TABLE bench_raw (${Array.from({ length: width }, (_, i) => `c${i} text`).join(', ')}) ON COMMIT DROP`);
      const lines = rows.map((r) => csvLine(Array.from({ length: width }, (_, i) => r[i] ?? '')));
      const started = performance.now();
      await s.copyCsv('bench_raw', Array.from({ length: width }, (_, i) => `c${i}`), lines);
      return rows.length / ((performance.now() - started) / 1000);
    });
  } finally {
    await db.close();
  }
}

async function startServer(env: Record<string, string>): Promise<ChildProcess> {
  const nodeArgs = [...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF}`] : []), 'bin/riskmap.js', 'serve'];
  const child = spawn(process.execPath, nodeArgs, {
    env: {
      ...process.env, ...env, PORT: String(PORT), HOST: '127.0.0.1', RISKMAP_ID_HASH_KEY: idHashKey, RISKMAP_DEMO: 'false',
      RISKMAP_RATE_LIMIT: '1000000', LOG_LEVEL: 'warn', ...(SPANS ? { RISKMAP_INGEST_SPANS: '1' } : {}),
      ...(BACKEND === 'embedded' ? { DATABASE_URL: '' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[server] ${d}`));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('riskmap is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening: ${out.slice(-500)}`)));
  });
  child.stdout?.on('data', (d: Buffer) => process.stdout.write(`[server] ${d}`));
  return child;
}

const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

async function main() {
  const copy = await freshCopy();
  let server: ChildProcess | null = null;
  try {
    const db = await copy.open();
    let population: SimPopulation;
    let siteKeys: Record<string, string>;
    try {
      await migrate(db);
      ({ population } = await loadSeededPopulation(db, { seeds: [CITY_SEED], referenceDate: DEFAULT_REFERENCE_DATE, idHashKey, startDate: addDays(DATE, -89) }));
      siteKeys = await createSiteKeys(db, createSources(population, createRandom(`sources/${SEED}`)));
    } finally {
      await db.close();
    }
    console.log(`${BACKEND}: ${population.people.length} people, ${Object.keys(siteKeys).length} sites with their own API keys; ${os.cpus().length} cores, load ${load()}`);

    const render = await renderRate(population, 1000, 10);
    console.log(`baseline: sender alone renders ${render.perSecond.toFixed(0)} records/s (10 ticks of 1,000, no server)`);
    if (BACKEND === 'postgres') console.log(`baseline: raw COPY of the same ${render.rows.length} records into an unindexed table: ${(await rawCopyRate(render.rows)).toFixed(0)} rows/s`);

    server = await startServer(copy.env);
    console.log(`rate  seconds  achieved/s  lag s  p50 ms  p95 ms  max ms  requests  failed  retried  load(1 5 15)`);
    for (const [i, rate] of RATES.entries()) {
      const result = await runLive(population, {
        url: `http://127.0.0.1:${PORT}`, apiKey: null, siteKeys, rate, durationSeconds: SECONDS, seed: `${SEED}/${i}`, date: DATE, concurrency: CONCURRENCY,
      });
      const l = result.latencyMs;
      console.log(`${String(rate).padStart(4)}  ${result.seconds.toFixed(0).padStart(7)}  ${result.ratePerSecond.toFixed(0).padStart(10)}  ${result.maxLagSeconds.toFixed(1).padStart(5)}  ${l.p50.toFixed(0).padStart(6)}  ${l.p95.toFixed(0).padStart(6)}  ${l.max.toFixed(0).padStart(6)}  ${String(result.requests).padStart(8)}  ${String(result.failedRequests).padStart(6)}  ${String(result.retriedRequests).padStart(7)}  ${load()}  ${JSON.stringify(result.statuses)}`);
    }
  } finally {
    if (server) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server?.once('exit', resolve));
    }
    await copy.drop();
  }
}

await main();
