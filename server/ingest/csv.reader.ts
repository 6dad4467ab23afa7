// parse (CSV): a byte stream to rows of cells, streamed. Bytes are checked
// as UTF-8; a file whose first block is not UTF-8 is read as Windows-1258
// (the Vietnamese ANSI code page of old exports) and said so. A line that
// cannot be read (a stray quote) becomes a row with a parse error naming its
// line, and the rest of the file goes on.
import { Transform, type Readable } from 'node:stream';
import readline from 'node:readline';
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
  /** 'utf-8', or 'windows-1258' when the file was not UTF-8 from its first bytes. */
  encoding: 'utf-8' | 'windows-1258';
}

/** Longest line accepted in characters: bounds memory; a longer one is a parse error for its line. */
const MAX_LINE_CHARS = 32 * 1024 * 1024;

/** Decodes bytes to text: UTF-8 unless the first block is invalid, then Windows-1258 for the whole file. */
function decodeText(report: EncodingReport): Transform {
  let decoder: TextDecoder | null = null;
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _encoding, done) {
      if (decoder === null) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
          decoder = new TextDecoder('utf-8');
        } catch {
          report.encoding = 'windows-1258';
          decoder = new TextDecoder('windows-1258');
        }
      }
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder?.decode() ?? '');
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
    let text = next.value;
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
