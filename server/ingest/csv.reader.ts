// parse (CSV): a byte stream to rows of cells, streamed. A byte-order mark
// selects UTF-16 LE/BE (Excel's "Unicode text"); otherwise bytes are checked
// as UTF-8, and a file whose first non-ASCII block is not UTF-8 is read as
// Windows-1258 (the Vietnamese ANSI code page of old exports), normalised
// to NFC, and said so. A line that
// cannot be read (a stray quote) becomes a row with a parse error naming its
// line, and the rest of the file goes on.
import { Transform, type Readable } from 'node:stream';
import readline from 'node:readline';
import iconv from 'iconv-lite';
import type { RowError } from './ingest.types.ts';

/** One row of a table: its cells, or the parse errors that stopped it being read. Row 1 is the header. */
export interface TableRow {
  rowNumber: number;
  cells: string[];
  errors?: RowError[];
  /** The raw text of an unreadable row (clipped when stored). */
  rawText?: string;
  /** Case classification a JSON record states. */
  classification?: 'community' | 'imported' | 'quarantine';
}

export interface EncodingReport {
  /** 'utf-8'; 'utf-16le'/'utf-16be' by a byte-order mark; 'windows-1258' when the bytes were not UTF-8. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';
}

/** Longest line accepted in characters: bounds memory; a longer one is a parse error for its line. */
const MAX_LINE_CHARS = 32 * 1024 * 1024;

type Decoder = { write(chunk: Buffer): string; end(): string | undefined };

const iconvDecoder = (encoding: string): Decoder => iconv.getDecoder(encoding);
const utf8Decoder = (): Decoder => {
  const decoder = new TextDecoder('utf-8');
  return { write: (chunk) => decoder.decode(chunk, { stream: true }), end: () => decoder.decode() };
};

/** The encoding a byte-order mark announces (UTF-16 as Excel's "Unicode text" saves it, UTF-8), or null. */
function encodingOfBom(chunk: Buffer): EncodingReport['encoding'] | null {
  if (chunk[0] === 0xff && chunk[1] === 0xfe) return 'utf-16le';
  if (chunk[0] === 0xfe && chunk[1] === 0xff) return 'utf-16be';
  return null;
}

/** True when the bytes are valid UTF-8 (a character cut at the chunk's end is allowed). */
function isUtf8(chunk: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes bytes to text: UTF-16 LE/BE when a byte-order mark says so; else
 * UTF-8, unless the first chunk holding a non-ASCII byte is not UTF-8, then
 * Windows-1258 for the whole file (ASCII chunks before it read the same in
 * both). Windows-1258 writes tone marks as combining characters: lines are
 * normalised to NFC by the reader.
 */
function decodeText(report: EncodingReport): Transform {
  let decoder: Decoder | null = null;
  let first = true;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, done) {
      if (first) {
        first = false;
        const bom = encodingOfBom(chunk);
        if (bom) {
          report.encoding = bom;
          decoder = iconvDecoder(bom);
        }
      }
      if (decoder === null) {
        if (!chunk.some((b) => b >= 0x80)) return done(null, chunk.toString('latin1'));
        if (isUtf8(chunk)) decoder = utf8Decoder();
        else {
          report.encoding = 'windows-1258';
          decoder = iconvDecoder('windows1258');
        }
      }
      done(null, decoder.write(chunk));
    },
    flush(done) {
      done(null, decoder?.end() ?? '');
    },
  });
}

const INVALID_TEXT = /\uFFFD/;

function parseError(line: number, message: string, rawText?: string): TableRow {
  return { rowNumber: line, cells: [], rawText: rawText?.slice(0, 2000), errors: [{ field: 'row', code: 'CSV_PARSE_ERROR', message: `line ${line}: ${message}` }] };
}

const countQuotes = (text: string) => text.split('"').length - 1;

