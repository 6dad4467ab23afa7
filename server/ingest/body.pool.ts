// Large JSON bodies off the event loop (issue #15 point 1). JSON.parse of a
// 32 MB ingest body holds the loop for about a second, and handing the parsed
// object back from a thread would cost as much again (a structured clone);
// so the worker (body.worker.ts) parses and also does the route's first step
// (records → table rows, Bundle → entries), and posts the result in slices of
// 250, each a small clone read in its own turn of the loop (pulled one at a time:
// messages already queued would all be read in one turn). Bodies up to
// OFF_LOOP_JSON_BYTES are parsed inline: ~2 ms. One worker thread, shared by
// the process; tasks queue in it.
import type { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../errors.ts';
import type { TableRow } from './csv.reader.ts';
import type { ParsedBundle } from './fhir.parse.ts';
import type { BodyReply, BodyTask } from './body.worker.ts';
import { startTsWorker } from '../ts-worker.ts';

/** Bodies larger than this go to the worker. */
export const OFF_LOOP_JSON_BYTES = 256 * 1024;

/** A JSON array of records already turned into table rows by the worker: the ingest routes take it as is. */
export class OffLoopRecords {
  constructor(readonly rows: TableRow[]) {}
}

/** A FHIR Bundle already read by the worker (or why it is not a Bundle). */
export class OffLoopBundle {
  constructor(readonly bundle: ParsedBundle | null, readonly notBundle: string | null) {}
}

type Pending = { items: unknown[]; resolve: (result: { items: unknown[]; meta?: unknown }) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();
/** Bodies handed to the worker since start (tests check that large bodies take this path). */
export const bodyWorkerStats = { tasks: 0 };

function failAll(error: Error): void {
  worker = null;
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function bodyWorker(): Worker {
  if (worker) return worker;
  const started = startTsWorker(new URL('./body.worker.ts', import.meta.url));
  started.on('message', (message: BodyReply) => {
    const waiting = pending.get(message.id);
    if (!waiting) return;
    if ('slice' in message) {
      for (const item of message.slice) waiting.items.push(item);
      started.postMessage({ id: message.id, next: true }); // one slice per turn of the loop: pulled, not pushed
      return;
    }
    pending.delete(message.id);
    if (pending.size === 0) started.unref();
    if ('error' in message) waiting.reject(new AppError(message.error.code as ErrorCode, message.error.message, message.error.details));
    else waiting.resolve({ items: waiting.items, meta: message.meta });
  });
  started.on('error', (error) => failAll(error));
  started.on('exit', (code) => { if (worker === started) failAll(new Error(`body worker exited with code ${code}`)); });
  started.unref();
  worker = started;
  return started;
}

function runTask(task: BodyTask | 'zone', input: Buffer | { geometry: unknown }): Promise<{ items: unknown[]; meta?: unknown }> {
  bodyWorkerStats.tasks += 1;
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { items: [], resolve, reject });
    const target = bodyWorker();
    target.ref();
    if (!Buffer.isBuffer(input)) {
      target.postMessage({ id, task, geometry: input.geometry });
      return;
    }
    // A copy the worker owns (transferred, not cloned): the request's buffer may be a slice of a pooled one.
    const owned = new Uint8Array(input);
    target.postMessage({ id, task, bytes: owned }, [owned.buffer]);
  });
}

/** Parses a JSON array of ingest records in the worker and returns its table rows (header first). */
export async function recordsOffLoop(bytes: Buffer): Promise<OffLoopRecords> {
  const { items } = await runTask('records', bytes);
  return new OffLoopRecords(items as TableRow[]);
}

/** Parses a FHIR Bundle in the worker and returns its entries. */
export async function bundleOffLoop(bytes: Buffer): Promise<OffLoopBundle> {
  const { items, meta } = await runTask('fhir', bytes);
  const m = (meta ?? {}) as { type?: ParsedBundle['type']; notBundle?: string };
  if (m.notBundle !== undefined) return new OffLoopBundle(null, m.notBundle);
  return new OffLoopBundle({ type: m.type as ParsedBundle['type'], entries: items as ParsedBundle['entries'] }, null);
}

/** Zone geometries with more positions than this are checked in the worker (checking 20,000 points took ~0.3 s). */
export const OFF_LOOP_ZONE_POSITIONS = 2_000;

/** How many positions ([x, y, …] arrays) a geometry holds, counting no further than `cap`. Iterative. */
export function countPositions(value: unknown, cap: number): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= cap) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      if (typeof node[0] === 'number') count += 1;
      else for (const child of node) if (child !== null && typeof child === 'object') stack.push(child);
    } else if (node !== null && typeof node === 'object') {
      for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return count;
}

/** normaliseZoneGeometry, in the worker for geometries of more than OFF_LOOP_ZONE_POSITIONS positions. */
export async function zoneGeometryOffLoop<T>(geometry: unknown, inline: (geometry: unknown) => T): Promise<T> {
  if (countPositions(geometry, OFF_LOOP_ZONE_POSITIONS) <= OFF_LOOP_ZONE_POSITIONS) return inline(geometry);
  const { meta } = await runTask('zone', { geometry });
  return meta as T;
}
