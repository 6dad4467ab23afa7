// Worker thread of body.pool.ts: parses a large JSON body away from the event
// loop and turns it into what the route needs, so the main thread only
// receives small slices (structured clones of rows, not a 32 MB object graph).
//   'records': a JSON array of ingest records → table rows (json-records.ts);
//   'fhir':    a FHIR Bundle → its entries as raw records (fhir.parse.ts);
//   'zone':    a large zone polygon checked and normalised (zones/zone-geometry.ts).
// Every check the inline path makes (prototype keys, nesting depth, record
// count, width, Bundle size) is made here too, with the same error codes.
import { parentPort } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { assertJsonDepth } from '../routes/json-limits.ts';
import { parseBundle } from './fhir.parse.ts';
import { checkRecordArray, MAX_JSON_RECORDS, recordTableRows } from './json-records.ts';
import { assertSafeJsonKeys } from './json-safety.ts';
import { normaliseZoneGeometry } from '../zones/zone-geometry.ts';

export type BodyTask = 'records' | 'fhir';
export type BodyRequest = { id: number; task: BodyTask; bytes: Uint8Array } | { id: number; task: 'zone'; geometry: unknown };
export type BodyReply =
  | { id: number; slice: unknown[] }
  | { id: number; done: true; meta?: unknown }
  | { id: number; error: { code: string; message: string; details?: unknown } };

/** Rows or entries per message: each is a small clone for the main thread to read. */
const SLICE = 250;
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

/** Tasks whose slices are still to be sent: the main thread asks for each next slice once it has read the last. */
const open = new Map<number, Iterator<unknown>>();

/** Sends the task's next slice, or its end (then forgets it). */
function sendNext(id: number): void {
  const items = open.get(id);
  if (!items) return;
  const slice: unknown[] = [];
  for (let next = items.next(); !next.done; next = items.next()) {
    slice.push(next.value);
    if (slice.length >= SLICE) break;
  }
  if (slice.length > 0) {
    parentPort?.postMessage({ id, slice } satisfies BodyReply);
    return;
  }
  open.delete(id);
  const meta = (items as Iterator<unknown> & { meta?: unknown }).meta;
  parentPort?.postMessage({ id, done: true, ...(meta === undefined ? {} : { meta }) } satisfies BodyReply);
}

/** Parses and checks the body; its rows (or entries) are then sent a slice at a time (pulled, so each is read in its own turn of the main loop). */
function start(request: BodyRequest): void {
  if (request.task === 'zone') {
    // A zone polygon's checks (ring closure, first crossing): ~0.3 s for 20,000 points.
    parentPort?.postMessage({ id: request.id, done: true, meta: normaliseZoneGeometry(request.geometry) } satisfies BodyReply);
    return;
  }
  const value = parse(request.bytes);
  if (request.task === 'records') {
    const rows = [...recordTableRows(checkRecordArray(value))]; // all of it now: a width error comes before any row
    open.set(request.id, rows[Symbol.iterator]());
    return sendNext(request.id);
  }
  const entries = (value as { entry?: unknown[] } | null)?.entry;
  if (Array.isArray(entries) && entries.length > MAX_JSON_RECORDS) throw new AppError('PAYLOAD_TOO_LARGE', `A Bundle may hold at most ${MAX_JSON_RECORDS} entries; this one has ${entries.length}.`);
  let iterator: Iterator<unknown> & { meta?: unknown };
  try {
    const bundle = parseBundle(value);
    iterator = Object.assign(bundle.entries[Symbol.iterator](), { meta: { type: bundle.type } });
  } catch (error) {
    // Not a Bundle at all: the route answers it as processBundle would (an OperationOutcome 'structure').
    iterator = Object.assign([][Symbol.iterator](), { meta: { notBundle: (error as Error).message } });
  }
  open.set(request.id, iterator);
  sendNext(request.id);
}

parentPort?.on('message', (request: BodyRequest | { id: number; next: true }) => {
  try {
    if ('next' in request) return sendNext(request.id);
    start(request);
  } catch (error) {
    const e = error instanceof AppError ? { code: error.code, message: error.message, details: error.details } : { code: 'BAD_REQUEST', message: error instanceof Error ? error.message : String(error) };
    parentPort?.postMessage({ id: request.id, error: e } satisfies BodyReply);
  }
});
