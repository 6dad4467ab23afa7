// Submissions as the bytes a site would send: CSV text (UTF-8, some sites
// with a BOM), XLSX workbooks written with exceljs (Excel serial dates and
// numeric IDs stay numbers), JSON arrays for the API and FHIR Bundles. Also
// the ground truth beside them, one NDJSON line per record version.
import fs from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
// jszip is exceljs's own reader (a dependency of exceljs, so always present with it).
import JSZip from 'jszip';
import { buildFhirBundle } from '../../geo/simulate/fhir.ts';
import type { SimRecord, Submission } from '../../geo/simulate/records.ts';
import { renderJsonRecord, renderTable, type Cell } from '../../geo/simulate/render.ts';
import type { SyntheticSource } from '../../geo/simulate/sources.ts';

/** A submission ready to send: file name, content type and bytes. */
export interface RenderedSubmission {
  submission: Submission;
  source: SyntheticSource;
  fileName: string;
  contentType: string;
  body: Buffer;
}

function csvCell(cell: Cell): string {
  if (cell === null) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text of a table (CRLF line ends, as spreadsheet exports write). */
export function toCsv(header: readonly string[], rows: readonly Cell[][], bom: boolean): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))];
  return `${bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

/** Zip entry order of workbooks Excel saves: the workbook and its parts before the worksheets. */
const EXCEL_ENTRY_ORDER = [/^\[Content_Types\]\.xml$/, /^_rels\//, /^docProps\//, /^xl\/workbook\.xml$/, /^xl\/_rels\//, /^xl\/(styles|theme|sharedStrings)/, /^xl\/worksheets\//];

function entryRank(name: string): number {
  const rank = EXCEL_ENTRY_ORDER.findIndex((pattern) => pattern.test(name));
  return rank < 0 ? EXCEL_ENTRY_ORDER.length : rank;
}

/**
 * Rewrites a zip with its entries in Excel's order. exceljs writes
 * xl/workbook.xml last, and a streaming reader that meets the worksheet
 * before the workbook can fail on it; sites' files come from Excel.
 */
async function reorderLikeExcel(zipBytes: Buffer): Promise<Buffer> {
  const source = await JSZip.loadAsync(zipBytes);
  const names = Object.keys(source.files).filter((n) => !source.files[n]?.dir).sort((a, b) => entryRank(a) - entryRank(b) || a.localeCompare(b));
  const target = new JSZip();
  for (const name of names) target.file(name, await source.file(name)!.async('uint8array'), { date: new Date(Date.UTC(2021, 0, 1)) });
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** An XLSX workbook with one sheet; numbers stay numbers, text stays text. */
export async function toXlsx(header: readonly string[], rows: readonly Cell[][], sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'riskmap simulate';
  workbook.created = new Date(Date.UTC(2021, 0, 1));
  workbook.modified = workbook.created;
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow([...header]);
  for (const row of rows) sheet.addRow(row.map((c) => (c === null ? undefined : c)));
  return reorderLikeExcel(Buffer.from(await workbook.xlsx.writeBuffer()));
}

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Renders one submission in its source's format. */
export async function renderSubmission(source: SyntheticSource, submission: Submission): Promise<RenderedSubmission> {
  const base = `${safeName(submission.sourceCode)}_${submission.date}${submission.repeatOf ? '_again' : ''}`;
  const records = submission.records;
  switch (source.format) {
    case 'csv': {
      const table = renderTable(source, records);
      const bom = source.headerStyle === 'diacritics';
      return { submission, source, fileName: `${base}.csv`, contentType: 'text/csv', body: Buffer.from(toCsv(table.header, table.rows, bom), 'utf8') };
    }
    case 'xlsx': {
      const table = renderTable(source, records);
      return { submission, source, fileName: `${base}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', body: await toXlsx(table.header, table.rows, submission.date) };
    }
    case 'json':
      return { submission, source, fileName: `${base}.json`, contentType: 'application/json', body: Buffer.from(JSON.stringify(records.map((r) => renderJsonRecord(source, r)))) };
    default:
      return { submission, source, fileName: `${base}.fhir.json`, contentType: 'application/fhir+json', body: Buffer.from(JSON.stringify(buildFhirBundle(source, records))) };
  }
}

/** One ground-truth line: the record as sent (its id and version) and the truth about it. */
export function groundTruthLine(record: SimRecord, submissionId: string): string {
  return JSON.stringify({
    submission: submissionId, source: record.sourceCode, recordId: record.values.recordId, version: record.version, kind: record.kind, day: record.day,
    dirt: record.dirt, personKey: record.truth.personKey, personId: record.truth.personId, classification: record.truth.classification,
    truth: { fullName: record.truth.fullName, birthDate: record.truth.birthDate, sex: record.truth.sex, nationalId: record.truth.nationalId, phone: record.truth.phone },
    sent: {
      fullName: record.values.fullName, birthDate: record.values.birthDate, nationalId: record.values.nationalId, phone: record.values.phone,
      ...(record.values.test ? { result: record.values.test.result, method: record.values.test.method, pooled: record.values.test.pooled, sampleDate: record.values.test.sampleDate } : {}),
      ...(record.values.vaccination ? { dose: record.values.vaccination.doseNumber, brand: record.values.vaccination.brand, date: record.values.vaccination.date } : {}),
    },
  });
}

/** Writes a rendered submission under `dir/<source code>/`; returns its path. */
export async function writeSubmission(dir: string, rendered: RenderedSubmission): Promise<string> {
  const folder = path.join(dir, safeName(rendered.submission.sourceCode));
  await fs.mkdir(folder, { recursive: true });
  const file = path.join(folder, rendered.fileName);
  await fs.writeFile(file, rendered.body);
  return file;
}
