// The whole city (issue #18 point 1): Ho Chi Minh City's 312 real wards from
// ../shared/data/hcmc (read in place, never copied), --people people (9 M is
// the city; a fraction runs the same code), and 90 days of 2021-shaped events.
//
//   RISKMAP_INGEST_SPANS=1 DATABASE_URL=postgres://postgres@127.0.0.1/postgres nice -n 10 npx tsx bench/city.ts --people 1000000
//   … --people 9000000            # the whole city (a seed took ~9 min alone before the worker pool)
//   … --fresh                     # drop the kept city and build it again
//   … --seed-only --workers 0     # only the seed figure (0 workers: generated inline, as before the pool)
//
// The city is built once and kept for reruns in a database named by the
// schema version (a hash of migrations/) and the head count, beside
// DATABASE_URL's: riskmap_city_<hash>_<people>. Figures measured while
// building (seed, events) are stored in it (bench_city_figure) and printed
// again on reruns, marked "(build run)". Every figure is printed beside its
// baseline from the same run:
//  - seed: `seedCity` (worker-thread pool, indexes, COPY) vs raw COPY of the
//    very same rows into unindexed tables (the rows read back out first);
//  - events: 90 days to 2021-09-30 shaped like HCMC's 2021 wave (tests —
//    pooled PCR, individual PCR and antigen — at several hundred thousand a
//    day at the peak for 9 M people, doses by the simulator's vaccine mix,
//    reported cases), written set-based (INSERT … SELECT), vs raw COPY of the
//    same rows into unindexed tables;
//  - full rebuild of rollups and tiers (`rebuildEverything`, every rule set) vs
//    scanning the event tables once + COPY of the output rows into unindexed
//    tables; with where the rebuild's time goes (spans per statement).
// Peak RSS of this process (the seed's worker threads included) is sampled
// throughout. Needs no network; the boundaries are local files.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DEFAULT_PARAMETERS } from '../geo/simulate/parameters.ts';
import { rebuildEverything } from '../server/aggregate/aggregate.service.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { readGeoJsonFile } from '../server/geography/boundaries.command.ts';
import { importBoundaries } from '../server/geography/boundaries.service.ts';
import { HOUSEHOLD_COLUMNS, PERSON_COLUMNS, UNIT_COLUMNS } from '../server/geography/seed.repo.ts';
import { seedCity } from '../server/geography/seed.service.ts';
import { spanTotals } from '../server/ingest/ingest-spans.ts';

const { values } = parseArgs({ options: { people: { type: 'string', default: '1000000' }, fresh: { type: 'boolean', default: false }, workers: { type: 'string' }, 'skip-rebuild': { type: 'boolean', default: false }, 'seed-only': { type: 'boolean', default: false } } });
const PEOPLE = Number(values.people);
const DAYS = 90;
const UNTIL = '2021-09-30';
const CITY_PEOPLE = 9_000_000;
const HCMC = path.resolve('../shared/data/hcmc');
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) throw new Error('set DATABASE_URL to a PostGIS server (the bench creates riskmap_city_* beside it)');
if (!fs.existsSync(path.join(HCMC, 'wards.geojson'))) throw new Error(`the real boundaries are not at ${HCMC}`);

const migrationsDir = path.resolve('migrations');
const schemaHash = createHash('sha1');
for (const file of fs.readdirSync(migrationsDir).sort()) schemaHash.update(file).update(fs.readFileSync(path.join(migrationsDir, file)));
const dbName = `riskmap_city_${schemaHash.digest('hex').slice(0, 10)}_${PEOPLE}`;
const url = (name: string) => Object.assign(new URL(baseUrl), { pathname: `/${name}` }).toString();

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
sampler.unref();
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const line = (label: string, value: string) => console.log(`${label.padEnd(46)} ${value}`);
const rate = (rows: number, seconds: number) => `${Math.round(rows / seconds).toLocaleString('en')} rows/s`;
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await fn();
  return [value, (performance.now() - started) / 1000];
}

