// Load benchmark: the live path under viewers (issue #15 point 8).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     node --import tsx bench/load.ts [--seconds 300] [--people 300000] [--rate 1000] [--viewers 20] [--reseed]
//
// Seeds (once) a template database riskmap_load_template_<people> with a city
// of --people people, copies it into a fresh riskmap_load_bench (dropped at
// the end), starts `riskmap serve` on it as a child process, and runs three
// phases of --seconds each, so every figure stands next to its baseline from
// the same run on the same (shared, noisy) machine:
//   1. ingest alone: `riskmap simulate --live` at --rate records/s, each
//      synthetic site with its own API key;
//   2. viewers alone: --viewers signed-in city leaders in a closed loop, each
//      asking /api/units?level=block (revalidating with If-None-Match, as the
//      dashboard does) and three block tiles around the city's middle;
//   3. both at once.
// Printed per phase: ingest records/s, schedule lag p50/p95/max (how far
// each one-second tick of the sender started late: ~0 when the server keeps
// up), request latency; viewer p50/p95/p99 per kind, requests/s and errors;
// and how long live events took from their commit to a browser's stream.
// Targets: ingest keeps its rate with lag p95 ≤ 2 s, viewers p95 ≤ 100 ms, 0 errors.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import pg from 'pg';
import { lngLatToTile } from '../geo/tiles/tile-math.ts';
import { addDays } from '../geo/simulate/calendar.ts';
import { createSources } from '../geo/simulate/sources.ts';
import { createRandom } from '../geo/random.ts';
import { createUser } from '../server/access/access.service.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { MigrationError } from '../server/errors.ts';
import { DEFAULT_REFERENCE_DATE, seedCity } from '../server/geography/seed.service.ts';
import { quantile, runLive } from '../server/simulate/live.service.ts';
import { loadSeededPopulation } from '../server/simulate/population.repo.ts';
import { createSiteKeys } from '../server/simulate/site-keys.service.ts';

const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const SECONDS = Number(argOf('seconds') ?? 300);
const PEOPLE = Number(argOf('people') ?? 300_000);
const RATE = Number(argOf('rate') ?? 1000);
const VIEWERS = Number(argOf('viewers') ?? 20);
const CITY_SEED = 'load-bench';
const SEED = 'load-bench-feed';
const DATE = '2021-09-30';
const PORT = 19_000 + (process.pid % 1000);
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = 'load bench password';
const idHashKey = 'load-bench-key-load-bench-key-000000';
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('set DATABASE_URL to a PostGIS server (the bench creates its databases beside it)');
const urlOf = (name: string) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
const TEMPLATE = `riskmap_load_template_${PEOPLE}`;
const BENCH = 'riskmap_load_bench';

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function templateIsCurrent(): Promise<boolean> {
  if (!(await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE])).rowCount === 1))) return false;
  const db = await openDatabase({ backend: 'postgres', databaseUrl: urlOf(TEMPLATE), poolSize: 1 });
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

/** A fresh copy of the seeded city (seeding the template first when missing or stale). */
async function freshCopy(): Promise<void> {
  if (process.argv.includes('--reseed') || !(await templateIsCurrent())) {
    await admin(async (c) => { await c.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`); await c.query(`CREATE DATABASE ${TEMPLATE}`); });
    const db = await openDatabase({ backend: 'postgres', databaseUrl: urlOf(TEMPLATE), poolSize: 2 });
    try {
      await migrate(db);
      const started = Date.now();
      const districts = Math.max(4, Math.round(PEOPLE / 50_000));
      await seedCity(db, { people: PEOPLE, seed: CITY_SEED, idHashKey, city: { districts, wardsPerDistrict: 6 } });
      console.log(`seeded ${PEOPLE} people (${districts} districts × 6 wards) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } finally {
      await db.close();
    }
  }
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${BENCH} WITH (FORCE)`);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [TEMPLATE]);
    await c.query(`CREATE DATABASE ${BENCH} TEMPLATE ${TEMPLATE}`);
  });
}

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/riskmap.js', 'serve'], {
    env: {
      ...process.env, DATABASE_URL: urlOf(BENCH), PORT: String(PORT), HOST: '127.0.0.1', RISKMAP_ID_HASH_KEY: idHashKey,
      RISKMAP_DEMO: 'false', RISKMAP_RATE_LIMIT: '1000000', LOG_LEVEL: 'warn',
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
  return child;
}

async function signIn(username: string): Promise<string> {
  const response = await fetch(`${BASE}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('riskmap_session='));
  if (!response.ok || !cookie) throw new Error(`sign-in of ${username} failed: ${response.status}`);
  return cookie.split(';')[0] as string;
}

