import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import ExcelJS from 'exceljs';
import { extractText, renderPageAsImage } from 'unpdf';
import { buildApp } from '../../../server/app.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, writeEvents, type FixtureEvent } from '../aggregate/event-fixtures.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { createRequire } from 'node:module';
import { formatIndicator, formatValue } from '../../../server/reports/pdf/pdf-tables.ts';
import { FONT_REGULAR } from '../../../server/reports/pdf/pdf-fonts.ts';
import { TIER_DISPLAY } from '../../../geo/risk/tier-palette.ts';
import { gatherReportData, WITHHELD } from '../../../server/reports/report-data.service.ts';

// Zone reports against the API's own numbers: a seeded city with cases in
// some wards, a zone of four wards (named to tempt a spreadsheet into running
// formulas), reports in every format for a planner (suppressed) and the ward
// official of the district (exact).
const D = '2021-10-25';
const DAYS = ['2021-10-12', '2021-10-15', '2021-10-19', '2021-10-22', '2021-10-25'];
const FORMULA_NAMES = ['=HYPERLINK("http://x.vn","bấm")', '+1 Phường', '-2 Phường', '@SUM(A1:A9)'];

interface Ward { id: number; name: string; district_id: number }

// pdf.js (inside unpdf) renders with ArrayBuffer.prototype.transferToFixedLength, new in Node 21; on Node 20 a
// page renders blank without it. Test-only polyfill: a copy has the same observable result.
const bufferProto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
if (!bufferProto.transferToFixedLength) {
  bufferProto.transferToFixedLength = function transferToFixedLength(this: ArrayBuffer, length = this.byteLength) {
    const copy = new ArrayBuffer(length);
    new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
    return copy;
  };
}