async function adminQuery(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url('postgres') });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A query's rows as CSV chunks (the baseline's input: read out before the clock starts). */
async function copyOut(client: pg.Client, select: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv)`))) chunks.push(chunk as Buffer);
  return chunks;
}

/** Raw COPY of rows read out of `table` into a new unindexed table like it; returns seconds and rows. */
async function rawCopy(client: pg.Client, table: string, columns: readonly string[], where = ''): Promise<{ seconds: number; rows: number }> {
  const data = await copyOut(client, `SELECT ${columns.join(', ')} FROM ${table} ${where}`);
  // Only the copied columns, their types, no constraint, default or index.
  await client.query(`DROP TABLE IF EXISTS raw_${table}; CREATE TABLE raw_${table} AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`);
  const started = performance.now();
  await pipeline(Readable.from(data), client.query(copyFrom(`COPY raw_${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)));
  const seconds = (performance.now() - started) / 1000;
  const rows = Number((await client.query(`SELECT count(*) AS n FROM raw_${table}`)).rows[0].n);
  await client.query(`DROP TABLE raw_${table}`);
  return { seconds, rows };
}

// --- the 2021 shape -----------------------------------------------------------
// Per day for the whole city (9 M): tests rise from ~60k to ~420k at the
// peak (late August, HCMC's mass testing rounds, most of them pooled), doses
// from ~40k to ~320k (September's campaign), reported cases to ~7k.
function dayPlan(scale: number): Array<{ dayNo: number; day: string; tests: number; doses: number; cases: number; positivity: number }> {
  const start = Date.parse(`${UNTIL}T00:00:00Z`) - (DAYS - 1) * 86_400_000;
  return Array.from({ length: DAYS }, (_, d) => {
    const wave = Math.exp(-(((d - 55) / 20) ** 2));
    const campaign = Math.min(1, Math.max(0, (d - 20) / 55));
    return {
      dayNo: d, day: new Date(start + d * 86_400_000).toISOString().slice(0, 10),
      tests: Math.round((60_000 + 360_000 * wave) * scale), doses: Math.round((40_000 + 280_000 * campaign) * scale),
      cases: Math.round((400 + 6_600 * wave) * scale), positivity: 0.01 + 0.07 * wave,
    };
  });
}

const VACCINES = DEFAULT_PARAMETERS.vaccination.vaccines.map((v) => ({ brand: v.brand, share: v.share }));

