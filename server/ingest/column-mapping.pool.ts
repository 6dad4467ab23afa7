// Column mapping off the event loop: a header costs ~0.3 ms a column to map
// (fuzzy synonym scores), so a wide one (up to MAX_COLUMNS) is mapped in one
// worker thread shared by the process, and other requests go on meanwhile.
// Narrow headers (every real export) are mapped inline: a few milliseconds.
// The worker loads TypeScript through tsx (server/ts-worker.ts).
import type { Worker } from 'node:worker_threads';
import { proposeColumnMapping, type ColumnMapping } from '../../geo/normalise/columns.ts';
import { startTsWorker } from '../ts-worker.ts';

/** Headers up to this many columns are mapped inline (≤ ~20 ms). */
export const INLINE_MAPPING_COLUMNS = 64;

type Pending = { resolve: (mapping: ColumnMapping) => void; reject: (error: Error) => void };

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  worker = null;
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function mappingWorker(): Worker {
  if (worker) return worker;
  const started = startTsWorker(new URL('./column-mapping.worker.ts', import.meta.url));
  started.on('message', (message: { id: number; mapping?: ColumnMapping; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (pending.size === 0) started.unref();
    if (message.mapping) waiting?.resolve(message.mapping);
    else waiting?.reject(new Error(`column mapping failed: ${message.error}`));
  });
  started.on('error', (error) => failAll(error));
  started.on('exit', (code) => { if (worker === started) failAll(new Error(`column mapping worker exited with code ${code}`)); });
  // Keeps the process alive only while a mapping is pending (unref after the listeners: adding one refs the worker again).
  started.unref();
  worker = started;
  return started;
}

/** proposeColumnMapping, in the worker thread for headers wider than INLINE_MAPPING_COLUMNS. */
export function proposeColumnMappingOffLoop(headers: readonly string[]): Promise<ColumnMapping> {
  if (headers.length <= INLINE_MAPPING_COLUMNS) return Promise.resolve(proposeColumnMapping(headers));
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    const mapper = mappingWorker();
    mapper.ref();
    mapper.postMessage({ id, headers: [...headers] });
  });
}