interface ViewerStats { units: number[]; tiles: number[]; errors: Record<string, number>; requests: number }

/** One viewer: a closed loop of the block list (revalidated by ETag) and three block tiles, until `until`. */
async function runViewer(cookie: string, tiles: readonly string[], until: number, stats: ViewerStats): Promise<void> {
  let etag: string | null = null;
  const get = async (url: string, into: number[], headers: Record<string, string> = {}) => {
    const started = performance.now();
    try {
      const response = await fetch(`${BASE}${url}`, { headers: { cookie, ...headers } });
      await response.arrayBuffer();
      into.push(performance.now() - started);
      stats.requests += 1;
      if (response.status >= 400) stats.errors[response.status] = (stats.errors[response.status] ?? 0) + 1;
      return response;
    } catch {
      stats.errors.network = (stats.errors.network ?? 0) + 1;
      return null;
    }
  };
  for (let round = 0; performance.now() < until; round++) {
    const response = await get(`/api/units?level=block&date=${DATE}`, stats.units, etag ? { 'if-none-match': etag } : {});
    etag = response?.headers.get('etag') ?? etag;
    for (const tile of tiles) await get(tile, stats.tiles);
  }
}

/** Seconds from a live event's commit (its created_at) to its arrival on a stream, for the events of one phase. */
async function watchLive(cookie: string, signal: AbortSignal, delays: number[]): Promise<void> {
  try {
    const response = await fetch(`${BASE}/api/live`, { headers: { cookie }, signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = buffer.slice(0, end).split('\n').find((l) => l.startsWith('data: '));
        buffer = buffer.slice(end + 2);
        const at = data ? (JSON.parse(data.slice(6)) as { at?: string }).at : undefined;
        if (at) delays.push((Date.now() - Date.parse(at.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'))) / 1000);
      }
    }
  } catch {
    // aborted at the end of the phase
  }
}

const ms = (values: number[]) => `p50 ${quantile(values, 0.5).toFixed(0)} / p95 ${quantile(values, 0.95).toFixed(0)} / p99 ${quantile(values, 0.99).toFixed(0)} ms`;
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

async function main() {
  await freshCopy();
  let server: ChildProcess | null = null;
  try {
    const db: Database = await openDatabase({ backend: 'postgres', databaseUrl: urlOf(BENCH), poolSize: 2 });
    let setup;
    try {
      await migrate(db);
      const { population } = await loadSeededPopulation(db, { seeds: [CITY_SEED], referenceDate: DEFAULT_REFERENCE_DATE, idHashKey, startDate: addDays(DATE, -89) });
      const siteKeys = await createSiteKeys(db, createSources(population, createRandom(`sources/${SEED}`)));
      for (let v = 0; v <= VIEWERS; v++) await createUser(db, { username: `viewer-${v}`, role: 'city_leader', password: PASSWORD });
      const [middle] = await db.withSession((s) => s.query<{ lng: number; lat: number; blocks: number }>(
        "SELECT ST_X(ST_Centroid(ST_Extent(geom))) AS lng, ST_Y(ST_Centroid(ST_Extent(geom))) AS lat, count(*)::int AS blocks FROM unit WHERE level = 'block'"));
      setup = { population, siteKeys, middle: middle! };
    } finally {
      await db.close();
    }
    const { population, siteKeys, middle } = setup;
    const centre = lngLatToTile([middle.lng, middle.lat], 15);
    const tiles = [`/tiles/block/14/${centre.x >> 1}/${centre.y >> 1}.mvt`, `/tiles/block/15/${centre.x}/${centre.y}.mvt`, `/tiles/block/15/${centre.x + 1}/${centre.y}.mvt`];
    console.log(`postgres: ${population.people.length} people, ${middle.blocks} blocks, ${Object.keys(siteKeys).length} sites with their own API keys; ${os.cpus().length} cores, load ${load()}`);
    console.log(`each phase ${SECONDS} s; ingest ${RATE} records/s; ${VIEWERS} viewers (closed loop: block list + 3 block tiles)`);

    server = await startServer();
    const cookies: string[] = [];
    for (let v = 0; v <= VIEWERS; v++) cookies.push(await signIn(`viewer-${v}`)); // one at a time: password hashing is slow on purpose
    const phases = [
      { name: 'ingest alone', ingest: true, viewers: false },
      { name: 'viewers alone', ingest: false, viewers: true },
      { name: 'both', ingest: true, viewers: true },
    ];
    for (const [p, phase] of phases.entries()) {
      const until = performance.now() + SECONDS * 1000;
      const stop = new AbortController();
      const delays: number[] = [];
      const watching = watchLive(cookies[VIEWERS] as string, stop.signal, delays);
      const stats: ViewerStats = { units: [], tiles: [], errors: {}, requests: 0 };
      const ticks: number[] = [];
      const ingestStarted = performance.now();
      const ingest = phase.ingest
        ? runLive(population, {
          url: BASE, apiKey: null, siteKeys, rate: RATE, durationSeconds: SECONDS, seed: `${SEED}/${p}`, date: DATE, concurrency: 4,
          onTick: () => ticks.push((performance.now() - ingestStarted) / 1000 - ticks.length),
        })
        : null;
      const viewers = phase.viewers ? Array.from({ length: VIEWERS }, (_, v) => runViewer(cookies[v] as string, tiles, until, stats)) : [];
      const [result] = await Promise.all([ingest, ...viewers]);
      stop.abort();
      await watching;
      console.log(`\n${phase.name} (load ${load()})`);
      if (result) {
        const l = result.latencyMs;
        console.log(`  ingest: ${result.ratePerSecond.toFixed(0)} records/s of ${RATE} asked; tick lag p50 ${quantile(ticks, 0.5).toFixed(2)} / p95 ${quantile(ticks, 0.95).toFixed(2)} / max ${quantile(ticks, 1).toFixed(2)} s; request p50 ${l.p50.toFixed(0)} / p95 ${l.p95.toFixed(0)} ms; ${result.requests} requests, ${result.failedRequests} failed, ${result.retriedRequests} retried ${JSON.stringify(result.statuses)}`);
      }
      if (phase.viewers) {
        const errors = Object.values(stats.errors).reduce((a, b) => a + b, 0);
        console.log(`  viewers: ${(stats.requests / SECONDS).toFixed(1)} requests/s, ${errors} errors ${JSON.stringify(stats.errors)}`);
        console.log(`    /api/units?level=block: ${stats.units.length} requests, ${ms(stats.units)}`);
        console.log(`    block tiles:            ${stats.tiles.length} requests, ${ms(stats.tiles)}`);
        console.log(`    all viewer requests:    ${ms([...stats.units, ...stats.tiles])}`);
      }
      if (delays.length > 0) console.log(`  live events: ${delays.length}, commit → stream p50 ${quantile(delays, 0.5).toFixed(2)} / p95 ${quantile(delays, 0.95).toFixed(2)} s`);
    }
  } finally {
    if (server) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server?.once('exit', resolve));
    }
    await admin(async (c) => { await c.query(`DROP DATABASE IF EXISTS ${BENCH} WITH (FORCE)`); });
  }
}

await main();