function eventsSql(plan: ReturnType<typeof dayPlan>, sources: { tests: number; doses: number }): string {
  const days = plan.map((p) => `(${p.dayNo}, DATE '${p.day}', ${p.tests}, ${p.doses}, ${p.cases}, ${p.positivity})`).join(',\n');
  let cumulative = 0;
  const brandCase = `CASE ${VACCINES.map((v) => `WHEN u2 < ${(cumulative += v.share).toFixed(4)} THEN '${v.brand}'`).join(' ')} ELSE '${VACCINES[0]!.brand}' END`;
  return `
SELECT setseed(0.2021);
CREATE TEMP TABLE bench_day (day_no int, day date, tests int, doses int, cases int, positivity float8) ON COMMIT DROP;
INSERT INTO bench_day VALUES ${days};
CREATE TEMP TABLE bench_resident ON COMMIT DROP AS
SELECT row_number() OVER (ORDER BY p.district_id, p.id)::int AS rn, p.district_id, p.id AS person_id, p.household_id, COALESCE(h.block_id, h.ward_id) AS unit_id
FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id;
CREATE UNIQUE INDEX ON bench_resident (rn);
ANALYZE bench_resident;
-- Tests: 60% pooled PCR (tubes of 10 neighbours — consecutive residents — and a positive tube's members all positive), 15% individual PCR, 25% antigen.
INSERT INTO test_result (district_id, source_id, source_record_id, person_id, unit_id, method, pooled, sample_time, result, content_hash, sample_id)
SELECT r.district_id, ${sources.tests}, 't' || g.day_no || '-' || g.i, r.person_id, r.unit_id,
       CASE WHEN g.pooled OR g.u < 0.375 THEN 'pcr' ELSE 'antigen' END, g.pooled,
       g.day + time '07:00' + make_interval(mins => (g.u * 600)::int),
       CASE WHEN g.pooled THEN (CASE WHEN abs(hashtext(g.day_no || '/' || (g.i / 10))) % 10000 < g.positivity * 10000 THEN 'positive' ELSE 'negative' END)
            WHEN g.u2 < g.positivity THEN 'positive' ELSE 'negative' END,
       'h', CASE WHEN g.pooled THEN 'pool-' || g.day_no || '-' || (g.i / 10) END
FROM (SELECT d.day_no, d.day, d.positivity, s.i, s.i % 100 < 60 AS pooled, random() AS u, random() AS u2,
             1 + (CASE WHEN s.i % 100 < 60 THEN abs(hashtext(d.day_no || ':' || (s.i / 10)))::bigint + s.i % 10
                       ELSE floor(random() * n.n)::bigint END) % n.n AS rn
      FROM bench_day d CROSS JOIN (SELECT count(*) AS n FROM bench_resident) n, generate_series(1, d.tests) s(i)) g
JOIN bench_resident r ON r.rn = g.rn;
-- Doses: first doses early, second doses growing with the campaign; brand by the simulator's mix.
INSERT INTO vaccination (district_id, source_id, source_record_id, person_id, unit_id, dose_number, vaccine_code, vaccinated_on, content_hash)
SELECT r.district_id, ${sources.doses}, 'v' || g.day_no || '-' || g.i, r.person_id, r.unit_id,
       CASE WHEN g.u1 < g.day_no / 180.0 THEN 2 ELSE 1 END, ${brandCase}, g.day, 'h'
FROM (SELECT d.day_no, d.day, s.i, random() AS u1, random() AS u2, 1 + floor(random() * n.n)::int AS rn
      FROM bench_day d CROSS JOIN (SELECT count(*) AS n FROM bench_resident) n, generate_series(1, d.doses) s(i)) g
JOIN bench_resident r ON r.rn = g.rn;
-- Cases reported by hospitals (90% community, 5% severe, 1.5% deaths).
INSERT INTO covid_case (district_id, person_id, household_id, unit_id, origin, classification, severity, confirmed_on)
SELECT r.district_id, r.person_id, r.household_id, r.unit_id, 'reported',
       CASE WHEN g.u < 0.9 THEN 'community' WHEN g.u < 0.95 THEN 'imported' ELSE 'quarantine' END,
       CASE WHEN g.u2 < 0.935 THEN 'mild' WHEN g.u2 < 0.985 THEN 'severe' ELSE 'death' END, g.day
FROM (SELECT d.day, random() AS u, random() AS u2, 1 + floor(random() * n.n)::int AS rn
      FROM bench_day d CROSS JOIN (SELECT count(*) AS n FROM bench_resident) n, generate_series(1, d.cases) s(i)) g
JOIN bench_resident r ON r.rn = g.rn;
ANALYZE test_result; ANALYZE vaccination; ANALYZE covid_case;`;
}

const TEST_COLUMNS = ['district_id', 'source_id', 'source_record_id', 'person_id', 'unit_id', 'method', 'pooled', 'sample_time', 'result', 'content_hash', 'sample_id'];
const DOSE_COLUMNS = ['district_id', 'source_id', 'source_record_id', 'person_id', 'unit_id', 'dose_number', 'vaccine_code', 'vaccinated_on', 'content_hash'];
const CASE_COLUMNS = ['district_id', 'person_id', 'household_id', 'unit_id', 'origin', 'classification', 'severity', 'confirmed_on'];

async function figure(client: pg.Client, name: string, value?: unknown): Promise<Record<string, number | string> | null> {
  await client.query('CREATE TABLE IF NOT EXISTS bench_city_figure (name text PRIMARY KEY, value jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())');
  if (value !== undefined) {
    await client.query('INSERT INTO bench_city_figure (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, at = now()', [name, JSON.stringify(value)]);
    return value as Record<string, number | string>;
  }
  return ((await client.query('SELECT value FROM bench_city_figure WHERE name = $1', [name])).rows[0]?.value as Record<string, number | string>) ?? null;
}

