import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listPeople, seedPeople, testOf, vaccinationOf, type CityPerson } from './ingest-fixtures.ts';
import { apiKeyFor, signInAs, type SignedInHeaders } from '../../helpers/auth.ts';

function multipart(fileName: string, content: Buffer) {
  const boundary = 'riskmapboundary42';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  return { payload: Buffer.concat([head, content, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A one-entry zip whose entry inflates 1,000 times (a small zip bomb). */
function zipBomb(): Buffer {
  const data = deflateRawSync(Buffer.alloc(64 * 1024 * 1024));
  const name = Buffer.from('xl/worksheets/sheet1.xml');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18); local.writeUInt32LE(64 * 1024 * 1024, 22); local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20); central.writeUInt32LE(64 * 1024 * 1024, 24); central.writeUInt16LE(name.length, 28);
  const directoryOffset = local.length + name.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + name.length, 12); end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

/** Windows-1258 bytes of a text: precomposed base letters, tone marks as combining characters (as the code page does). */
function encodeWindows1258(text: string): Buffer {
  const decoder = new TextDecoder('windows-1258');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  const bytes: number[] = [];
  for (const ch of text.normalize('NFC')) {
    if (table.has(ch)) { bytes.push(table.get(ch) as number); continue; }
    const parts = [...ch.normalize('NFD')];
    const tone = parts.find((p) => /[\u0300\u0301\u0303\u0309\u0323]/.test(p)) as string;
    const base = parts.filter((p) => p !== tone).join('').normalize('NFC');
    bytes.push(table.get(base) as number, table.get(tone) as number);
  }
  return Buffer.from(bytes);
}

const HEADERS = ['STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CMND/CCCD', 'Số điện thoại', 'Địa chỉ', 'Mũi tiêm', 'Tên vắc xin', 'Ngày tiêm'];
const csvRow = (p: CityPerson, i: number) => [String(i), p.fullName, p.birthDate, p.sex === 'M' ? 'Nam' : 'Nữ', '', p.phone ?? '', `"${p.address}"`, '1', 'AstraZeneca', '20/08/2021'].join(',');

describe('ingest channels', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let people: CityPerson[];
  // Each site sends with its own API key (made on first use); reports and rejects are read with the key of the last sender.
  const keys = new Map<string, { authorization: string }>();
  let lastKey: { authorization: string } | null = null;
  let official: SignedInHeaders;
  const send = async (options: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: unknown }) => {
    const source = /[?&]source=([^&]+)/.exec(options.url)?.[1] ?? options.headers?.['x-riskmap-source'];
    if (source) {
      if (!keys.has(source)) {
        await t.database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ($1, $1, 'test_site') ON CONFLICT (code) DO NOTHING", [source]));
        keys.set(source, await apiKeyFor(t.database, `${source}-bot`, source));
      }
      lastKey = keys.get(source)!;
    }
    return app.inject({ ...options, payload: options.payload as never, headers: { ...options.headers, ...(lastKey ?? {}) } });
  };
  const count = async (sql: string, params: unknown[] = []) => (await t.database.withSession((s) => s.query<{ n: number }>(sql, params)))[0]?.n;

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedPeople(t.database, await resolveIdHashKey(t.config), 1000);
    people = await listPeople(t.database, 200);
    app = await buildApp({ config: t.config, database: t.database });
    const [district] = await t.database.withSession((s) => s.query<{ code: string }>("SELECT code FROM unit WHERE level = 'district' ORDER BY code LIMIT 1"));
    official = await signInAs(app, t.database, { username: 'official', role: 'ward_official', unitCode: district!.code });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('refuses a JSON body that is not an array, naming the problem', async () => {
    const response = await send({ method: 'POST', url: '/api/ingest/vaccinations?source=json-site', payload: { records: [] } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', message: 'The body must be a JSON array of records; got an object.' });
  });

  it('rejects a date in 2091, dose 0 and dose 9 row by row and takes the rest; reports the batch and its rejects', async () => {
    const records = [
      vaccinationOf(people[0] as CityPerson, 'j-1'), vaccinationOf(people[1] as CityPerson, 'j-2', { vaccinationDate: '01/01/2091' }),
      vaccinationOf(people[2] as CityPerson, 'j-3', { doseNumber: '0' }), vaccinationOf(people[3] as CityPerson, 'j-4', { doseNumber: '9' }),
    ];
    const response = await send({ method: 'POST', url: '/api/ingest/vaccinations', headers: { 'x-riskmap-source': 'json-site' }, payload: records });
    expect(response.statusCode).toBe(200);
    const { summary } = response.json();
    expect(summary).toMatchObject({ rows: 4, inserted: 1, rejected: 3 });
    const batch = await send({ method: 'GET', url: `/api/ingest/batches/${summary.batchId}` });
    expect(batch.json()).toMatchObject({ status: 'done', channel: 'api', inserted: 1, rejected: 3 });
    const page = await send({ method: 'GET', url: `/api/ingest/batches/${summary.batchId}/rejects?limit=2&offset=1` });
    expect(page.json().total).toBe(3);
    const codes = (n: number) => page.json().items.find((r: { rowNumber: number }) => r.rowNumber === n).errors.filter((e: { severity: string }) => e.severity === 'reject');
    expect(codes(3)).toEqual([expect.objectContaining({ field: 'doseNumber', code: 'DOSE_OUT_OF_RANGE' })]);
    expect(codes(4)).toEqual([expect.objectContaining({ field: 'doseNumber', code: 'DOSE_OUT_OF_RANGE' })]);
    const first = await send({ method: 'GET', url: `/api/ingest/batches/${summary.batchId}/rejects?limit=1` });
    expect(first.json().items[0].errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'vaccinationDate', code: 'DATE_OUT_OF_RANGE' })]));
  });

  it('rejects a test result "maybe"', async () => {
    const response = await send({ method: 'POST', url: '/api/ingest/tests?source=lab-1', payload: [testOf(people[5] as CityPerson, 't-1', { result: 'maybe' }), testOf(people[6] as CityPerson, 't-2')] });
    const { summary } = response.json();
    expect(summary).toMatchObject({ inserted: 1, rejected: 1 });
    const rejects = await send({ method: 'GET', url: `/api/ingest/batches/${summary.batchId}/rejects` });
    expect(rejects.json().items[0].errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'result', code: 'RESULT_UNKNOWN' })]));
  });

  it('maps Vietnamese headers, reports a stray quote by line and takes the rest; a dry run writes nothing', async () => {
    const lines = [HEADERS.join(','), csvRow(people[10] as CityPerson, 1), `2,"Nguyễn Văn Lỗi,1990-01-01,Nam,,,x,1,AZ,20/08/2021`, csvRow(people[11] as CityPerson, 3), csvRow(people[12] as CityPerson, 4)];
    const file = Buffer.from(`${lines.join('\n')}\n`);
    const dry = await send({ method: 'POST', url: '/api/ingest/upload?kind=vaccinations&source=csv-site&dryRun=true', ...multipart('site.csv', file) });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, rows: 4, accepted: 3, rejected: 1 });
    expect(dry.json().mapping.columns.map((c: { field: string | null }) => c.field)).toEqual(['rowNumber', 'fullName', 'birthDate', 'sex', 'nationalId', 'phone', 'address', 'doseNumber', 'vaccineName', 'vaccinationDate']);
    // The site is registered (it holds a key); the dry run wrote no batch and no event for it.
    expect(await count(`SELECT count(*)::int AS n FROM ingest_batch b JOIN source s ON s.id = b.source_id WHERE s.code = 'csv-site'`)).toBe(0);
    expect(await count(`SELECT count(*)::int AS n FROM vaccination v JOIN source s ON s.id = v.source_id WHERE s.code = 'csv-site'`)).toBe(0);
    const response = await send({ method: 'POST', url: '/api/ingest/upload?kind=vaccinations&source=csv-site', ...multipart('site.csv', file) });
    const body = response.json();
    expect(body.summary).toMatchObject({ rows: 4, inserted: 3, rejected: 1 });
    const rejects = (await send({ method: 'GET', url: `/api/ingest/batches/${body.summary.batchId}/rejects` })).json();
    expect(rejects).toMatchObject({ fileName: 'site.csv', items: [{ rowNumber: 3, errors: [{ field: 'row', code: 'CSV_PARSE_ERROR' }] }] });
    expect(rejects.items[0].errors[0].message).toBe('line 3: a quote is opened and never closed');
    expect(await count(`SELECT count(*)::int AS n FROM source WHERE code = 'csv-site' AND column_mapping IS NOT NULL`)).toBe(1);
  });

  it('reads a Windows-1258 export and says so', async () => {
    const person = people[20] as CityPerson;
    const text = `${HEADERS.join(',')}\n1,Nguyễn Văn Ba,1980-02-03,Nam,,,"12 Lê Lợi, Phường 1, Quận 1",1,Pfizer,20/08/2021\n`;
    const encoded = encodeWindows1258(text);
    const response = await send({ method: 'POST', url: '/api/ingest/upload?kind=vaccinations&source=ansi-site', ...multipart('ansi.csv', encoded) });
    expect(response.json()).toMatchObject({ encoding: 'windows-1258', summary: { inserted: 1, rejected: 0 } });
    expect(await count(`SELECT count(*)::int AS n FROM person WHERE full_name = 'Nguyễn Văn Ba'`)).toBe(1);
    expect(person).toBeDefined();
  });

  it('rejects the row with a 10 MB cell and takes the others', async () => {
    const big = 'A'.repeat(10 * 1024 * 1024);
    const file = Buffer.from(`${HEADERS.join(',')}\n${csvRow(people[30] as CityPerson, 1)}\n2,${big},1990-01-01,Nam,,,x,1,AZ,20/08/2021\n${csvRow(people[31] as CityPerson, 3)}\n`);
    const response = await send({ method: 'POST', url: '/api/ingest/upload?kind=vaccinations&source=big-site', ...multipart('big.csv', file) });
    const { summary } = response.json();
    expect(summary).toMatchObject({ inserted: 2, rejected: 1 });
    const rejects = (await send({ method: 'GET', url: `/api/ingest/batches/${summary.batchId}/rejects` })).json();
    expect(rejects.items[0]).toMatchObject({ rowNumber: 3, errors: expect.arrayContaining([expect.objectContaining({ field: 'fullName', code: 'FIELD_TOO_LONG' })]) });
    expect(rejects.items[0].raw.fullName.length).toBeLessThan(3000);
  });

  it('rejects the XLSX row holding a formula, and refuses a zip bomb', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Tiêm chủng');
    sheet.addRow(HEADERS);
    const p = people[40] as CityPerson;
    sheet.addRow(['1', p.fullName, p.birthDate, 'Nam', '', p.phone ?? '', p.address, 1, 'Pfizer', '20/08/2021']);
    sheet.addRow(['2', 'Trần Văn Công', '1970-01-01', 'Nam', '', '', 'x', { formula: '1+1', result: 2 }, 'Pfizer', '20/08/2021']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const response = await send({ method: 'POST', url: '/api/ingest/upload?kind=vaccinations&source=xlsx-site', ...multipart('site.xlsx', xlsx) });
    const { summary } = response.json();
    expect(summary).toMatchObject({ inserted: 1, rejected: 1 });
    const rejects = (await send({ method: 'GET', url: `/api/ingest/batches/${summary.batchId}/rejects` })).json();
    expect(rejects.items[0]).toMatchObject({ rowNumber: 3, errors: [{ code: 'XLSX_FORMULA' }] });
    expect(rejects.items[0].errors[0].message).toContain('H3 (=1+1)');
    const bomb = await send({ method: 'POST', url: '/api/ingest/upload?kind=vaccinations&source=xlsx-site', ...multipart('bomb.xlsx', zipBomb()) });
    expect(bomb.statusCode).toBe(400);
    expect(bomb.json()).toMatchObject({ code: 'BAD_REQUEST', details: { code: 'XLSX_ZIP_BOMB' } });
  });

  const patient = (p: CityPerson, url: string) => ({
    fullUrl: url,
    resource: { resourceType: 'Patient', name: [{ text: p.fullName }], birthDate: p.birthDate, gender: p.sex === 'M' ? 'male' : 'female', telecom: p.phone ? [{ system: 'phone', value: p.phone }] : [] },
  });
  const immunization = (id: string, ref: string) => ({
    fullUrl: `urn:uuid:${id}`,
    resource: {
      resourceType: 'Immunization', identifier: [{ value: id }], status: 'completed', vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: '208' }] },
      patient: { reference: ref }, occurrenceDateTime: '2021-08-20T09:00:00+07:00', protocolApplied: [{ doseNumberPositiveInt: 2 }],
    },
  });
  const observation = (id: string, ref: string) => ({
    resource: {
      resourceType: 'Observation', identifier: [{ value: id }], status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '94500-6' }] },
      subject: { reference: ref }, effectiveDateTime: '2021-08-21T08:00:00+07:00', valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260373001' }] },
    },
  });
  const post = (bundle: unknown) => send({ method: 'POST', url: '/fhir?source=fhir-site', headers: { 'content-type': 'application/fhir+json' }, payload: JSON.stringify(bundle) });

  it('answers a FHIR transaction with an unresolvable reference with 400 and writes nothing', async () => {
    const bundle = { resourceType: 'Bundle', type: 'transaction', entry: [patient(people[50] as CityPerson, 'urn:uuid:p1'), immunization('fx-1', 'urn:uuid:p1'), immunization('fx-2', 'urn:uuid:nobody')] };
    const response = await post(bundle);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
    expect(response.json().issue[0].diagnostics).toMatch(/entry 2: FHIR_REFERENCE_UNRESOLVED/);
    expect(await count(`SELECT count(*)::int AS n FROM vaccination WHERE source_record_id LIKE 'fx-%'`)).toBe(0);
    const fixed = await post({ ...bundle, entry: bundle.entry.slice(0, 2) });
    expect(fixed.json()).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '200 OK' } }, { response: { status: '201 Created', location: 'Immunization/fx-1' } }] });
  });

  it('answers a FHIR batch entry by entry, and a repeat as unchanged', async () => {
    const bundle = {
      resourceType: 'Bundle', type: 'batch',
      entry: [patient(people[60] as CityPerson, 'urn:uuid:p2'), immunization('fb-1', 'urn:uuid:p2'), observation('fb-2', 'urn:uuid:p2'), immunization('fb-3', 'urn:uuid:missing')],
    };
    const response = await post(bundle);
    expect(response.statusCode).toBe(200);
    expect(response.json().type).toBe('batch-response');
    expect(response.json().entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['200 OK', '201 Created', '201 Created', '400 Bad Request']);
    expect(await count(`SELECT count(*)::int AS n FROM covid_case c JOIN test_result t ON t.id = c.test_result_id WHERE t.source_record_id = 'fb-2'`)).toBe(1);
    const again = await post(bundle);
    expect(again.json().entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['200 OK', '200 OK', '200 OK', '400 Bad Request']);
  });

  it('lists the review queue', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/ingest/review?limit=5', headers: official });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: expect.any(Number), items: expect.any(Array) });
  });
});
