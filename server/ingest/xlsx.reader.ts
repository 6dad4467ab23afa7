// parse (XLSX): the first worksheet, streamed from a file on disk (an upload
// is spooled to disk first: the zip's central directory is at its end).
// Before anything is inflated the central directory is checked against a zip
// bomb, and inflating stops at the sizes it declared. Entries are read by
// their directory offsets, so their order in the zip does not matter
// (Excel writes xl/workbook.xml first, exceljs last). Text is decoded with a
// streaming UTF-8 decoder, so a character split across two inflated chunks
// stays whole (exceljs's own stream reader decoded each chunk alone and
// turned such Vietnamese letters into U+FFFD). Formulas are not data: a
// cell holding one makes its row a reject naming the cell.
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
// saxes: the streaming XML parser exceljs itself uses, declared here at the same version.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { AppError } from '../errors.ts';
import type { TableRow } from './csv.reader.ts';
import { MAX_COLUMNS } from './input-limits.ts';

/** Sheet limits: Excel's own last row, and the columns ingest maps (input-limits.ts); a cell beyond them is a 400 naming the sheet and cell. */
export const SHEET_LIMITS = { maxRows: 1_048_576, maxColumns: MAX_COLUMNS };

/** Zip limits: an XLSX export of a million rows stays far below them. */
export const ZIP_LIMITS = { maxEntries: 2_000, maxUncompressedBytes: 1_500 * 1024 * 1024, maxRatio: 200 };

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const invalid = (message: string) => new AppError('BAD_REQUEST', message, { code: 'XLSX_INVALID' });
const bomb = (message: string) => new AppError('BAD_REQUEST', message, { code: 'XLSX_ZIP_BOMB' });

/** Reads the zip's central directory, refusing archives that would inflate past the limits. */
async function readZipDirectory(file: string, limits = ZIP_LIMITS): Promise<Map<string, ZipEntry>> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD_SIGNATURE) { eocd = i; break; }
    if (eocd < 0) throw invalid('The file is not an XLSX workbook (no zip directory found).');
    const entries = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    if (entries > limits.maxEntries || entries === 0xffff) {
      throw bomb(`The workbook has ${entries} zip entries (limit ${limits.maxEntries}): refused as a possible zip bomb.`);
    }
    if (directoryOffset + directorySize > size) throw invalid('The workbook\'s zip directory is damaged.');
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    const found = new Map<string, ZipEntry>();
    let offset = 0;
    let total = 0;
    for (let n = 0; n < entries; n++) {
      if (offset + 46 > directory.length || directory.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw invalid('The workbook\'s zip directory is damaged.');
      const compressed = directory.readUInt32LE(offset + 20);
      const uncompressed = directory.readUInt32LE(offset + 24);
      total += uncompressed;
      if (uncompressed === 0xffffffff || total > limits.maxUncompressedBytes || (compressed > 0 && uncompressed / compressed > limits.maxRatio && uncompressed > 10 * 1024 * 1024)) {
        throw bomb(`The workbook inflates to more than the allowed size (${Math.round(total / 1048576)} MB declared, ratio ${Math.round(uncompressed / Math.max(1, compressed))}): refused as a possible zip bomb.`);
      }
      const nameLength = directory.readUInt16LE(offset + 28);
      const name = directory.toString('utf8', offset + 46, offset + 46 + nameLength);
      found.set(name, {
        name, method: directory.readUInt16LE(offset + 10), compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: directory.readUInt32LE(offset + 42),
      });
      offset += 46 + nameLength + directory.readUInt16LE(offset + 30) + directory.readUInt16LE(offset + 32);
    }
    return found;
  } finally {
    await handle.close();
  }
}

