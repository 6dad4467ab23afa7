// Event-loop blocking per body route (issue #15 point 1: no request holds
// the loop for more than ~100 ms).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     nice -n 10 node --import tsx bench/loop-block.ts [--people 3000] [--repeat 2] [--only json,fhir]
//
// Makes a fresh database riskmap_loop_bench_<pid> beside DATABASE_URL's (dropped at
// the end), seeds a small city, and runs the real app (buildApp + listen) in
// this process while a worker thread sends, one at a time, the largest inputs
// each body route accepts: JSON ingest at the 32 MB body limit (10,000
// records padded, and 1,000-key records), the dry run, a FHIR Bundle of
// 10,000 entries at the limit, CSV and XLSX uploads (long and 1,000 columns
// wide), zone polygons at the 20,000-vertex limit (and a self-crossing star),
// rule-set uploads and previews. The client lives in its own thread so its
// work is not counted; bodies are built before the clock starts.
//
// perf_hooks.monitorEventLoopDelay (1 ms resolution) samples the server's
// loop from the request's start until 1.5 s after its answer (the
// aggregate refresh an ingest triggers is counted too). Printed per route:
// status, answer time, the longest block, and the main thread's CPU time
// within the longest gap of a 1 ms probe (the block without the time a
// loaded machine gave to other processes), next to the baseline of the
// same run: GET /api/health, a request that does nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fs from 'node:fs';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { createApiKey, createUser } from '../server/access/access.service.ts';
import { readConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { seedCity } from '../server/geography/seed.service.ts';
import { ensureSource } from '../server/ingest/source.repo.ts';

const argOf = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const PEOPLE = Number(argOf('people') ?? 3000);
const REPEAT = Number(argOf('repeat') ?? 2);
const ONLY = argOf('only')?.split(',');
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error('set DATABASE_URL to a PostGIS server (the bench creates riskmap_loop_bench_<pid> beside it)');
const BENCH = `riskmap_loop_bench_${process.pid}`;
const benchUrl = Object.assign(new URL(adminUrl), { pathname: `/${BENCH}` }).toString();
const idHashKey = 'loop-bench-key-loop-bench-key-000000';
const PASSWORD = 'loop bench password';
const MB = 1024 * 1024;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Person { full_name: string; birth_date: string; sex: string; phone: string | null; address: string }
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function testRecord(p: Person, i: number, day: number): Record<string, string> {
  return {
    recordId: `lb-${i}`, fullName: p.full_name, birthDate: dmy(p.birth_date), sex: p.sex === 'M' ? 'Nam' : 'Nữ',
    ...(p.phone ? { phone: p.phone.replace('+84', '0') } : {}), address: p.address,
    sampleTime: `${String(1 + (day % 28)).padStart(2, '0')}/09/2021 09:30`, testMethod: 'RT-PCR', result: i % 7 === 0 ? 'Dương tính' : 'Âm tính',
  };
}

/** Records padded with a note until the JSON is just under `bytes`. */
function paddedRecords(people: Person[], count: number, bytes: number, prefix: string): Buffer {
  const plain = Array.from({ length: count }, (_, i) => ({ ...testRecord(people[i % people.length]!, i, i), recordId: `${prefix}-${i}` }));
  const base = Buffer.byteLength(JSON.stringify(plain));
  const pad = Math.max(0, Math.floor((bytes - base) / count) - 12);
  return Buffer.from(JSON.stringify(plain.map((r) => ({ ...r, ghiChu: 'x'.repeat(pad) }))));
}

/** Records of 1,000 keys each (the width limit), as many as fit in `bytes`. */
function wideRecords(people: Person[], bytes: number, prefix: string): Buffer {
  const extra: Record<string, string> = {};
  for (let k = 0; extra && Object.keys(extra).length < 990; k++) extra[`cot_${k}`] = 'v';
  const one = Buffer.byteLength(JSON.stringify({ ...testRecord(people[0]!, 0, 0), ...extra }));
  const count = Math.min(10_000, Math.floor(bytes / (one + 1)) - 1);
  return Buffer.from(JSON.stringify(Array.from({ length: count }, (_, i) => ({ ...testRecord(people[i % people.length]!, i, i), recordId: `${prefix}-${i}`, ...extra }))));
}

function fhirBundle(people: Person[], entries: number, bytes: number): Buffer {
  const pairs = Math.floor(entries / 2);
  const entry: unknown[] = [];
  for (let i = 0; i < pairs; i++) {
    const p = people[i % people.length]!;
    const words = p.full_name.split(' ');
    entry.push({
      fullUrl: `urn:uuid:p-${i}`,
      resource: {
        resourceType: 'Patient', name: [{ family: words[0], given: words.slice(1) }], gender: p.sex === 'M' ? 'male' : 'female', birthDate: p.birth_date,
        address: [{ text: p.address }], ...(p.phone ? { telecom: [{ system: 'phone', value: p.phone }] } : {}),
      },
    }, {
      resource: {
        resourceType: 'Observation', identifier: [{ value: `fhir-lb-${i}` }], status: 'final', subject: { reference: `urn:uuid:p-${i}` },
        code: { coding: [{ system: 'http://loinc.org', code: '94500-6' }] }, effectiveDateTime: `2021-09-${String(1 + (i % 28)).padStart(2, '0')}T09:30:00+07:00`,
        valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: i % 7 === 0 ? '260373001' : '260415000' }] },
      },
    });
  }
  const base = Buffer.byteLength(JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry }));
  const pad = Math.max(0, Math.floor((bytes - base) / entry.length) - 40);
  for (const e of entry as Array<{ resource: Record<string, unknown> }>) e.resource.text = { status: 'generated', div: 'x'.repeat(pad) };
  return Buffer.from(JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry }));
}