/** The header's delimiter: the most frequent of comma, semicolon and tab. */
function detectDelimiter(header: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, header.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/**
 * Cells of one record's text (RFC 4180 quoting; a quote inside an unquoted
 * cell is kept as a literal). Throws on a quoted cell that never closes or
 * text after a closing quote, like csv-parse, but without its per-call cost.
 */
function parseRecord(text: string, delimiter: string): string[] {
  if (!text.includes('"')) return text.split(delimiter);
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let cell = '';
      let j = i + 1;
      for (;;) {
        const close = text.indexOf('"', j);
        if (close < 0) throw new Error('a quote is opened and never closed');
        cell += text.slice(j, close);
        if (text[close + 1] === '"') {
          cell += '"';
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      cells.push(cell);
      if (i >= text.length) return cells;
      if (text.startsWith(delimiter, i)) i += delimiter.length;
      else throw new Error(`text after a closing quote at character ${i + 1}`);
    } else {
      const end = text.indexOf(delimiter, i);
      cells.push(end < 0 ? text.slice(i) : text.slice(i, end));
      if (end < 0) return cells;
      i = end + delimiter.length;
    }
  }
}

/**
 * Reads CSV rows (delimiter comma, semicolon or tab, from the header).
 * Records are read line by line so that a stray quote spoils only its own
 * line: a streaming parser would let an unclosed quote swallow the rest of
 * the file. A line with an odd number of quotes may continue on the next
 * line (a quoted line break) only when the two together close the quote and
 * have the header's number of columns; otherwise it is a parse error naming
 * its line, and reading goes on. Row numbers are line numbers.
 */
export async function* readCsvRows(input: Readable, report: EncodingReport = { encoding: 'utf-8' }): AsyncGenerator<TableRow> {
  const lines = readline.createInterface({ input: input.pipe(decodeText(report)), crlfDelay: Infinity })[Symbol.asyncIterator]();
  let delimiter = ',';
  let columns = 0;
  let lineNumber = 0;
  let pending: { line: number; text: string } | null = null;
  const emit = (line: number, text: string): TableRow => {
    if (text.length > MAX_LINE_CHARS) return parseError(line, `the line is longer than ${MAX_LINE_CHARS} characters`, text);
    try {
      const row: TableRow = { rowNumber: line, cells: parseRecord(text, delimiter) };
      const bad = row.cells.findIndex((c) => INVALID_TEXT.test(c));
      if (bad >= 0) row.errors = [{ field: `column ${bad + 1}`, code: 'ENCODING_INVALID', message: `line ${line}: bytes that are not UTF-8 (re-export the file as UTF-8)` }];
      return row;
    } catch (error) {
      return parseError(line, error instanceof Error ? error.message : 'unreadable record', text);
    }
  };
  for (let next = await lines.next(); !next.done; next = await lines.next()) {
    lineNumber += 1;
    let text = report.encoding === 'windows-1258' ? next.value.normalize('NFC') : next.value;
    if (lineNumber === 1) {
      text = text.replace(/^\uFEFF/, '');
      delimiter = detectDelimiter(text);
      columns = parseRecord(text, delimiter).length;
    }
    if (pending) {
      const joined = `${pending.text}\n${text}`;
      const first = pending;
      pending = null;
      if (countQuotes(joined) % 2 === 0) {
        const row = emit(first.line, joined);
        if (!row.errors && row.cells.length === columns) {
          yield row;
          continue;
        }
      }
      yield parseError(first.line, 'a quote is opened and never closed', first.text);
    }
    if (text.trim() === '') continue;
    if (countQuotes(text) % 2 === 0) {
      yield emit(lineNumber, text);
      continue;
    }
    // An odd quote inside an unquoted cell (Nguyễn "Văn A) is a literal quote when the line still reads whole.
    const alone = emit(lineNumber, text);
    if (!alone.errors && alone.cells.length === columns) yield alone;
    else pending = { line: lineNumber, text };
  }
  if (pending) yield parseError(pending.line, 'a quote is opened and never closed', pending.text);
}
