import { Readable } from 'node:stream';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { readCsvRows, type EncodingReport } from '../../../server/ingest/csv.reader.ts';
import { MAX_COLUMNS } from '../../../server/ingest/input-limits.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiKeyFor } from '../../helpers/auth.ts';
import { multipartFile, sparseWorkbook, utf16, windows1258 } from '../../helpers/hostile-files.ts';
import { listPeople, seedPeople, testOf, type CityPerson } from './ingest-fixtures.ts';

// Issue #15: inputs that crashed the server, froze it, or sank a good batch.
describe('hostile ingest input', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let people: CityPerson[];
  let site: { authorization: string };
  const count = async (sql: string, params: unknown[] = []) => (await t.database.withSession((s) => s.query<{ n: number }>(sql, params)))[0]?.n;

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedPeople(t.database, await resolveIdHashKey(t.config), 300);
    people = await listPeople(t.database, 60);
    app = await buildApp({ config: t.config, database: t.database });
    await t.database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ('hostile', 'hostile', 'test_site')"));
    site = await apiKeyFor(t.database, 'hostile-bot', 'hostile');
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const upload = (fileName: string, content: Buffer, query = 'kind=tests') => {
    const body = multipartFile(fileName, content);
    return app.inject({ method: 'POST', url: `/api/ingest/upload?${query}`, payload: body.payload, headers: { ...body.headers, ...site } });
  };

  /** Sends a request and a health check right behind it; says which answered first. */
  async function alongsideHealthCheck(request: InjectOptions): Promise<{ response: LightMyRequestResponse; order: string[] }> {
    const order: string[] = [];
    const main = app.inject(request).then((response) => { order.push('request'); return response; });
    const health = app.inject({ method: 'GET', url: '/api/health' }).then((response) => { order.push('health'); return response; });
    const [response, healthResponse] = await Promise.all([main, health]);
    expect(healthResponse.statusCode).toBe(200);
    return { response, order };
  }

  it('refuses the 1.85 KB workbook whose one cell is at column ZZZZZZ, naming the sheet, the cell and the limit', async () => {
    const workbook = sparseWorkbook([{ r: 1, cells: { A1: 'Họ và tên', ZZZZZZ1: 'x' } }], { sheetName: 'Danh sách' });
    expect(workbook.length).toBeLessThan(2200);
    const response = await upload('sparse.xlsx', workbook);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ code: 'XLSX_CELL_OUT_OF_RANGE', details: { sheet: 'Danh sách', cell: 'ZZZZZZ1', limit: MAX_COLUMNS } });
    expect(response.json().message).toMatch(/Sheet "Danh sách" cell ZZZZZZ1: .*limit 1000/);
    // Declared by the sheet's extent alone, and a row number past Excel's last row.
    const byDimension = await upload('dimension.xlsx', sparseWorkbook([{ r: 1, cells: { A1: 'x' } }], { dimension: 'A1:ZZZZZZ1' }));
    expect(byDimension.json()).toMatchObject({ code: 'XLSX_CELL_OUT_OF_RANGE', details: { cell: 'ZZZZZZ1' } });
    const farRow = await upload('row.xlsx', sparseWorkbook([{ r: 1, cells: { A1: 'Họ và tên' } }, { r: 99_999_999, cells: { A99999999: 'x' } }]));
    expect(farRow.statusCode).toBe(400);
    expect(farRow.json()).toMatchObject({ code: 'XLSX_CELL_OUT_OF_RANGE', details: { limit: 1_048_576 } });
  });

  it('answers a JSON record with 400,000 keys with 413 naming the limit, and serves health checks meanwhile', async () => {
    const wide = Object.fromEntries(Array.from({ length: 400_000 }, (_, i) => [`k${i}`, 'x']));
    const { response } = await alongsideHealthCheck({ method: 'POST', url: '/api/ingest/tests', headers: { ...site, 'content-type': 'application/json' }, payload: JSON.stringify([wide]) });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(413);
    expect(response.json()).toMatchObject({ code: 'INPUT_TOO_WIDE', details: { where: 'record 0', limit: MAX_COLUMNS } });
    const dryRun = await app.inject({ method: 'POST', url: '/api/ingest/dry-run?kind=tests', headers: site, payload: [wide] });
    expect(dryRun.statusCode).toBe(413);
  });

  it('answers a 100,000-column CSV header with 413', async () => {
    const header = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    const body = multipartFile('wide.csv', Buffer.from(`${header}\nx\n`));
    const { response } = await alongsideHealthCheck({ method: 'POST', url: '/api/ingest/upload?kind=tests', payload: body.payload, headers: { ...body.headers, ...site } });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(413);
    expect(response.json()).toMatchObject({ code: 'INPUT_TOO_WIDE', details: { where: 'The header row', columns: 100_000, limit: MAX_COLUMNS } });
  });

  it('maps a wide header within the limit in a worker: health checks are answered while it is mapped', async () => {
    const header = ['Họ và tên', 'Ngày sinh', ...Array.from({ length: MAX_COLUMNS - 2 }, (_, i) => `Cột phụ số ${i} ghi chú thêm`)];
    const { response, order } = await alongsideHealthCheck({ method: 'POST', url: '/api/ingest/dry-run?kind=tests', headers: site, payload: [Object.fromEntries(header.map((h) => [h, 'x']))] });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const columns = response.json().mapping.columns as Array<{ header: string; field: string | null }>;
    expect(columns).toHaveLength(MAX_COLUMNS);
    expect(columns.find((c) => c.header === 'Họ và tên')?.field).toBe('fullName');
    // Mapped on the loop, 1,000 columns held it ~300 ms and the health check sent behind waited for it.
    expect(order).toEqual(['health', 'request']);
  });

  it('decodes UTF-16 LE and BE (with BOM) and Windows-1258 CSV exports with Vietnamese names intact', async () => {
    const chosen = people.slice(54, 57);
    const names = chosen.map((p) => p.fullName);
    expect(names.join('')).toMatch(/[^\x00-\x7f]/);
    const records = chosen.map((p, i) => testOf(p, `enc-${i}`));
    const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
    const columns = Object.keys(records[0]!);
    const csv = [columns.join(','), ...records.map((r) => columns.map((c) => quote(r[c] ?? '')).join(','))].join('\r\n');
    for (const [encoding, bytes] of [['utf-16le', utf16(csv, 'le')], ['utf-16be', utf16(csv, 'be')], ['windows-1258', windows1258(csv)]] as const) {
      const response = await upload(`${encoding}.csv`, bytes, 'kind=tests&dryRun=true');
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      const body = response.json();
      expect(body, encoding).toMatchObject({ rows: 3, rejected: 0 });
      expect(body.mapping.columns[1]).toMatchObject({ header: 'fullName', field: 'fullName' });
      expect(body.preview.map((p: { record: { person: { fullName: string } } }) => p.record.person.fullName)).toEqual(names);
    }
    const stored = await upload('utf16.csv', utf16(csv, 'le'));
    expect(stored.json()).toMatchObject({ encoding: 'utf-16le', summary: { rows: 3, inserted: 3, rejected: 0 } });
    expect(await count("SELECT count(*)::int AS n FROM test_result WHERE source_record_id LIKE 'enc-%'")).toBe(3);
  });

  it('reads a Windows-1258 file whose first blocks are plain ASCII as Windows-1258, not as broken UTF-8', async () => {
    const ascii = Buffer.from(`Ho va ten,Ghi chu\n${'Nguyen Van A,x\n'.repeat(5000)}`);
    const report: EncodingReport = { encoding: 'utf-8' };
    const rows = [];
    for await (const row of readCsvRows(Readable.from([ascii, windows1258('Nguyễn Thị Ánh Tuyết,ghi chú\n')]), report)) rows.push(row);
    expect(report.encoding).toBe('windows-1258');
    expect(rows.at(-1)).toMatchObject({ cells: ['Nguyễn Thị Ánh Tuyết', 'ghi chú'] });
    expect(rows.filter((r) => r.errors)).toEqual([]);
  });

  it('rejects a row holding a lone surrogate or a NUL with its own code and stores its 50 good neighbours', async () => {
    const records: Array<Record<string, string>> = people.slice(0, 50).map((p, i) => testOf(p, `good-${i}`));
    records.splice(20, 0, testOf(people[50]!, 'bad-surrogate', { fullName: 'Nguy\ud800n Văn A' }));
    records.splice(30, 0, testOf(people[51]!, 'bad-nul', { address: '12 Lê Lợi\u0000' }));
    const response = await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: { ...site, 'content-type': 'application/json' }, payload: JSON.stringify(records) });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    const { summary } = response.json();
    expect(summary).toMatchObject({ rows: 52, inserted: 50, rejected: 2 });
    const rejects = (await app.inject({ method: 'GET', url: `/api/ingest/batches/${summary.batchId}/rejects`, headers: site })).json().items;
    expect(rejects.map((r: { rowNumber: number; errors: unknown[] }) => [r.rowNumber, r.errors])).toEqual([
      [21, [expect.objectContaining({ field: 'fullName', code: 'TEXT_NOT_STORABLE', message: expect.stringMatching(/^row 21, field fullName/) })]],
      [31, [expect.objectContaining({ field: 'address', code: 'TEXT_NOT_STORABLE' })]],
    ]);
    expect(rejects[0].raw.fullName).toBe('Nguy\uFFFDn Văn A');
    expect(rejects[1].raw.address).toBe('12 Lê Lợi');
  });

  it('keeps NULs and lone surrogates in keys and headers out of the saved mapping and rejects', async () => {
    const record = { ...testOf(people[52]!, 'nul-key'), 'Ghi\u0000chú\ud800': 'x', [`bad\u0000`]: { nested: true } as unknown as string };
    const json = await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: { ...site, 'content-type': 'application/json' }, payload: JSON.stringify([record, testOf(people[53]!, 'fine')]) });
    expect(json.statusCode, json.body.slice(0, 300)).toBe(200);
    expect(json.json().summary).toMatchObject({ rows: 2, inserted: 1, rejected: 1 });
    const csv = await upload('nul-header.csv', Buffer.from('Họ và tên\u0000,Ngày sinh,Ngày lấy mẫu,Kết quả\nNguyễn Văn A,01/01/1990,20/08/2021,Âm tính\n'));
    expect(csv.statusCode, csv.body.slice(0, 300)).toBe(200);
    expect(csv.json().mapping.columns[0]).toMatchObject({ header: 'Họ và tên', field: 'fullName' });
  });
});