const CSV_HEADER = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số điện thoại', 'Địa chỉ', 'Ngày lấy mẫu', 'Phương pháp', 'Kết quả'];
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
function csvRows(people: Person[], rows: number): string[][] {
  return Array.from({ length: rows }, (_, i) => {
    const r = testRecord(people[i % people.length]!, i, i);
    return [String(i + 1), r.fullName!, r.birthDate!, r.sex!, r.phone ?? '', r.address!, r.sampleTime!, r.testMethod!, r.result!];
  });
}
const csvText = (header: string[], rows: string[][]) => [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n');

function wideCsv(people: Person[], rows: number): Buffer {
  const extraHeader = Array.from({ length: 1000 - CSV_HEADER.length }, (_, k) => `Cột phụ ${k}`);
  const extra = extraHeader.map(() => '1');
  return Buffer.from(csvText([...CSV_HEADER, ...extraHeader], csvRows(people, rows).map((r) => [...r, ...extra])));
}

async function xlsx(people: Person[], rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Xét nghiệm');
  sheet.addRow(CSV_HEADER);
  for (const row of csvRows(people, rows)) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function multipart(fileName: string, content: Buffer): { body: Buffer; type: string } {
  const boundary = 'loopbenchboundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { body: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), type: `multipart/form-data; boundary=${boundary}` };
}

function ring(n: number, centre: [number, number], radius: number, star: boolean): number[][] {
  const points: number[][] = [];
  for (let i = 0; i < n; i++) {
    // A star visits every (n/2 - 1)th point: every edge crosses many others.
    const k = star ? (i * (Math.floor(n / 2) - 1)) % n : i;
    const angle = (2 * Math.PI * k) / n;
    points.push([centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle) * 0.9]);
  }
  points.push(points[0]!);
  return points;
}

interface Case { name: string; method: string; url: string; headers: Record<string, string>; body?: ArrayBuffer; bytes: number }

// The client thread: sends each case when told to, reports status and time.
const CLIENT = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', async ({ base, item }) => {
  const started = performance.now();
  try {
    const response = await fetch(base + item.url, { method: item.method, headers: item.headers, body: item.body ? Buffer.from(item.body) : undefined });
    const text = await response.text();
    parentPort.postMessage({ status: response.status, ms: performance.now() - started, note: response.status >= 400 ? text.slice(0, 160) : '' });
  } catch (error) {
    parentPort.postMessage({ status: 0, ms: performance.now() - started, note: String(error) });
  }
});`;

async function main() {
  console.log(`machine: ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  await admin(`DROP DATABASE IF EXISTS ${BENCH} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${BENCH}`);
  const database = await openDatabase({ backend: 'postgres', databaseUrl: benchUrl, poolSize: 10 });
  const started = Date.now();
  await migrate(database);
  await seedCity(database, { people: PEOPLE, seed: 'loop-bench', idHashKey });
  console.log(`seeded ${PEOPLE} people in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  await database.withSession((s) => ensureSource(s, 'loop-bench-site', 'tests'));
  await createUser(database, { username: 'lb-sender', role: 'data_source', sourceCode: 'loop-bench-site' });
  const { key } = await createApiKey(database, 'lb-sender', null);
  await createUser(database, { username: 'lb-admin', role: 'admin', password: PASSWORD });
  await createUser(database, { username: 'lb-planner', role: 'planner', password: PASSWORD });
  const people = await database.withSession((s) => s.query<Person>(`SELECT p.full_name, p.birth_date::text AS birth_date, p.sex, p.phone, h.address
    FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id WHERE p.birth_date IS NOT NULL ORDER BY p.id LIMIT 5000`));
  const [centre] = await database.withSession((s) => s.query<{ lng: number; lat: number }>("SELECT ST_X(ST_Centroid(ST_Extent(geom))) AS lng, ST_Y(ST_Centroid(ST_Extent(geom))) AS lat FROM unit WHERE level = 'block'"));

  const config = readConfig({ DATABASE_URL: benchUrl, LOG_LEVEL: 'silent', RISKMAP_ID_HASH_KEY: idHashKey, RISKMAP_RATE_LIMIT: '1000000', RISKMAP_DEMO: 'false' });
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const signIn = async (username: string) => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password: PASSWORD } });
    const cookie = response.cookies.find((c) => c.name === 'riskmap_session');
    return { cookie: `riskmap_session=${cookie?.value}`, 'x-csrf-token': response.json().csrfToken as string };
  };
  const adminHeaders = await signIn('lb-admin');
  const plannerHeaders = await signIn('lb-planner');
  const sender = { authorization: `Bearer ${key}` };

  const json = (headers: Record<string, string>) => ({ ...headers, 'content-type': 'application/json' });
  const buffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  let run = 0;
  const cases: Array<{ name: string; make: () => Promise<Omit<Case, 'name'>> | Omit<Case, 'name'> }> = [
    { name: 'baseline GET /api/health', make: () => ({ method: 'GET', url: '/api/health', headers: {}, bytes: 0 }) },
    { name: 'json: 10,000 records at 32 MB', make: () => { const b = paddedRecords(people, 10_000, 32 * MB - 4096, `jp${run}`); return { method: 'POST', url: '/api/ingest/tests', headers: json(sender), body: buffer(b), bytes: b.length }; } },
    { name: 'json: 10,000 plain records', make: () => { const b = paddedRecords(people, 10_000, 0, `jn${run}`); return { method: 'POST', url: '/api/ingest/tests', headers: json(sender), body: buffer(b), bytes: b.length }; } },
    { name: 'json: 1,000-key records at 32 MB', make: () => { const b = wideRecords(people, 32 * MB - 4096, `jw${run}`); return { method: 'POST', url: '/api/ingest/tests', headers: json(sender), body: buffer(b), bytes: b.length }; } },
    { name: 'json: dry run, 10,000 records at 32 MB', make: () => { const b = paddedRecords(people, 10_000, 32 * MB - 4096, `jd${run}`); return { method: 'POST', url: '/api/ingest/dry-run?kind=tests', headers: json(sender), body: buffer(b), bytes: b.length }; } },
    { name: 'fhir: 10,000 entries at 32 MB', make: () => { const b = fhirBundle(people, 10_000, 32 * MB - 4096); return { method: 'POST', url: '/fhir', headers: { ...sender, 'content-type': 'application/fhir+json' }, body: buffer(b), bytes: b.length }; } },
    { name: 'csv: 50,000 rows', make: () => { const m = multipart('lb.csv', Buffer.from(csvText(CSV_HEADER, csvRows(people, 50_000)))); return { method: 'POST', url: '/api/ingest/upload?kind=tests', headers: { ...sender, 'content-type': m.type }, body: buffer(m.body), bytes: m.body.length }; } },
    { name: 'csv: 1,000 columns × 3,000 rows', make: () => { const m = multipart('lb-wide.csv', wideCsv(people, 3000)); return { method: 'POST', url: '/api/ingest/upload?kind=tests', headers: { ...sender, 'content-type': m.type }, body: buffer(m.body), bytes: m.body.length }; } },
    { name: 'xlsx: 30,000 rows', make: async () => { const m = multipart('lb.xlsx', await xlsx(people, 30_000)); return { method: 'POST', url: '/api/ingest/upload?kind=tests', headers: { ...sender, 'content-type': m.type }, body: buffer(m.body), bytes: m.body.length }; } },
    { name: 'zone: 20,000-vertex polygon', make: () => { const b = Buffer.from(JSON.stringify({ name: `lb ${run}`, geometry: { type: 'Polygon', coordinates: [ring(19_999, [centre!.lng, centre!.lat], 0.01, false)] } })); return { method: 'POST', url: '/api/zones', headers: json(plannerHeaders), body: buffer(b), bytes: b.length }; } },
    { name: 'zone: 6,000-point star (refused)', make: () => { const b = Buffer.from(JSON.stringify({ name: `lb star ${run}`, geometry: { type: 'Polygon', coordinates: [ring(6001, [centre!.lng, centre!.lat], 0.01, true)] } })); return { method: 'POST', url: '/api/zones', headers: json(plannerHeaders), body: buffer(b), bytes: b.length }; } },
    { name: 'zone: 20,000-vertex star (refused)', make: () => { const b = Buffer.from(JSON.stringify({ name: `lb star ${run}`, geometry: { type: 'Polygon', coordinates: [ring(19_999, [centre!.lng, centre!.lat], 0.01, true)] } })); return { method: 'POST', url: '/api/zones', headers: json(plannerHeaders), body: buffer(b), bytes: b.length }; } },
    { name: 'rule set: upload MoH 4800 copy', make: () => { const doc = JSON.parse(fs.readFileSync('geo/risk/rule-sets/moh-4800.json', 'utf8')); const b = Buffer.from(JSON.stringify({ ...doc, id: `lb-copy-${run}`, effectiveFrom: `2031-0${run + 1}-01`, effectiveTo: `2031-0${run + 1}-28` })); return { method: 'POST', url: '/api/rule-sets', headers: json(adminHeaders), body: buffer(b), bytes: b.length }; } },
    { name: 'rule set: preview Plan 2716', make: () => { const doc = JSON.parse(fs.readFileSync('geo/risk/rule-sets/hcmc-2716.json', 'utf8')); const b = Buffer.from(JSON.stringify({ document: { ...doc, id: `lb-preview-${run}` }, date: '2021-09-28' })); return { method: 'POST', url: '/api/admin/rule-sets/preview', headers: json(adminHeaders), body: buffer(b), bytes: b.length }; } },
  ];

  const client = new Worker(CLIENT, { eval: true });
  const send = (item: Case) => new Promise<{ status: number; ms: number; note: string }>((resolve) => {
    client.once('message', resolve);
    client.postMessage({ base, item }, item.body ? [item.body] : []);
  });
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  // A 1 ms probe that also reads the main thread's CPU time (Linux /proc, 10 ms ticks): on a shared machine a
  // gap may be the OS running someone else; the CPU the main thread spent inside the gap is the block itself.
  const statFile = `/proc/${process.pid}/task/${process.pid}/stat`;
  const cpuMs = () => {
    try {
      const fields = readFileSync(statFile, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ticks of 10 ms
    } catch {
      return NaN;
    }
  };
  const probe = { wall: 0, cpu: 0, lastAt: 0, lastCpu: 0, timer: null as NodeJS.Timeout | null };
  const startProbe = () => {
    probe.wall = 0; probe.cpu = 0; probe.lastAt = performance.now(); probe.lastCpu = cpuMs();
    probe.timer = setInterval(() => {
      const now = performance.now();
      const cpu = cpuMs();
      probe.wall = Math.max(probe.wall, now - probe.lastAt - 1);
      probe.cpu = Math.max(probe.cpu, cpu - probe.lastCpu);
      probe.lastAt = now;
      probe.lastCpu = cpu;
    }, 1);
  };
  const stopProbe = () => { if (probe.timer) clearInterval(probe.timer); };
  const results = new Map<string, { statuses: Set<number>; ms: number[]; blockMs: number[]; cpuMs: number[]; bytes: number; note: string }>();
  try {
    for (run = 0; run < REPEAT; run++) {
      for (const c of cases) {
        if (ONLY && c.name !== cases[0]!.name && !ONLY.some((o) => c.name.startsWith(o))) continue;
        const item = { name: c.name, ...(await c.make()) };
        await new Promise((resolve) => setTimeout(resolve, 1000)); // let building the body's garbage settle
        histogram.reset();
        histogram.enable();
        startProbe();
        const answer = await send(item);
        await new Promise((resolve) => setTimeout(resolve, 1500)); // the refresh an ingest triggers
        histogram.disable();
        stopProbe();
        const r = results.get(c.name) ?? { statuses: new Set(), ms: [], blockMs: [], cpuMs: [], bytes: item.bytes, note: '' };
        r.cpuMs.push(probe.cpu);
        r.statuses.add(answer.status);
        r.ms.push(answer.ms);
        r.blockMs.push(Math.max(0, histogram.max / 1e6 - 1));
        r.note ||= answer.note;
        results.set(c.name, r);
        console.log(`  run ${run + 1}: ${c.name}: ${answer.status} in ${answer.ms.toFixed(0)} ms, longest block ${(histogram.max / 1e6 - 1).toFixed(0)} ms (probe ${probe.wall.toFixed(0)} ms, main-thread CPU in one gap ≤ ${probe.cpu} ms)`);
      }
    }
  } finally {
    await client.terminate();
    await app.close();
    await database.close();
    await admin(`DROP DATABASE IF EXISTS ${BENCH} WITH (FORCE)`);
  }
  console.log(`\nlongest event-loop block per route (max of ${REPEAT} runs; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}):`);
  console.log('block: the longest event-loop delay (monitorEventLoopDelay); cpu: the most CPU the main thread spent within one gap of a 1 ms probe (10 ms ticks), the block without the time the OS ran other processes');
  console.log(`${'route'.padEnd(42)} ${'body'.padStart(9)} ${'status'.padStart(8)} ${'answer'.padStart(9)} ${'block'.padStart(8)} ${'cpu'.padStart(8)}`);
  for (const [name, r] of results) {
    const block = Math.max(...r.blockMs);
    console.log(`${name.padEnd(42)} ${`${(r.bytes / MB).toFixed(1)} MB`.padStart(9)} ${[...r.statuses].join('/').padStart(8)} ${`${Math.max(...r.ms).toFixed(0)} ms`.padStart(9)} ${`${block.toFixed(0)} ms`.padStart(8)} ${`${Math.max(...r.cpuMs)} ms`.padStart(8)}${Math.max(...r.cpuMs) > 100 ? '  > 100 ms' : ''}${r.note ? `  (${r.note.replace(/\s+/g, ' ')})` : ''}`);
  }
}

await main();
