// The XLSX reader on real workbooks: Vietnamese text whose UTF-8 bytes are
// split across the inflater's 16 KB output chunks, and zip entries in any
// order (Excel writes xl/workbook.xml first, exceljs last).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableRow } from '../../../server/ingest/csv.reader.ts';
import { readXlsxRows } from '../../../server/ingest/xlsx.reader.ts';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Thị', 'Văn', 'Hữu', 'Ngọc', 'Quốc', 'Thùy', 'Đức', 'Minh'];
const GIVEN = ['Hương', 'Đức', 'Phúc', 'Ánh', 'Tuấn', 'Thảo', 'Nguyệt', 'Quỳnh', 'Dũng', 'Hiếu', 'Ngữ', 'Tường'];
const STREETS = ['Nguyễn Trãi', 'Lê Lợi', 'Hai Bà Trưng', 'Điện Biên Phủ', 'Võ Thị Sáu', 'Cách Mạng Tháng Tám'];
const HEADER = ['STT', 'Họ và tên', 'Địa chỉ', 'Mũi tiêm', 'Ghi chú'];
const ROWS = 3000;

/** Deterministic rows: long Vietnamese names and addresses (about half the bytes are multi-byte). */
function rows(): string[][] {
  return Array.from({ length: ROWS }, (_, i) => [
    String(i + 1),
    `${FAMILY[i % FAMILY.length]} ${MIDDLE[(i * 7) % MIDDLE.length]} ${GIVEN[(i * 13) % GIVEN.length]}`,
    `Số ${i + 1} đường ${STREETS[i % STREETS.length]}, phường Bến Thành, quận ${1 + (i % 12)}, Thành phố Hồ Chí Minh`,
    String(1 + (i % 3)),
    `ghi chú “${GIVEN[i % GIVEN.length]}” – lần ${i}`,
  ]);
}

/**
 * A workbook written by exceljs; with inline strings, its shared strings are moved into the cells
 * (`t="inlineStr"`, as LibreOffice and many export tools write them) and the shared string part is dropped.
 */
async function workbook(useSharedStrings: boolean): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Tiêm chủng');
  sheet.addRow(HEADER);
  for (const row of rows()) sheet.addRow([Number(row[0]), row[1], row[2], Number(row[3]), row[4]]);
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  if (useSharedStrings) return bytes;
  const zip = await JSZip.loadAsync(bytes);
  const strings = [...(await zip.file('xl/sharedStrings.xml')!.async('string')).matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((m) => m[1]!);
  const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
  zip.file('xl/worksheets/sheet1.xml', sheetXml.replace(/<c r="([A-Z]+\d+)"([^>]*?) t="s"><v>(\d+)<\/v><\/c>/g, (_, r: string, attrs: string, i: string) => `<c r="${r}"${attrs} t="inlineStr"><is><t>${strings[Number(i)]}</t></is></c>`));
  zip.remove('xl/sharedStrings.xml');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The same zip with its entries in the given order. */
async function reorder(bytes: Buffer, order: (names: string[]) => string[]): Promise<Buffer> {
  const source = await JSZip.loadAsync(bytes);
  const names = Object.keys(source.files).filter((n) => !source.files[n]?.dir);
  const target = new JSZip();
  for (const name of order(names)) target.file(name, await source.file(name)!.async('uint8array'));
  return target.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const workbookFirst = (names: string[]) => [...names].sort((a, b) => Number(b === 'xl/workbook.xml') - Number(a === 'xl/workbook.xml'));
const workbookLast = (names: string[]) => [...names].sort((a, b) => Number(a === 'xl/workbook.xml') - Number(b === 'xl/workbook.xml'));
const reversed = (names: string[]) => [...names].reverse();

describe('readXlsxRows', () => {
  let dir: string;
  beforeAll(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'riskmap-xlsx-')); });
  afterAll(async () => { await fs.rm(dir, { recursive: true, force: true }); });

  const read = async (name: string, bytes: Buffer): Promise<TableRow[]> => {
    const file = path.join(dir, name);
    await fs.writeFile(file, bytes);
    const out: TableRow[] = [];
    for await (const row of readXlsxRows(file)) out.push(row);
    return out;
  };
  const expected = [HEADER, ...rows()];

  it.each([['shared strings', true], ['inline strings', false]] as const)('keeps Vietnamese text whole across inflate chunk boundaries (%s)', async (_, shared) => {
    const bytes = await workbook(shared);
    // The file does exercise the fault: decoding each 16 KB inflated chunk on its own (what exceljs 4.4's stream reader did) breaks characters.
    const zip = await JSZip.loadAsync(bytes);
    const part = shared ? 'xl/sharedStrings.xml' : 'xl/worksheets/sheet1.xml';
    const text = Buffer.from(await zip.file(part)!.async('uint8array'));
    expect(text.toString('utf8')).toContain('Nguyễn');
    const perChunk = Array.from({ length: Math.ceil(text.length / 16384) }, (_, k) => new TextDecoder().decode(text.subarray(k * 16384, (k + 1) * 16384))).join('');
    expect(perChunk).toContain('\uFFFD');

    const got = await read(`vi-${shared}.xlsx`, bytes);
    expect(got.map((r) => r.cells)).toEqual(expected);
    expect(got.map((r) => r.rowNumber)).toEqual(expected.map((_, i) => i + 1));
    expect(got.some((r) => r.cells.join('').includes('\uFFFD'))).toBe(false);
  });

  it.each([['workbook.xml first (as Excel saves)', workbookFirst], ['workbook.xml last (as exceljs writes)', workbookLast], ['every entry reversed', reversed]] as const)(
    'reads the first worksheet whatever the zip entry order: %s', async (name, order) => {
      const bytes = await reorder(await workbook(true), order);
      const names = Object.keys((await JSZip.loadAsync(bytes)).files);
      if (order === workbookLast) expect(names.at(-1)).toBe('xl/workbook.xml');
      const got = await read(`order-${name.length}.xlsx`, bytes);
      expect(got.map((r) => r.cells)).toEqual(expected);
    });

  it('refuses a file that is not a workbook, naming the problem', async () => {
    await expect(read('not.xlsx', Buffer.from('STT,Họ và tên\n1,An\n'))).rejects.toMatchObject({ details: { code: 'XLSX_INVALID' } });
    const zip = new JSZip();
    zip.file('hello.txt', 'xin chào');
    await expect(read('no-workbook.xlsx', await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }))).rejects.toThrow(/no xl\/workbook\.xml/);
  });
});