async function buildSeed(database: Database, client: pg.Client): Promise<void> {
  const hasPeople = Number((await client.query('SELECT count(*) AS n FROM (SELECT 1 FROM person LIMIT 1) p')).rows[0].n) > 0;
  if (hasPeople) return;
  if (Number((await client.query("SELECT count(*) AS n FROM unit WHERE level = 'ward'")).rows[0].n) === 0) {
    await importBoundaries(database, await readGeoJsonFile(path.join(HCMC, 'districts_from_wards.geojson')), { level: 'district', fields: { population: 'pop_2019' }, city: { code: '79', name: 'Thành phố Hồ Chí Minh' } });
    await importBoundaries(database, await readGeoJsonFile(path.join(HCMC, 'wards.geojson')), { level: 'ward', fields: { parent: 'district_code', population: 'pop_2019' } });
  }
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  const [summary, seconds] = await timed(() => seedCity(database, { people: PEOPLE, seed: 'city', idHashKey: 'bench-city-key-bench-city-key-0000', ...(workers === undefined ? {} : { workers }) }));
  const seedPeak = peakRss;
  let copySeconds = 0;
  let copyRows = 0;
  for (const [table, columns, where] of [['unit', UNIT_COLUMNS, "WHERE level IN ('neighbourhood', 'block')"], ['household', HOUSEHOLD_COLUMNS, ''], ['person', PERSON_COLUMNS, '']] as const) {
    const raw = await rawCopy(client, table, columns, where);
    copySeconds += raw.seconds;
    copyRows += raw.rows;
  }
  const rows = summary.neighbourhoods + summary.blocks + summary.households + summary.people;
  await figure(client, 'seed', {
    people: summary.people, households: summary.households, groups: summary.neighbourhoods, blocks: summary.blocks, wards: summary.wards, rows, seconds,
    generateWait: summary.timings.generateSeconds, writeWait: summary.timings.writeWaitSeconds, copySeconds, copyRows, peakRss: seedPeak, rssBefore,
    workers: workers ?? 'default', load: os.loadavg()[0]!.toFixed(1),
  });
}

async function buildEvents(database: Database, client: pg.Client): Promise<void> {
  if (await figure(client, 'events')) return;
  // Events without their figure: a build run that stopped after writing them. Write them again, timed.
  await client.query('TRUNCATE test_result, vaccination, covid_case, unit_day_own, unit_day_rollup, unit_tier, person_vaccination_milestone');
  const source = async (code: string, kind: string) => Number((await client.query(
    "INSERT INTO source (code, name, kind) VALUES ($1, $1, $2) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING id", [code, kind])).rows[0].id);
  const sources = { tests: await source('bench-city-tests', 'test_site'), doses: await source('bench-city-doses', 'vaccination_site') };
  const plan = dayPlan(PEOPLE / CITY_PEOPLE);
  const [, seconds] = await timed(() => database.transaction((s) => s.exec(eventsSql(plan, sources))));
  const counts = (await client.query('SELECT (SELECT count(*) FROM test_result)::int AS tests, (SELECT count(*) FROM vaccination)::int AS doses, (SELECT count(*) FROM covid_case)::int AS cases')).rows[0] as { tests: number; doses: number; cases: number };
  let copySeconds = 0;
  for (const [table, columns] of [['test_result', TEST_COLUMNS], ['vaccination', DOSE_COLUMNS], ['covid_case', CASE_COLUMNS]] as const) copySeconds += (await rawCopy(client, table, columns)).seconds;
  const peak = plan.reduce((best, p) => (p.tests > best.tests ? p : best));
  await figure(client, 'events', { ...counts, seconds, copySeconds, peakDay: peak.day, peakTests: peak.tests, peakDoses: Math.max(...plan.map((p) => p.doses)), load: os.loadavg()[0]!.toFixed(1) });
}