describe('zone reports', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let planner: SignedInHeaders;
  let official: SignedInHeaders;
  let other: SignedInHeaders;
  let wards: Ward[];
  let zoneId: number;
  let plainWard: Ward;
  const q = <R>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));

  async function runReport(who: SignedInHeaders, body: Record<string, unknown>): Promise<{ job: Record<string, unknown>; progress: number[]; file: Buffer; headers: Record<string, unknown> }> {
    const res = await app.inject({ method: 'POST', url: `/api/zones/${zoneId}/reports`, payload: body, headers: who });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    const progress: number[] = [res.json().progress];
    let job = res.json();
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = (await app.inject({ url: `/api/reports/${id}`, headers: who })).json();
      progress.push(job.progress);
    }
    expect(job.status, job.error).toBe('done');
    const file = await app.inject({ url: `/api/reports/${id}/file`, headers: who });
    expect(file.statusCode).toBe(200);
    return { job, progress, file: file.rawPayload, headers: file.headers };
  }
  const apiUnit = async (id: number, who: SignedInHeaders) => {
    const res = await app.inject({ url: `/api/units/${id}?date=${D}&ruleSet=moh-4800`, headers: who });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 2000, seed: 'reports', idHashKey: 'x'.repeat(40) });
    const all = await q<Ward>(`SELECT id, name, district_id FROM unit WHERE level = 'ward' ORDER BY id`);
    const district = all[0]!.district_id;
    // Three wards of one district and one of another (ward-level tiers are visible city-wide).
    wards = [...all.filter((w) => w.district_id === district).slice(0, 3), all.find((w) => w.district_id !== district)!];
    expect(wards.length).toBe(4);
    const residents = await listResidents(t.database);
    const inWard = async (wardId: number) => {
      const ids = new Set((await q<{ id: number }>(`SELECT unit_id AS id FROM unit_ancestry WHERE ward_id = $1`, [wardId])).map((r) => r.id));
      return residents.map((r, i) => ({ r, i })).filter(({ r }) => ids.has(r.unitId)).map(({ i }) => i);
    };
    const events: FixtureEvent[] = [];
    const cases = (people: number[], n: number) => {
      for (let k = 0; k < n; k++) events.push({ kind: 'case', person: people[k % people.length]!, day: DAYS[k % DAYS.length]!, classification: 'community', severity: 'mild', recoveredOn: null });
    };
    cases(await inWard(wards[0]!.id), 40); // many: shown exactly to everyone
    cases(await inWard(wards[1]!.id), 2); // few: "<5" for the planner
    for (const i of (await inWard(wards[2]!.id)).slice(0, 30)) events.push({ kind: 'dose', person: i, day: '2021-09-01', dose: 1 });
    // Populations large enough to grade (the rule set's minimum is 1,000).
    // Ward 1 is small enough for its 40 cases to reach the top band, [150, ∞), so the PDF prints ∞ and →.
    for (const [k, w] of wards.entries()) await q(`UPDATE unit SET population = $2, population_18plus = $3, population_50plus = NULL, population_65plus = NULL WHERE id = $1`, [w.id, k === 0 ? 10000 : 20000 + 1000 * k, k === 0 ? 7500 : 15000]);
    await writeEvents(t.database, residents, events);
    await refreshDirtyUnits(t.database);
    plainWard = wards[0]!;
    // Names that would run as formulas in a spreadsheet.
    for (const [k, w] of wards.slice(1).entries()) await q(`UPDATE unit SET name = $2 WHERE id = $1`, [w.id, FORMULA_NAMES[k + 1]]);
    app = await buildApp({ config: t.config, database: t.database });
    planner = await signInAs(app, t.database, { username: 'planner', role: 'planner' });
    other = await signInAs(app, t.database, { username: 'planner2', role: 'planner' });
    const [districtCode] = await q<{ code: string }>(`SELECT code FROM unit WHERE id = $1`, [district]);
    official = await signInAs(app, t.database, { username: 'official', role: 'ward_official', unitCode: districtCode!.code });
    const zone = await app.inject({ method: 'POST', url: '/api/zones', payload: { name: FORMULA_NAMES[0], unitIds: wards.map((w) => w.id), shared: true }, headers: planner });
    expect(zone.statusCode, zone.body).toBe(201);
    zoneId = zone.json().id;
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('runs a CSV report: 202, progress to 1, done, download with a file name', async () => {
    const { job, progress, file, headers } = await runReport(planner, { format: 'csv', date: D });
    expect(job).toMatchObject({ status: 'done', progress: 1, unitsDone: 4, unitsTotal: 4, downloadUrl: `/api/reports/${job.id}/file` });
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
    expect(headers['content-type']).toMatch(/^text\/csv/);
    expect(headers['content-disposition']).toBe(`attachment; filename="riskmap-zone-${zoneId}-${D}.csv"`);
    expect(file.toString('utf8').startsWith('\uFEFFzone,unit_id')).toBe(true);
  });

  /** Parses our CSV (quoted fields, CRLF). */
  const parseCsv = (text: string): string[][] => {
    const rows: string[][] = [];
    let row: string[] = [], cell = '', quoted = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') { row.push(cell); cell = ''; } else if (c === '\r') continue;
      else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; } else cell += c;
    }
    return rows;
  };

  /** The map's columns for wards, as the caller gets them: id → [communityCases14d, cases7d]. */
  const mapCounts = async (who: SignedInHeaders) => {
    const body = (await app.inject({ url: `/api/units?level=ward&date=${D}&ruleSet=moh-4800`, headers: who })).json();
    return new Map<number, unknown[]>(body.id.map((id: number, i: number) => [id, [body.communityCases14d[i], body.cases7d[i]]]));
  };
  const expectRowMatchesApi = (record: Record<string, unknown>, api: Record<string, any>, fromText: boolean, map: Map<number, unknown[]>) => {
    const same = (cell: unknown, value: unknown) => {
      if (value === null || value === undefined) expect(cell === '' || cell === null || cell === undefined).toBe(true);
      else if (fromText) expect(String(cell)).toBe(String(value));
      else expect(cell).toEqual(value);
    };
    expect(record.tier).toBe(api.tier.id);
    expect(record.tier_label_vi).toBe(api.tier.label.vi);
    same(record.population, api.unit.population);
    for (const [key, value] of Object.entries(api.indicators as Record<string, unknown>)) same(record[key], value);
    for (const [key, value] of Object.entries(api.standing as Record<string, unknown>)) same(record[key], value);
    expect(String(record.suppressed)).toBe(String(api.suppressed));
    const [community, cases7d] = map.get(api.unit.id)!;
    same(record.communityCases14d, community);
    same(record.cases7d, cases7d);
  };

  it('CSV values equal GET /api/units/:id for the same caller (planner: suppressed; district official: exact)', async () => {
    for (const who of [planner, official]) {
      const { file } = await runReport(who, { format: 'csv', date: D });
      const [header, ...rows] = parseCsv(file.toString('utf8').slice(1));
      expect(rows.length).toBe(4);
      const map = await mapCounts(who);
      for (const row of rows) {
        const record = Object.fromEntries(header!.map((h, i) => [h, row[i]]));
        expectRowMatchesApi(record, await apiUnit(Number(record.unit_id), who), true, map);
      }
    }
    // The few cases of ward 2 are hidden from the planner, exact for the official.
    const planned = parseCsv((await runReport(planner, { format: 'csv', date: D })).file.toString('utf8').slice(1));
    const col = planned[0]!.indexOf('communityCases14d');
    expect(planned.find((r) => Number(r[1]) === wards[1]!.id)![col]).toBe('<5');
  });

  it('level=block lists the blocks inside the zone\'s wards, one row each', async () => {
    const { file, job } = await runReport(planner, { format: 'csv', date: D, level: 'block' });
    const rows = parseCsv(file.toString('utf8').slice(1)).slice(1);
    const blocks = await q<{ id: number }>(`SELECT unit_id AS id FROM unit_ancestry WHERE level = 'block' AND ward_id = ANY ($1::int[]) ORDER BY unit_id`, [wards.map((w) => w.id)]);
    expect(rows.map((r) => Number(r[1]))).toEqual(blocks.map((b) => b.id));
    expect(rows.every((r) => r[4] === 'block')).toBe(true);
    expect(job.unitsTotal).toBe(blocks.length);
  });

  /** An XLSX report's Units sheet as records keyed by field id (through its Fields sheet). */
  const loadXlsx = async (file: Buffer, sheets = { units: 'Đơn vị', fields: 'Trường' }) => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as never);
    const fieldOf = new Map<string, string>();
    book.getWorksheet(sheets.fields)!.eachRow((row, n) => { if (n > 1) fieldOf.set(String(row.getCell(1).value), String(row.getCell(2).value)); });
    const sheet = book.getWorksheet(sheets.units)!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const records: Record<string, unknown>[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) {
      const values = (sheet.getRow(r).values as unknown[]).slice(1);
      records.push(Object.fromEntries(header.map((h, i) => [fieldOf.get(h) ?? h, values[i] ?? null])));
    }
    return { book, sheet, header, records };
  };

  it('XLSX values equal the API for the same caller', async () => {
    const { file, headers } = await runReport(official, { format: 'xlsx', date: D });
    expect(headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const { sheet, records } = await loadXlsx(file);
    expect(sheet.rowCount).toBe(5);
    const map = await mapCounts(official);
    for (const record of records) {
      expectRowMatchesApi({ ...record, suppressed: record.suppressed === 'có' }, await apiUnit(Number(record.unit_id), official), false, map);
    }
  });

  it('XLSX is for people: headers in the report\'s language, numbers as numbers, withheld values blank with a note, frozen header, filters, a daily sheet', async () => {
    const { book, sheet, header, records } = await loadXlsx((await runReport(planner, { format: 'xlsx', date: D })).file);
    expect(header.slice(0, 4)).toEqual(['Vùng', 'Mã số đơn vị', 'Mã đơn vị', 'Tên đơn vị']);
    expect(header).toContain('Tỷ lệ người từ 18 tuổi tiêm ít nhất 1 mũi');
    expect(header.at(-1)).toBe('Ghi chú');
    expect(header.filter((h) => /^[a-z]+[A-Z0-9_]/.test(h))).toEqual([]); // no field ids as headers
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeTruthy();
    for (const r of records) {
      expect(typeof r.population).toBe('number');
      expect(r.communityCases14d === null || typeof r.communityCases14d === 'number').toBe(true);
    }
    // Ward 2's few cases: blank, and the note says what was withheld.
    const few = records.find((r) => Number(r.unit_id) === wards[1]!.id)!;
    expect(few.communityCases14d).toBeNull();
    expect(String(few.note)).toContain('Ca cộng đồng 14 ngày: <5');
    const coverageColumn = header.indexOf('Tỷ lệ người từ 18 tuổi tiêm ít nhất 1 mũi') + 1;
    expect(sheet.getColumn(coverageColumn).numFmt ?? sheet.getCell(2, coverageColumn).numFmt).toBe('0.0%');
    const daily = book.getWorksheet('Theo ngày')!;
    expect((daily.getRow(1).values as unknown[]).slice(1)).toEqual(['Ngày', 'Mã đơn vị', 'Đơn vị', 'Cấp độ', 'Ca mắc trong ngày', 'Ghi chú']);
    expect(daily.rowCount).toBe(1 + 28 * 5); // 28 days × (the zone + 4 units)
    expect(daily.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const cases = daily.getColumn(5).values.slice(2);
    expect(cases.every((c) => c === null || c === undefined || typeof c === 'number')).toBe(true);
    expect(cases.some((c) => typeof c === 'number' && c > 0)).toBe(true);
    const english = await loadXlsx((await runReport(planner, { format: 'xlsx', date: D, language: 'en' })).file, { units: 'Units', fields: 'Fields' });
    expect(english.header.slice(0, 4)).toEqual(['Zone', 'Unit id', 'Unit code', 'Unit']);
    expect(english.records.map((r) => r.unit_id)).toEqual(records.map((r) => r.unit_id));
  });

  it('neutralises cells beginning with = + - @ in CSV and XLSX', async () => {
    const csv = parseCsv((await runReport(planner, { format: 'csv', date: D })).file.toString('utf8').slice(1));
    const csvNames = csv.slice(1).map((r) => r[3]);
    for (const name of FORMULA_NAMES.slice(1)) expect(csvNames).toContain(`'${name}`);
    expect(csv.slice(1).every((r) => r[0] === `'${FORMULA_NAMES[0]}`)).toBe(true);
    expect(csv.flat().filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await runReport(planner, { format: 'xlsx', date: D })).file as never);
    const cells: unknown[] = [];
    // Rich text (the bold header row loads as plain strings), formulas would be objects with a `formula`.
    for (const sheet of book.worksheets) sheet.eachRow((row) => row.eachCell((c) => cells.push(c.value)));
    expect(cells.filter((c) => typeof c === 'object' && c !== null)).toEqual([]); // no formula cells
    expect(cells.filter((c) => typeof c === 'string' && /^[=+\-@]/.test(c))).toEqual([]);
    for (const name of FORMULA_NAMES) expect(cells).toContain(`'${name}`);
  });

  it('GeoJSON: a FeatureCollection of the units with tier and indicators as the API gives them', async () => {
    const { file, headers } = await runReport(planner, { format: 'geojson', date: D });
    expect(headers['content-type']).toBe('application/geo+json');
    const fc = JSON.parse(file.toString('utf8'));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBe(4);
    for (const f of fc.features) {
      expect(f.type).toBe('Feature');
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      expect(f.geometry.coordinates[0][0][0].length).toBe(2);
      const api = await apiUnit(f.properties.id, planner);
      expect(f.properties.tier).toBe(api.tier.id);
      for (const [key, value] of Object.entries(api.indicators as Record<string, unknown>)) expect(f.properties[key]).toEqual(value);
    }
  });

  it('PDF: text has the zone name, tier, rule set, Vietnamese unit names and the numbers; page 1 map shows tier colours', async () => {
    const { file, headers } = await runReport(planner, { format: 'pdf', from: '2021-10-01', to: D });
    expect(headers['content-type']).toBe('application/pdf');
    await writeFile('/tmp/riskmap-report.pdf', file);
    const { text, totalPages } = await extractText(new Uint8Array(file), { mergePages: true });
    expect(totalPages).toBeGreaterThanOrEqual(3);
    expect(text).toContain(FORMULA_NAMES[0]);
    expect(text).toContain(plainWard.name);
    expect(plainWard.name).toMatch(/[^\x00-\x7f]/); // has diacritics
    const api = await apiUnit(plainWard.id, planner);
    expect(text).toContain(api.tier.label.vi);
    expect(text).toContain('Bộ Y tế – Quyết định 4800/QĐ-BYT');
    expect(text).toContain('moh-4800 v1.0.0');
    expect(text).toContain(formatValue(api.indicators.casesPer100kPerWeek));
    expect(text).toContain(formatIndicator('coverage1Dose18', api.indicators.coverage1Dose18));
    expect(formatIndicator('coverage1Dose18', 0.372)).toBe('37.2%');
    // Every symbol the report prints is in the font: ∞ and → in the top ward's reasons (exact for the district official;
    // for the planner ward 1 pairs with ward 2's hidden days, so its rate is withheld), ≥/< in suppressed cells.
    const exactFile = (await runReport(official, { format: 'pdf', from: '2021-10-01', to: D })).file;
    await writeFile('/tmp/riskmap-report-exact.pdf', exactFile);
    const exactText = (await extractText(new Uint8Array(exactFile), { mergePages: true })).text;
    for (const symbol of ['∞', '→']) expect(exactText).toContain(symbol);
    expect(exactText).not.toContain('->');
    // fontkit is what pdfkit embeds fonts with (a dependency of pdfkit).
    const fontkit = createRequire(import.meta.url)('fontkit') as { openSync(path: string): { hasGlyphForCodePoint(c: number): boolean } };
    const font = fontkit.openSync(FONT_REGULAR);
    const missing = [...new Set(text + exactText)].filter((c) => c.trim() !== '' && !font.hasGlyphForCodePoint(c.codePointAt(0)!));
    expect(missing).toEqual([]);
    for (const c of ['∞', '→', '≥', '≤', 'ị', 'ữ']) expect(font.hasGlyphForCodePoint(c.codePointAt(0)!)).toBe(true);
    // Tier names whole in the table (the short name), full labels in the legend.
    expect(text).not.toMatch(/Nguy cơ [^\n]*…/);
    expect(text).toContain(String(api.unit.population));
    expect(text).toMatch(new RegExp(`${FORMULA_NAMES[1]!.replace(/[()+]/g, '\\$&')} .*<5`)); // the few cases of ward 2, suppressed
    expect(text).toMatch(/Suppression: counts from 1 to 4 are shown as "<5"/);
    expect(text).toContain('2021-10-01 – 2021-10-25');
    expect(text).toMatch(/a day marked "\*" is withheld/);
    const png = await renderPageAsImage(new Uint8Array(file), 1, { canvasImport: () => import('@napi-rs/canvas'), scale: 1 });
    await writeFile('/tmp/riskmap-report-page1.png', Buffer.from(png));
    const { createCanvas, loadImage } = await import('@napi-rs/canvas');
    const image = await loadImage(Buffer.from(png));
    const canvas = createCanvas(image.width, image.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(image, 0, 0);
    // The map box: x 36…409, y ≈ 90…420 points at scale 1.
    const pixels = ctx.getImageData(36, 90, 370, 320).data;
    const seen = new Set<string>();
    for (let i = 0; i < pixels.length; i += 4) seen.add(`#${[pixels[i], pixels[i + 1], pixels[i + 2]].map((v) => v!.toString(16).padStart(2, '0')).join('')}`);
    const tiers = (await app.inject({ url: `/api/units?level=ward&date=${D}`, headers: planner })).json().tiers as { id: string; colour: string }[];
    // The dashboard's palette (geo/risk/tier-palette.ts), not the rule set's own colours.
    const shownColours = new Set(await Promise.all(wards.map(async (w) => TIER_DISPLAY[(await apiUnit(w.id, planner)).tier.id]!.hex)));
    expect(shownColours.size).toBeGreaterThan(0);
    for (const colour of shownColours) expect(seen.has(colour), `tier colour ${colour} in the map area`).toBe(true);
    expect(tiers.length).toBeGreaterThan(1);
  });

  it('epidemic curve: exact for the district official; for the planner a day is withheld where a unit\'s count is hidden', async () => {
    const callerOf = async (username: string) => {
      const [u] = await q<{ id: number; role: string; unit_id: number | null }>(`SELECT id, role, unit_id FROM app_user WHERE username = $1`, [username]);
      return { userId: u!.id, username, role: u!.role as never, jurisdiction: u!.unit_id ? { unitId: u!.unit_id, level: 'district' as const } : null, sourceId: null, via: 'session' as const };
    };
    const request = { date: D, from: '2021-10-01', ruleSet: 'moh-4800' };
    const exact = await gatherReportData(t.database, await callerOf('official'), 5, zoneId, request, async () => {});
    const shown = await gatherReportData(t.database, await callerOf('planner'), 5, zoneId, request, async () => {});
    const day = (data: typeof exact, date: string) => data.curve.find((c) => c.date === date)!.cases;
    // Ward 2's two cases fall on the 12th and the 15th, beside ward 1's eight a day.
    expect([day(exact, '2021-10-12'), day(exact, '2021-10-15'), day(exact, '2021-10-19')]).toEqual([9, 9, 8]);
    expect([day(shown, '2021-10-12'), day(shown, '2021-10-15'), day(shown, '2021-10-19'), day(shown, '2021-10-13')]).toEqual([WITHHELD, WITHHELD, 8, 0]);
    expect(exact.curve.reduce((sum, c) => sum + Number(c.cases), 0)).toBe(42);
  });

  it('refuses a period with no data, saying where the data runs', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/zones/${zoneId}/reports`, payload: { format: 'csv', from: '2020-01-01', to: '2020-01-31' }, headers: planner });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('REPORT_NO_DATA');
    expect(res.json().message).toMatch(/^No records between 2020-01-01 and 2020-01-31 in zone ".*"; data runs \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}\.$/);
  });

  it('refuses bad periods and unknown rule sets with 400/404', async () => {
    const post = (payload: unknown) => app.inject({ method: 'POST', url: `/api/zones/${zoneId}/reports`, payload: payload as never, headers: planner });
    expect((await post({ format: 'csv', from: D, to: '2021-10-01' })).json().message).toMatch(/from \(2021-10-25\) is after to/);
    expect((await post({ format: 'csv' })).statusCode).toBe(400);
    expect((await post({ format: 'csv', date: D, ruleSet: 'nope' })).statusCode).toBe(404);
    expect((await post({ format: 'doc', date: D })).statusCode).toBe(400);
  });

  it('only the creator (or an admin) sees a report and its file', async () => {
    const res = await app.inject({ method: 'POST', url: `/api/zones/${zoneId}/reports`, payload: { format: 'csv', date: D }, headers: planner });
    const id = res.json().id;
    expect((await app.inject({ url: `/api/reports/${id}`, headers: other })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/reports/${id}/file`, headers: other })).statusCode).toBe(404);
    const admin = await signInAs(app, t.database, { username: 'admin', role: 'admin' });
    let job = res.json();
    while (job.status !== 'done' && job.status !== 'failed') job = (await app.inject({ url: `/api/reports/${id}`, headers: admin })).json();
    expect((await app.inject({ url: `/api/reports/${id}/file`, headers: admin })).statusCode).toBe(200);
  });

  it('re-queues a job left running by a stopped process and finishes it at start', async () => {
    const [user] = await q<{ id: number }>(`SELECT id FROM app_user WHERE username = 'planner'`);
    const caller = { userId: user!.id, username: 'planner', role: 'planner', jurisdiction: null, sourceId: null, via: 'session' };
    const [row] = await q<{ id: string }>(`INSERT INTO report_job (zone_id, user_id, format, params, status, units_total, units_done)
      VALUES ($1, $2, 'csv', $3::jsonb, 'running', 4, 2) RETURNING id::text AS id`, [zoneId, user!.id, JSON.stringify({ date: D, from: '2021-09-28', caller })]);
    const second = await buildApp({ config: t.config, database: t.database });
    try {
      await second.ready();
      let job = (await second.inject({ url: `/api/reports/${row!.id}`, headers: planner })).json();
      while (job.status !== 'done' && job.status !== 'failed') {
        await new Promise((r) => setTimeout(r, 20));
        job = (await second.inject({ url: `/api/reports/${row!.id}`, headers: planner })).json();
      }
      expect(job).toMatchObject({ status: 'done', unitsDone: 4, progress: 1 });
    } finally {
      await second.close();
    }
  });
});
