// A JSON array of records as table rows (header of keys in first-seen order,
// then one row of cells per record). Pure: the JSON ingest routes run it
// inline for small bodies and in the body worker (body.pool.ts) for large ones.
import { AppError } from '../errors.ts';
import type { TableRow } from './csv.reader.ts';
import type { CaseClassification } from './ingest.types.ts';
import { assertColumnCount } from './input-limits.ts';

/** Most records one JSON request may carry. */
export const MAX_JSON_RECORDS = 10_000;

const CLASSIFICATIONS = new Set(['community', 'imported', 'quarantine']);

/** A JSON body must be an array of at most MAX_JSON_RECORDS records. */
export function checkRecordArray(body: unknown): unknown[] {
  if (!Array.isArray(body)) {
    const got = body === null ? 'null' : typeof body === 'object' ? 'an object' : typeof body;
    throw new AppError('BAD_REQUEST', `The body must be a JSON array of records; got ${got}.`, { field: 'body' });
  }
  if (body.length > MAX_JSON_RECORDS) {
    throw new AppError('PAYLOAD_TOO_LARGE', `At most ${MAX_JSON_RECORDS} records a request; this one has ${body.length}. Split it or upload a file.`);
  }
  return body;
}

function cellOf(value: unknown): string | undefined | null {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/** The records' keys in first-seen order; 413 as soon as one record, or all together, pass MAX_COLUMNS. */
function distinctKeys(records: readonly unknown[]): Set<string> {
  const keys = new Set<string>();
  for (const [i, record] of records.entries()) {
    if (record === null || typeof record !== 'object' || Array.isArray(record)) continue;
    const own = Object.keys(record);
    assertColumnCount(own.length, `record ${i}`);
    for (const key of own) keys.add(key);
    assertColumnCount(keys.size, `The records up to record ${i}`);
  }
  return keys;
}

/** The table of a JSON array of records (keys in any language the column synonyms know): header first. Throws INPUT_TOO_WIDE before any row. */
export function* recordTableRows(records: readonly unknown[]): Generator<TableRow> {
  const keys = [...distinctKeys(records)].filter((k) => k !== 'classification');
  // With no keys at all there is still a header, so every record reaches the rejects.
  yield { rowNumber: 0, cells: keys.length > 0 ? keys : ['recordId'] };
  for (const [i, record] of records.entries()) {
    const rowNumber = i + 1;
    if (record === null || typeof record !== 'object' || Array.isArray(record)) {
      yield { rowNumber, cells: [], errors: [{ field: 'row', code: 'RECORD_NOT_OBJECT', message: `record ${i}: expected an object, got ${Array.isArray(record) ? 'an array' : typeof record}` }] };
      continue;
    }
    const values = record as Record<string, unknown>;
    const cells = keys.map((k) => cellOf(values[k]));
    const bad = keys.filter((_, j) => cells[j] === null);
    if (bad.length > 0) {
      yield { rowNumber, cells: [], errors: bad.map((k) => ({ field: k, code: 'FIELD_NOT_TEXT', message: `record ${i}: "${k}" must be a string or number` })) };
      continue;
    }
    if (cells.every((c) => c === undefined || c === null || c.trim() === '')) {
      yield { rowNumber, cells: [], errors: [{ field: 'row', code: 'RECORD_EMPTY', message: `record ${i}: no fields` }] };
      continue;
    }
    const classification = typeof values.classification === 'string' && CLASSIFICATIONS.has(values.classification) ? (values.classification as CaseClassification) : undefined;
    yield { rowNumber, cells: cells.map((c) => c ?? ''), ...(classification ? { classification } : {}) };
  }
}