/** An entry's text, inflated and decoded as it streams (never more than its declared size). */
async function* entryText(file: string, entry: ZipEntry): AsyncGenerator<string> {
  const handle = await fs.open(file, 'r');
  const local = Buffer.alloc(30);
  try {
    await handle.read(local, 0, 30, entry.localHeaderOffset);
  } finally {
    await handle.close();
  }
  if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw invalid(`The workbook's zip entry ${entry.name} is damaged.`);
  if (entry.method !== 0 && entry.method !== 8) throw invalid(`The workbook's zip entry ${entry.name} uses compression method ${entry.method}; save it again from Excel.`);
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const raw = createReadStream(file, { start, end: start + Math.max(0, entry.compressedSize - 1) });
  const bytes = entry.compressedSize === 0 ? [] : entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  const decoder = new StringDecoder('utf8');
  let inflated = 0;
  try {
    for await (const chunk of bytes as AsyncIterable<Buffer>) {
      inflated += chunk.length;
      if (inflated > entry.uncompressedSize) throw bomb(`The workbook's ${entry.name} inflates past the size its zip directory declares: refused as a possible zip bomb.`);
      const text = decoder.write(chunk);
      if (text) yield text;
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid(`The workbook's zip entry ${entry.name} cannot be read: ${(error as Error).message}`);
  } finally {
    raw.destroy();
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

const localName = (tag: string) => tag.slice(tag.indexOf(':') + 1);

/** Parses an entry's XML as it streams; `onChunk` runs after each chunk's events (a generator collects what they produced). */
function xmlParser(handlers: { open?: (tag: SaxesTagPlain) => void; text?: (text: string) => void; close?: (name: string) => void }): SaxesParser {
  const parser = new SaxesParser();
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.text) parser.on('text', handlers.text);
  if (handlers.close) parser.on('closetag', (tag) => handlers.close?.(localName(tag.name)));
  return parser;
}

async function parseWhole(file: string, entry: ZipEntry, parser: SaxesParser): Promise<void> {
  try {
    for await (const text of entryText(file, entry)) parser.write(text);
    parser.close();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid(`The workbook's ${entry.name} is not valid XML: ${(error as Error).message}`);
  }
}

/** Resolves a relationship target against the folder of the part that names it. */
const resolveTarget = (fromPart: string, target: string) => (target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(fromPart), target)));

async function readRelationships(file: string, entries: Map<string, ZipEntry>, part: string): Promise<Array<{ id: string; type: string; target: string }>> {
  const relsName = path.posix.join(path.posix.dirname(part), '_rels', `${path.posix.basename(part)}.rels`);
  const entry = entries.get(relsName);
  if (!entry) return [];
  const found: Array<{ id: string; type: string; target: string }> = [];
  await parseWhole(file, entry, xmlParser({
    open: (tag) => {
      if (localName(tag.name) === 'Relationship') found.push({ id: String(tag.attributes.Id ?? ''), type: String(tag.attributes.Type ?? ''), target: resolveTarget(part, String(tag.attributes.Target ?? '')) });
    },
  }));
  return found;
}

/** The workbook part, its first worksheet's part and the shared strings part (if any). */
async function locateParts(file: string, entries: Map<string, ZipEntry>): Promise<{ sheet: string; sheetName: string; sharedStrings: string | null }> {
  const rootRels = await readRelationships(file, entries, '');
  const workbookPart = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbook = entries.get(workbookPart);
  if (!workbook) throw invalid('The file is not an XLSX workbook (it has no xl/workbook.xml).');
  let firstSheetRel: string | null = null;
  let sheetName = 'Sheet1';
  await parseWhole(file, workbook, xmlParser({
    open: (tag) => {
      if (firstSheetRel === null && localName(tag.name) === 'sheet') {
        sheetName = String(tag.attributes.name ?? sheetName).slice(0, 100);
        const id = Object.entries(tag.attributes).find(([k]) => localName(k) === 'id' && k !== 'sheetId');
        firstSheetRel = id ? String(id[1]) : '';
      }
    },
  }));
  const rels = await readRelationships(file, entries, workbookPart);
  const sheet = rels.find((r) => r.id === firstSheetRel)?.target ?? [...entries.keys()].filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort()[0];
  if (!sheet || !entries.has(sheet)) throw invalid('The workbook has no worksheet.');
  const shared = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? (entries.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : null);
  return { sheet, sheetName, sharedStrings: shared && entries.has(shared) ? shared : null };
}

/** The shared string table (rich text runs joined; phonetic runs left out). */
async function readSharedStrings(file: string, entry: ZipEntry): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let inPhonetic = 0;
  await parseWhole(file, entry, xmlParser({
    open: (tag) => {
      const name = localName(tag.name);
      if (name === 'si') current = [];
      else if (name === 'rPh') inPhonetic += 1;
      else if (name === 't' && inPhonetic === 0) inText = !tag.isSelfClosing;
    },
    text: (text) => { if (inText && current) current.push(text); },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') inPhonetic -= 1;
      else if (name === 'si') { strings.push((current ?? []).join('')); current = null; }
    },
  }));
  return strings;
}

/** Column number (1-based) of a cell reference like "AB12"; past `limit` it stops counting and answers limit + 1. */
function columnOf(reference: string, limit: number): number {
  let n = 0;
  for (const ch of reference) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
    if (n > limit) return limit + 1;
  }
  return n;
}