async function rebuildFigure(database: Database, client: pg.Client): Promise<void> {
  const scan = async () => (await timed(() => client.query(
    'SELECT (SELECT count(unit_id) + count(person_id) FROM test_result) + (SELECT count(unit_id) + count(person_id) FROM vaccination) + (SELECT count(unit_id) FROM covid_case) AS n')))[1];
  const scanBefore = await scan();
  const [rebuild, seconds] = await timed(() => rebuildEverything(database));
  const scanSeconds = Math.min(scanBefore, await scan());
  let copySeconds = 0;
  let outputRows = 0;
  for (const table of ['person_vaccination_milestone', 'unit_day_own', 'unit_day_rollup', 'unit_tier']) {
    const columns = (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 AND table_schema = 'public' ORDER BY ordinal_position`, [table])).rows.map((r) => r.column_name as string);
    const raw = await rawCopy(client, table, columns);
    copySeconds += raw.seconds;
    outputRows += raw.rows;
  }
  const baseline = scanSeconds + copySeconds;
  line('full rebuild (rollups + tiers, every rule set)', `${seconds.toFixed(1)} s = rollups ${rebuild.rollupSeconds.toFixed(1)} s + tiers of ${rebuild.unitsWithData.toLocaleString('en')} units ${rebuild.tierSeconds.toFixed(1)} s`);
  line('  baseline: scan events once + COPY output', `${baseline.toFixed(1)} s = scan ${scanSeconds.toFixed(2)} s + COPY of ${outputRows.toLocaleString('en')} output rows into unindexed tables ${copySeconds.toFixed(1)} s`);
  line('  rebuild / baseline', `${(seconds / baseline).toFixed(1)}× (target ≤ 3×)`);
  const spans = [...spanTotals().entries()].filter(([name]) => name.startsWith('rebuild:') || name.startsWith('tiers'));
  for (const [name, t] of spans) line(`    ${name}`, `${(t.ms / 1000).toFixed(1)} s`);
  if (spans.length === 0) console.log('    (RISKMAP_INGEST_SPANS=1 on the command line times each statement of the rebuild)');
}

const exists = (await adminQuery(`SELECT 1 FROM pg_database WHERE datname = '${dbName}'`)).rowCount === 1;
if (values.fresh && exists) await adminQuery(`DROP DATABASE ${dbName} WITH (FORCE)`);
if (values.fresh || !exists) await adminQuery(`CREATE DATABASE ${dbName}`);
console.log(`bench/city: ${PEOPLE.toLocaleString('en')} people (${((PEOPLE / CITY_PEOPLE) * 100).toFixed(1)}% of the city) in ${dbName}${exists && !values.fresh ? ' (kept from an earlier run)' : ''}; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, ${os.cpus().length} cores`);
const database = await openDatabase({ backend: 'postgres', databaseUrl: url(dbName), poolSize: 4 });
const client = new pg.Client({ connectionString: url(dbName) });
await client.connect();
try {
  await migrate(database);
  await buildSeed(database, client);
  const seed = await figure(client, 'seed');
  if (seed) {
    const s = seed as unknown as Record<'wards' | 'people' | 'households' | 'groups' | 'blocks' | 'rows' | 'seconds' | 'generateWait' | 'writeWait' | 'copySeconds' | 'copyRows' | 'peakRss' | 'rssBefore', number>;
    line('city', `HCMC, ${s.wards} real wards: ${s.people.toLocaleString('en')} people, ${s.households.toLocaleString('en')} households, ${s.groups.toLocaleString('en')} groups, ${s.blocks.toLocaleString('en')} blocks (build run, load ${seed.load}, workers ${seed.workers})`);
    line('seed (generate in workers + COPY + indexes)', `${s.seconds.toFixed(1)} s, ${rate(s.rows, s.seconds)} (waiting for rows ${s.generateWait.toFixed(1)} s, for COPY ${s.writeWait.toFixed(1)} s)`);
    line('  baseline: raw COPY of the same rows', `${s.copySeconds.toFixed(1)} s, ${rate(s.copyRows, s.copySeconds)}`);
    line('  seed / raw COPY', `${(s.copySeconds / s.seconds).toFixed(2)}× (target ≥ 0.3×)`);
    line('  peak RSS while seeding', `${mib(s.peakRss)} (before ${mib(s.rssBefore)})`);
  }
  if (values['seed-only']) {
    line('peak RSS of this run', mib(peakRss));
    process.exit(0);
  }
  await buildEvents(database, client);
  const events = await figure(client, 'events');
  if (events) {
    const e = events as unknown as Record<'tests' | 'doses' | 'cases' | 'seconds' | 'copySeconds' | 'peakTests' | 'peakDoses', number>;
    const rows = e.tests + e.doses + e.cases;
    line('events: 90 days to 2021-09-30 (build run)', `${e.tests.toLocaleString('en')} tests, ${e.doses.toLocaleString('en')} doses, ${e.cases.toLocaleString('en')} cases; peak ${e.peakTests.toLocaleString('en')} tests/day on ${events.peakDay}, ${e.peakDoses.toLocaleString('en')} doses/day`);
    line('  written set-based (INSERT … SELECT, indexed)', `${e.seconds.toFixed(1)} s, ${rate(rows, e.seconds)}`);
    line('  baseline: raw COPY of the same rows', `${e.copySeconds.toFixed(1)} s, ${rate(rows, e.copySeconds)}`);
  }
  if (!values['skip-rebuild']) await rebuildFigure(database, client);
  line('peak RSS of this run', mib(peakRss));
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
} finally {
  await client.end();
  await database.close();
}
