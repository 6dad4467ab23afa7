// Ingest benchmark: the real pipeline against raw COPY of the same file.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1/postgres RISKMAP_ID_HASH_KEY=bench-key-bench-key-bench-key-0000 \
//     node --import tsx bench/ingest.ts --rows 1000000 [--people 200000] [--chunk-rows 5000]
//
// It creates (once) a database riskmap_bench next to DATABASE_URL's, migrates
// it, seeds --people people (kept for later runs; the database is dropped and
// made again only when its migrations no longer match the tree's), empties the
// event tables a previous run filled (so runs compare), gives every person a
// known CCCD (the seed's own are stored only hashed), writes a vaccination CSV of
// --rows rows with realistic dirt (5% bad ID numbers, 3% duplicate rows, 2%
// unparseable dates), then in one run times (1) raw COPY of the file into an
// unindexed all-text table and (2) `importTable` — parse, normalise, link,
// upsert, reject — into a fresh source. Prints rows/s of both, their ratio and
// peak RSS (sampled during the import: it stays flat as the file grows).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openDatabase, type Database } from '../server/db/database.ts';
import { csvLine } from '../server/db/csv.ts';
import { migrate } from '../server/db/migrate.ts';
import { MigrationError } from '../server/errors.ts';
import { seedCity } from '../server/geography/seed.service.ts';
import { hashNationalIdForCopy } from '../server/identity/national-id-hash.ts';
import { readCsvRows } from '../server/ingest/csv.reader.ts';
import { importTable } from '../server/ingest/tabular.service.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 1_000_000);
const PEOPLE = arg('people', 200_000);
const CHUNK_ROWS = arg('chunk-rows', 5_000);
const adminUrl = process.env.DATABASE_URL;
const idHashKey = process.env.RISKMAP_ID_HASH_KEY ?? 'bench-key-bench-key-bench-key-0000';
if (!adminUrl) throw new Error('set DATABASE_URL to a PostGIS server (the bench creates riskmap_bench beside it)');
const benchUrl = Object.assign(new URL(adminUrl), { pathname: '/riskmap_bench' }).toString();

let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

async function createBenchDatabase(dropFirst: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (dropFirst) await admin.query('DROP DATABASE IF EXISTS riskmap_bench');
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'riskmap_bench'`);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE riskmap_bench');
  await admin.end();
}

// What earlier runs imported, so every run reads the same file into the same tables. The seed is one transaction, so
// its people share the earliest created_at; people an import created are later (they also change the generated file).
const EMPTY_EVENTS = `TRUNCATE vaccination, test_result, event_version, covid_case, ingest_reject, link_review_event, link_review,
  ingest_batch, dirty_unit_day`;
const DELETE_IMPORTED_PEOPLE = `DELETE FROM person WHERE created_at > (SELECT min(created_at) FROM person)`;

async function prepareDatabase(): Promise<Database> {
  await createBenchDatabase(false);
  let database = await openDatabase({ backend: 'postgres', databaseUrl: benchUrl, poolSize: 4 });
  try {
    await migrate(database);
  } catch (error) {
    // A migration changed since the bench database was made (others are still writing theirs): start it again.
    if (!(error instanceof MigrationError)) throw error;
    console.log(`bench database out of date (${error.message.slice(0, 80)}…): making it again`);
    await database.close();
    await createBenchDatabase(true);
    database = await openDatabase({ backend: 'postgres', databaseUrl: benchUrl, poolSize: 4 });
    await migrate(database);
  }
  await database.withSession(async (s) => {
    await s.exec(EMPTY_EVENTS);
    await s.exec(DELETE_IMPORTED_PEOPLE);
  });
  const [count] = await database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM person'));
  if ((count?.n ?? 0) === 0) {
    const started = Date.now();
    await seedCity(database, { people: PEOPLE, seed: 'bench', idHashKey });
    console.log(`seeded ${PEOPLE} people in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return database;
}

interface BenchPerson { id: number; full_name: string; birth_date: string; sex: 'M' | 'F'; phone: string | null; address: string; cccd: string }

/** Every person gets a CCCD that agrees with their birth date and sex; its hash replaces the seed's. */
async function assignKnownIds(database: Database): Promise<BenchPerson[]> {
  const rows = await database.withSession((s) => s.query<Omit<BenchPerson, 'cccd'> & { district_id: number }>(
    `SELECT p.district_id, p.id, p.full_name, p.birth_date::text, p.sex, p.phone, h.address
     FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id WHERE p.birth_date IS NOT NULL
     ORDER BY p.district_id, p.id`)); // ordered, so the same seed gives the same file in every run
  const people = rows.map((r) => {
    const century = Number(r.birth_date.slice(0, 4)) >= 2000 ? 2 : 0;
    return { ...r, cccd: `079${century + (r.sex === 'F' ? 1 : 0)}${r.birth_date.slice(2, 4)}${String(r.id % 1_000_000).padStart(6, '0')}` };
  });
  await database.transaction(async (s) => {
    await s.exec('CREATE TEMP TABLE bench_ids (district_id integer, id bigint, h bytea) ON COMMIT DROP');
    await s.copyCsv('bench_ids', ['district_id', 'id', 'h'], rows.map((r, i) => csvLine([r.district_id, r.id, hashNationalIdForCopy(idHashKey, people[i]?.cccd ?? '')])));
    // Only rows not set by an earlier run: rewriting 200k people each run bloated person and its indexes.
    await s.exec(`UPDATE person p SET national_id_hash = b.h, national_id_kind = 'cccd' FROM bench_ids b
                  WHERE p.district_id = b.district_id AND p.id = b.id AND p.national_id_hash IS DISTINCT FROM b.h`);
  });
  return people;
}