/** A cell or row outside the sheet limits: the whole file is refused, naming the sheet, the cell and the limit. */
function outOfRange(sheetName: string, cell: string, what: string, limit: number): AppError {
  return new AppError('XLSX_CELL_OUT_OF_RANGE', `Sheet "${sheetName}" cell ${cell.slice(0, 40)}: ${what} (limit ${limit}).`, { sheet: sheetName, cell: cell.slice(0, 40), limit });
}

const columnLetter = (n: number): string => (n <= 0 ? '' : columnLetter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

/** A cell's text as the exceljs reader gave it: shared/inline strings, numbers as JS prints them, booleans, ISO dates. */
function cellText(type: string, value: string, inline: string, shared: readonly string[]): string {
  switch (type) {
    case 's': return shared[Number(value)] ?? '';
    case 'inlineStr': return inline;
    case 'str': return value;
    case 'b': return value === '1' || value === 'true' ? 'true' : 'false';
    case 'e': return '';
    case 'd': return value.slice(0, 10);
    default: return value.trim() === '' ? '' : String(Number(value));
  }
}

/** Reads the first worksheet's rows (row numbers as Excel shows them). */
export async function* readXlsxRows(file: string, limits = SHEET_LIMITS): AsyncGenerator<TableRow> {
  const entries = await readZipDirectory(file);
  const parts = await locateParts(file, entries);
  const shared = parts.sharedStrings ? await readSharedStrings(file, entries.get(parts.sharedStrings)!) : [];
  const done: TableRow[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let formulas: string[] = [];
  let column = 0;
  let type = 'n';
  let value = '';
  let inline = '';
  let formula: string | null = null;
  let into: 'v' | 't' | 'f' | null = null;
  const parser = xmlParser({
    open: (tag) => {
      const name = localName(tag.name);
      if (name === 'dimension') {
        // The sheet's declared extent (A1:ZZZZZZ1): refused before a single row is read.
        const last = String(tag.attributes.ref ?? '').split(':').pop() ?? '';
        if (columnOf(last, limits.maxColumns) > limits.maxColumns) throw outOfRange(parts.sheetName, last, `the sheet's extent reaches column ${last.replace(/\d+$/, '')}, beyond the ${limits.maxColumns} columns accepted`, limits.maxColumns);
      } else if (name === 'row') {
        rowNumber = tag.attributes.r ? Number(tag.attributes.r) : rowNumber + 1;
        if (!Number.isInteger(rowNumber) || rowNumber < 1 || rowNumber > limits.maxRows) {
          throw outOfRange(parts.sheetName, `row ${String(tag.attributes.r ?? rowNumber)}`, `row numbers run from 1 to ${limits.maxRows}`, limits.maxRows);
        }
        cells = [];
        formulas = [];
        column = 0;
      } else if (name === 'c') {
        const reference = String(tag.attributes.r ?? '');
        column = reference ? columnOf(reference, limits.maxColumns) : column + 1;
        if (column > limits.maxColumns) throw outOfRange(parts.sheetName, reference || `${columnLetter(column)}${rowNumber}`, `column beyond the ${limits.maxColumns} columns accepted`, limits.maxColumns);
        if (reference && column < 1) throw outOfRange(parts.sheetName, reference, 'not a cell reference (letters then a row number)', limits.maxColumns);
        type = String(tag.attributes.t ?? 'n');
        value = '';
        inline = '';
        formula = null;
      } else if (name === 'v') into = 'v';
      else if (name === 'f') { formula ??= ''; into = 'f'; }
      else if (name === 't') into = 't';
    },
    text: (text) => {
      if (into === 'v') value += text;
      else if (into === 't') inline += text;
      else if (into === 'f') formula += text;
    },
    close: (name) => {
      if (name === 'v' || name === 't' || name === 'f') into = null;
      else if (name === 'c') {
        cells[column - 1] = formula === null ? cellText(type, value, inline, shared) : '';
        if (formula !== null) formulas.push(`${columnLetter(column)}${rowNumber} (=${(formula as string).slice(0, 40)})`);
      } else if (name === 'row') {
        for (let c = 0; c < cells.length; c++) cells[c] ??= '';
        const row: TableRow = { rowNumber, cells };
        if (formulas.length > 0) {
          row.errors = [{ field: 'row', code: 'XLSX_FORMULA', message: `row ${rowNumber}: formulas are not accepted, export values only: ${formulas.join(', ')}` }];
        }
        done.push(row);
      }
    },
  });
  const sheet = entries.get(parts.sheet)!;
  try {
    for await (const text of entryText(file, sheet)) {
      parser.write(text);
      while (done.length > 0) yield done.shift()!;
    }
    parser.close();
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw invalid(`The workbook's ${sheet.name} is not valid XML: ${(error as Error).message}`);
  }
  while (done.length > 0) yield done.shift()!;
}
