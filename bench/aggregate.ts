// Aggregation benchmark (PostGIS server only).
//
//   psql -U postgres -h 127.0.0.1 -c 'create database rm_agg'
//   DATABASE_URL=postgres://postgres@127.0.0.1/rm_agg npx tsx bench/aggregate.ts --people 300000 --batches 100
//
// On an empty database it seeds a synthetic city (seedCity) and generates 90
// days of events with SQL from the person rows (tests, doses, cases). Then:
//  1. a plain scan of the event tables (baseline), and `aggregate --full`
//     (rollups, then tiers) in the same run: the ratio is what counts;
//  2. incremental: N batches of 1,000 records (600 tests, 300 doses, 100
//     cases) on the last days, each committed with its dirty pairs as ingest
//     does; time from commit to the SSE event arriving at a client of a
//     listening app (through the aggregator, NOTIFY and /api/live). p50/p95.
import { randomBytes } from 'node:crypto';
import { createUser, signIn } from '../server/access/access.service.ts';
import { buildApp } from '../server/app.ts';
import { rebuildEverything } from '../server/aggregate/aggregate.service.ts';
import { readConfig } from '../server/config.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { seedCity } from '../server/geography/seed.service.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const PEOPLE = arg('people', 300_000);
const BATCHES = arg('batches', 100);
const FIRST_DAY = '2021-09-01';
const DAYS = 90;

const GENERATE_EVENTS = `
SELECT setseed(0.4800);
CREATE TEMP TABLE bench_resident AS
SELECT p.district_id, p.id AS person_id, p.household_id, COALESCE(h.block_id, h.ward_id) AS unit_id
FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id;
INSERT INTO test_result (district_id, source_id, source_record_id, person_id, unit_id, method, sample_time, result, content_hash)
SELECT district_id, 1, 'bt' || person_id || '-' || g, person_id, unit_id, CASE WHEN random() < 0.6 THEN 'pcr' ELSE 'antigen' END,
       (DATE '${FIRST_DAY}' + (random() * ${DAYS - 1})::int)::timestamp + interval '9 hours', CASE WHEN random() < 0.05 THEN 'positive' ELSE 'negative' END, 'h'
FROM bench_resident, generate_series(1, 2) g WHERE random() < 0.4;
INSERT INTO vaccination (district_id, source_id, source_record_id, person_id, unit_id, dose_number, vaccine_code, vaccinated_on, content_hash)
SELECT district_id, 2, 'bv' || person_id || '-' || n, person_id, unit_id, n, 'AZ', DATE '${FIRST_DAY}' + (n - 1) * 30 + (random() * 25)::int, 'h'
FROM (SELECT *, random() AS r FROM bench_resident) x, generate_series(1, 3) n WHERE r < 0.75 - n * 0.2;
INSERT INTO covid_case (district_id, person_id, household_id, unit_id, origin, classification, severity, confirmed_on)
SELECT district_id, person_id, household_id, unit_id, 'reported', CASE WHEN random() < 0.9 THEN 'community' WHEN random() < 0.5 THEN 'imported' ELSE 'quarantine' END,
       CASE WHEN random() < 0.9 THEN 'mild' WHEN random() < 0.8 THEN 'severe' ELSE 'death' END, DATE '${FIRST_DAY}' + (random() * ${DAYS - 1})::int
FROM bench_resident WHERE random() < 0.02;
ANALYZE test_result; ANALYZE vaccination; ANALYZE covid_case`;

const SCAN = `SELECT (SELECT count(unit_id) FROM test_result) + (SELECT count(unit_id) FROM vaccination) + (SELECT count(unit_id) FROM covid_case) AS n`;

const BATCH = `
WITH picked AS (
  SELECT p.district_id, p.id AS person_id, p.household_id, COALESCE(h.block_id, h.ward_id) AS unit_id, g,
         DATE '${FIRST_DAY}' + ${DAYS - 1} - (random() * 2)::int AS day
  FROM (SELECT g, $3::bigint + (random() * $4)::bigint AS pid FROM generate_series(1, 1000) g) r
  JOIN person p ON p.district_id = $2 AND p.id = r.pid
  JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id),
t AS (INSERT INTO test_result (district_id, source_id, source_record_id, person_id, unit_id, method, sample_time, result, content_hash)
      SELECT district_id, 3, $1 || '-' || g, person_id, unit_id, 'pcr', day + time '10:00', CASE WHEN g % 7 = 0 THEN 'positive' ELSE 'negative' END, 'h'
      FROM picked WHERE g <= 600 RETURNING unit_id, (sample_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day),
v AS (INSERT INTO vaccination (district_id, source_id, source_record_id, person_id, unit_id, dose_number, vaccine_code, vaccinated_on, content_hash)
      SELECT district_id, 3, $1 || '-' || g, person_id, unit_id, 2, 'AZ', day, 'h' FROM picked WHERE g > 600 AND g <= 900 RETURNING unit_id, vaccinated_on AS day),
c AS (INSERT INTO covid_case (district_id, person_id, household_id, unit_id, origin, classification, confirmed_on)
      SELECT district_id, person_id, household_id, unit_id, 'reported', 'community', day FROM picked WHERE g > 900 RETURNING unit_id, confirmed_on AS day)
INSERT INTO dirty_unit_day (unit_id, day)
SELECT DISTINCT unit_id, day FROM (SELECT * FROM t UNION ALL SELECT * FROM v UNION ALL SELECT * FROM c) x WHERE unit_id IS NOT NULL
ON CONFLICT DO NOTHING`;

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, (performance.now() - start) / 1000];
}