const HEADER = ['STT', 'Mã hồ sơ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CMND/CCCD', 'Số điện thoại', 'Địa chỉ', 'Mũi tiêm', 'Tên vắc xin', 'Số lô', 'Ngày tiêm'];
const VACCINES = ['AstraZeneca', 'Pfizer', 'Moderna', 'Vero Cell', 'Sinopharm', 'Comirnaty'];
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Writes the dirty CSV: 5% bad ID numbers, 3% duplicates of earlier rows, 2% unparseable dates. */
async function writeCsv(file: string, people: readonly BenchPerson[]): Promise<void> {
  const out = fs.createWriteStream(file);
  const recent: string[][] = [];
  out.write(csvLine(HEADER));
  for (let i = 1; i <= ROWS; i++) {
    let cells: string[];
    const dice = random();
    if (dice < 0.03 && recent.length > 0) cells = [String(i), ...pick(recent).slice(1)];
    else {
      const p = pick(people);
      const day = new Date(Date.UTC(2021, 2, 1) + Math.floor(random() * 300) * 86_400_000).toISOString().slice(0, 10);
      const id = dice < 0.08 ? pick([p.cccd.slice(0, 7), `${p.cccd.slice(0, 6)}O${p.cccd.slice(7)}`, '000000000000']) : pick([p.cccd, p.cccd.slice(1)]);
      const date = dice >= 0.08 && dice < 0.1 ? pick(['32/13/2021', 'không rõ', '2021-02-30']) : dmy(day);
      cells = [String(i), `B${i}`, p.full_name, dmy(p.birth_date), p.sex === 'M' ? 'Nam' : 'Nữ', id, p.phone?.replace('+84', '0') ?? '', p.address, String(1 + Math.floor(random() * 3)), pick(VACCINES), `LOT${Math.floor(random() * 900 + 100)}`, date];
      if (recent.length < 1000) recent.push(cells);
      else recent[Math.floor(random() * 1000)] = cells;
    }
    if (!out.write(csvLine(cells))) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function timeRawCopy(file: string): Promise<number> {
  const client = new pg.Client({ connectionString: benchUrl });
  await client.connect();
  await client.query(`DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (${HEADER.map((_, i) => `c${i} text`).join(', ')})`);
  const started = process.hrtime.bigint();
  await pipeline(fs.createReadStream(file), client.query(copyFrom(`COPY bench_raw FROM STDIN WITH (FORMAT csv, HEADER true)`)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await client.query('DROP TABLE bench_raw');
  await client.end();
  return seconds;
}

async function main() {
  const database = await prepareDatabase();
  const file = path.join(os.tmpdir(), `riskmap-bench-${ROWS}.csv`);
  {
    const people = await assignKnownIds(database);
    await writeCsv(file, people);
    console.log(`${ROWS} rows, ${(fs.statSync(file).size / 1048576).toFixed(0)} MB, ${people.length} people, chunk ${CHUNK_ROWS} rows`);
  }
  global.gc?.();
  console.log(`RSS before import ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);

  const copySeconds = await timeRawCopy(file);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 200);
  const started = process.hrtime.bigint();
  const { summary } = await importTable(database, readCsvRows(fs.createReadStream(file)), {
    idHashKey, sourceCode: `bench-${Date.now()}`, kind: 'vaccinations', channel: 'cli', chunkRows: CHUNK_ROWS, today: '2021-12-31',
  });
  const ingestSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const copyRate = ROWS / copySeconds;
  const ingestRate = ROWS / ingestSeconds;
  console.log(JSON.stringify(summary));
  console.log(`raw COPY      ${copyRate.toFixed(0).padStart(9)} rows/s (${copySeconds.toFixed(1)} s)`);
  console.log(`ingest        ${ingestRate.toFixed(0).padStart(9)} rows/s (${ingestSeconds.toFixed(1)} s)`);
  console.log(`ratio         ${(ingestRate / copyRate).toFixed(3)} × raw COPY (aim ≥ 0.1)`);
  console.log(`peak RSS      ${(peakRss / 1048576).toFixed(0)} MB sampled, ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB max (whole process, incl. generation)`);
  fs.rmSync(file, { force: true });
  await database.close();
}

await main();
