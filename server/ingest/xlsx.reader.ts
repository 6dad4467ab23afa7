// parse (XLSX): the first worksheet, streamed by exceljs's WorkbookReader
// from a file on disk (an upload is spooled to disk first: the zip's central
// directory is at its end). Before anything is inflated the central
// directory is checked against a zip bomb. Formulas are not data: a cell
// holding one makes its row a reject naming the cell.
import fs from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { AppError } from '../errors.ts';
import type { TableRow } from './csv.reader.ts';

/** Zip limits: an XLSX export of a million rows stays far below them. */
export const ZIP_LIMITS = { maxEntries: 2_000, maxUncompressedBytes: 1_500 * 1024 * 1024, maxRatio: 200 };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;

/** Reads the zip's central directory and refuses archives that would inflate past the limits. */
export async function checkZipBomb(file: string, limits = ZIP_LIMITS): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD_SIGNATURE) { eocd = i; break; }
    if (eocd < 0) throw new AppError('BAD_REQUEST', 'The file is not an XLSX workbook (no zip directory found).', { code: 'XLSX_INVALID' });
    const entries = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (entries > limits.maxEntries || entries === 0xffff) {
      throw new AppError('BAD_REQUEST', `The workbook has ${entries} zip entries (limit ${limits.maxEntries}): refused as a possible zip bomb.`, { code: 'XLSX_ZIP_BOMB' });
    }
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    let offset = 0;
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
        throw new AppError('BAD_REQUEST', 'The workbook\'s zip directory is damaged.', { code: 'XLSX_INVALID' });
      }
      const compressed = directory.readUInt32LE(offset + 20);
      const uncompressed = directory.readUInt32LE(offset + 24);
      total += uncompressed;
      if (uncompressed === 0xffffffff || total > limits.maxUncompressedBytes || (compressed > 0 && uncompressed / compressed > limits.maxRatio && uncompressed > 10 * 1024 * 1024)) {
        throw new AppError('BAD_REQUEST', `The workbook inflates to more than the allowed size (${Math.round(total / 1048576)} MB declared, ratio ${Math.round(uncompressed / Math.max(1, compressed))}): refused as a possible zip bomb.`, { code: 'XLSX_ZIP_BOMB' });
      }
      offset += 46 + directory.readUInt16LE(offset + 28) + directory.readUInt16LE(offset + 30) + directory.readUInt16LE(offset + 32);
    }
  } finally {
    await handle.close();
  }
}

function cellText(value: ExcelJS.CellValue): { text: string; formula: string | null } {
  if (value === null || value === undefined) return { text: '', formula: null };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), formula: null };
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const f = value as { formula?: string; sharedFormula?: string };
      return { text: '', formula: f.formula ?? f.sharedFormula ?? '' };
    }
    if ('richText' in value) return { text: value.richText.map((r) => r.text).join(''), formula: null };
    if ('text' in value) return { text: String(value.text), formula: null };
    if ('error' in value) return { text: '', formula: null };
  }
  return { text: String(value), formula: null };
}

const columnLetter = (n: number): string => (n <= 0 ? '' : columnLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/** Reads the first worksheet's rows (row numbers as Excel shows them). */
export async function* readXlsxRows(file: string): AsyncGenerator<TableRow> {
  await checkZipBomb(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
      const cells: string[] = [];
      const formulas: string[] = [];
      const values = row.values as ExcelJS.CellValue[];
      for (let c = 1; c < values.length; c++) {
        const { text, formula } = cellText(values[c]);
        cells[c - 1] = text;
        if (formula !== null) formulas.push(`${columnLetter(c)}${row.number} (=${formula.slice(0, 40)})`);
      }
      for (let c = 0; c < cells.length; c++) cells[c] ??= '';
      const tableRow: TableRow = { rowNumber: row.number, cells };
      if (formulas.length > 0) {
        tableRow.errors = [{ field: 'row', code: 'XLSX_FORMULA', message: `row ${row.number}: formulas are not accepted, export values only: ${formulas.join(', ')}` }];
      }
      yield tableRow;
    }
    return; // the first worksheet only
  }
}