async function prepare(database: Database): Promise<void> {
  await migrate(database);
  const [people] = await database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM person'));
  if ((people?.n ?? 0) === 0) {
    const [, seconds] = await timed(() => seedCity(database, { people: PEOPLE, seed: 'bench', idHashKey: 'k'.repeat(40) }));
    console.log(`seeded ${PEOPLE} people in ${seconds.toFixed(1)} s`);
  }
  const [events] = await database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM test_result'));
  if ((events?.n ?? 0) === 0) {
    const [, seconds] = await timed(() => database.withSession((s) => s.exec(GENERATE_EVENTS)));
    console.log(`generated events in ${seconds.toFixed(1)} s`);
  }
}

async function main(): Promise<void> {
  const config = readConfig({ ...process.env, LOG_LEVEL: 'silent' });
  if (config.backend !== 'postgres') throw new Error('set DATABASE_URL: this benchmark runs on the PostGIS server');
  const database = await openDatabase({ backend: 'postgres', databaseUrl: config.databaseUrl, poolSize: 6 });
  await prepare(database);
  const [counts] = await database.withSession((s) => s.query<Record<string, number>>(
    `SELECT (SELECT count(*) FROM person)::int AS people, (SELECT count(*) FROM unit)::int AS units, (SELECT count(*) FROM test_result)::int AS tests,
            (SELECT count(*) FROM vaccination)::int AS doses, (SELECT count(*) FROM covid_case)::int AS cases`));
  console.log('data', counts);

  const [, scanSeconds] = await timed(() => database.withSession((s) => s.query(SCAN)));
  const [rebuild, rebuildSeconds] = await timed(() => rebuildEverything(database));
  const [, scanAgain] = await timed(() => database.withSession((s) => s.query(SCAN)));
  const scan = Math.min(scanSeconds, scanAgain);
  console.log(`plain scan of the event tables: ${scan.toFixed(2)} s`);
  console.log(`full rebuild: ${rebuildSeconds.toFixed(2)} s = rollups ${rebuild.rollupSeconds.toFixed(2)} s (${(rebuild.rollupSeconds / scan).toFixed(1)}× the scan) + tiers of ${rebuild.unitsWithData} units ${rebuild.tierSeconds.toFixed(2)} s`);

  const app = await buildApp({ config, database });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  // /api/live needs a caller: a fresh admin (sees every event) signed in for this run.
  const username = `bench-live-${Date.now()}`;
  const password = randomBytes(18).toString('base64url');
  await createUser(database, { username, role: 'admin', password });
  const session = await signIn(database, username, password, '127.0.0.1', 1);
  const res = await fetch(`${base}/api/live`, { headers: { cookie: `riskmap_session=${session.token}` } });
  if (!res.ok || !res.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error(`/api/live answered ${res.status}: ${await res.text()}`);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const nextRefreshId = async (): Promise<number> => {
    for (;;) {
      const match = /id: (\d+)\nevent: refresh\n/.exec(buffer);
      if (match) {
        buffer = buffer.slice((match.index ?? 0) + match[0].length);
        return Number(match[1]);
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('the live stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  const [range] = await database.withSession((s) => s.query<{ district_id: number; lo: number; n: number }>(
    `SELECT district_id, min(id) AS lo, (max(id) - min(id))::int AS n FROM person GROUP BY district_id ORDER BY count(*) DESC LIMIT 1`));
  const latencies: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    await database.withSession((s) => s.query(BATCH, [`bench-${Date.now()}-${b}`, range!.district_id, range!.lo, range!.n]));
    const committed = performance.now();
    app.ctx.aggregator.onChunkCommitted([]);
    await nextRefreshId();
    latencies.push(performance.now() - committed);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  console.log(`incremental, ${BATCHES} batches of 1,000 records: commit → SSE p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, max ${pct(100).toFixed(0)} ms`);
  await reader.cancel();
  await app.close();
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
