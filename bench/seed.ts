// bench/seed: `riskmap seed` rows/s against raw COPY of the same rows into
// unindexed tables, in the same run.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1/postgres node --import tsx bench/seed.ts [--people 500000] [--hcmc]
//
// --hcmc loads the real Ho Chi Minh City wards from ../shared/data/hcmc first
// (else a synthetic city is generated). A scratch database is created and dropped.
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { readGeoJsonFile } from '../server/geography/boundaries.command.ts';
import { importBoundaries } from '../server/geography/boundaries.service.ts';
import { HOUSEHOLD_COLUMNS, PERSON_COLUMNS, UNIT_COLUMNS } from '../server/geography/seed.repo.ts';
import { seedCity } from '../server/geography/seed.service.ts';

const { values } = parseArgs({ options: { people: { type: 'string', default: '500000' }, hcmc: { type: 'boolean', default: false } } });
const people = Number(values.people);
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl) throw new Error('set DATABASE_URL to a PostGIS server');
const admin = new URL(baseUrl);
admin.pathname = '/postgres';
const scratch = `riskmap_bench_seed_${process.pid}`;
const scratchUrl = new URL(baseUrl);
scratchUrl.pathname = `/${scratch}`;

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Reads a query's rows back out as CSV chunks. */
async function copyOut(client: pg.Client, select: string): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  const stream = client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv)`));
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return chunks;
}

await adminQuery(`DROP DATABASE IF EXISTS ${scratch}`);
await adminQuery(`CREATE DATABASE ${scratch}`);
try {
  const database = await openDatabase({ backend: 'postgres', databaseUrl: scratchUrl.toString() });
  await migrate(database);
  if (values.hcmc) {
    const hcmc = path.resolve('../shared/data/hcmc');
    await importBoundaries(database, await readGeoJsonFile(path.join(hcmc, 'districts_from_wards.geojson')), { level: 'district', fields: { population: 'pop_2019' }, city: { code: '79', name: 'Thành phố Hồ Chí Minh' } });
    await importBoundaries(database, await readGeoJsonFile(path.join(hcmc, 'wards.geojson')), { level: 'ward', fields: { parent: 'district_code', population: 'pop_2019' } });
  }
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const started = performance.now();
  const summary = await seedCity(database, { people, seed: 'bench', idHashKey: 'bench-key-bench-key-bench-key-bench-key' });
  const seedSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  await database.close();

  // Baseline: the very rows the seed wrote, COPYed into tables with no index or constraint (geometry still parsed).
  const client = new pg.Client({ connectionString: scratchUrl.toString() });
  await client.connect();
  const tables = [
    ['unit', UNIT_COLUMNS, "WHERE level IN ('neighbourhood', 'block')"],
    ['household', HOUSEHOLD_COLUMNS, ''],
    ['person', PERSON_COLUMNS, ''],
  ] as const;
  let rows = 0;
  let copySeconds = 0;
  for (const [table, columns, where] of tables) {
    const data = await copyOut(client, `SELECT ${columns.join(', ')} FROM ${table} ${where}`);
    await client.query(`CREATE TABLE raw_${table} (LIKE ${table} INCLUDING DEFAULTS)`);
    const t0 = performance.now();
    await pipeline(Readable.from(data), client.query(copyFrom(`COPY raw_${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)));
    copySeconds += (performance.now() - t0) / 1000;
    rows += Number((await client.query(`SELECT count(*) AS n FROM raw_${table}`)).rows[0].n);
  }
  await client.end();

  const seedRows = summary.neighbourhoods + summary.blocks + summary.households + summary.people;
  const line = (label: string, value: string) => console.log(`${label.padEnd(34)} ${value}`);
  line('city', values.hcmc ? 'Ho Chi Minh City (312 real wards)' : 'synthetic');
  line('people / households / groups / blocks', `${summary.people} / ${summary.households} / ${summary.neighbourhoods} / ${summary.blocks}`);
  line('riskmap seed (generate + COPY, indexed)', `${seedSeconds.toFixed(1)} s  ${Math.round(seedRows / seedSeconds).toLocaleString('en')} rows/s`);
  line('  of which generating rows (JS)', `${summary.timings.generateSeconds.toFixed(1)} s`);
  line('  of which waiting for COPY', `${summary.timings.writeWaitSeconds.toFixed(1)} s`);
  line('raw COPY of the same rows, no index', `${copySeconds.toFixed(1)} s  ${Math.round(rows / copySeconds).toLocaleString('en')} rows/s`);
  line('seed / raw COPY', `${(copySeconds / seedSeconds).toFixed(2)}× the raw COPY rate`);
  line('peak RSS during seed', `${Math.round(peakRss / 1048576)} MiB (start ${Math.round(rssBefore / 1048576)} MiB)`);
} finally {
  await adminQuery(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
}
