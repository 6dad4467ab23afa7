// Worker thread of body.pool.ts: parses a large JSON body away from the event
// loop and turns it into what the route needs, so the main thread only
// receives small slices (structured clones of rows, not a 32 MB object graph).
//   'records': a JSON array of ingest records → table rows (json-records.ts);
//   'fhir':    a FHIR Bundle → its entries as raw records (fhir.parse.ts).
// Every check the inline path makes (prototype keys, nesting depth, record
// count, width, Bundle size) is made here too, with the same error codes.
import { parentPort } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { assertJsonDepth } from '../routes/json-limits.ts';
import { parseBundle } from './fhir.parse.ts';
import { checkRecordArray, MAX_JSON_RECORDS, recordTableRows } from './json-records.ts';
import { assertSafeJsonKeys } from './json-safety.ts';

export type BodyTask = 'records' | 'fhir';
export interface BodyRequest { id: number; task: BodyTask; bytes: Uint8Array }
export type BodyReply =
  | { id: number; slice: unknown[] }
  | { id: number; done: true; meta?: unknown }
  | { id: number; error: { code: string; message: string; details?: unknown } };

/** Rows or entries per message: each is a small clone for the main thread to read. */
const SLICE = 500;
const decoder = new TextDecoder('utf-8');

function parse(bytes: Uint8Array): unknown {
  const text = decoder.decode(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('BAD_REQUEST', `The body is not valid JSON: ${(error as Error).message}`, { field: 'body' });
  }
  assertSafeJsonKeys(value, text);
  assertJsonDepth(value);
  return value;
}

function sendSlices(id: number, items: Iterable<unknown>): void {
  let slice: unknown[] = [];
  for (const item of items) {
    slice.push(item);
    if (slice.length >= SLICE) {
      parentPort?.postMessage({ id, slice } satisfies BodyReply);
      slice = [];
    }
  }
  if (slice.length > 0) parentPort?.postMessage({ id, slice } satisfies BodyReply);
}

function run(request: BodyRequest): void {
  const value = parse(request.bytes);
  if (request.task === 'records') {
    sendSlices(request.id, recordTableRows(checkRecordArray(value)));
    parentPort?.postMessage({ id: request.id, done: true } satisfies BodyReply);
    return;
  }
  const entries = (value as { entry?: unknown[] } | null)?.entry;
  if (Array.isArray(entries) && entries.length > MAX_JSON_RECORDS) throw new AppError('PAYLOAD_TOO_LARGE', `A Bundle may hold at most ${MAX_JSON_RECORDS} entries; this one has ${entries.length}.`);
  let bundle;
  try {
    bundle = parseBundle(value);
  } catch (error) {
    // Not a Bundle at all: the route answers it as processBundle would (an OperationOutcome 'structure').
    parentPort?.postMessage({ id: request.id, done: true, meta: { notBundle: (error as Error).message } } satisfies BodyReply);
    return;
  }
  sendSlices(request.id, bundle.entries);
  parentPort?.postMessage({ id: request.id, done: true, meta: { type: bundle.type } } satisfies BodyReply);
}

parentPort?.on('message', (request: BodyRequest) => {
  try {
    run(request);
  } catch (error) {
    const e = error instanceof AppError ? { code: error.code, message: error.message, details: error.details } : { code: 'BAD_REQUEST', message: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage({ id: request.id, error: e } satisfies BodyReply);
  }
});
