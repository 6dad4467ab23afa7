// The pipeline: parse (channels) → normalise → validate → stage → link →
// upsert → reject, in chunks that each commit all-or-nothing together with
// their rejects, their dirty (unit, day) pairs and the batch counters. A run
// that stops part-way leaves a batch whose counters match what committed; the
// same file run again resumes after the committed chunks, and idempotent
// upserts make any overlap harmless.
import type { GazetteerIndex } from '../../geo/normalise/address-units.ts';
import type { Database, Session } from '../db/database.ts';
import { addChunkCounts, finishBatch, findBatch, findResumableBatch, openBatch } from './batch.repo.ts';
import { updateCasesForChunk } from './cases.repo.ts';
import { createTouchedList, markTouchedDirty, upsertEvents } from './events.repo.ts';
import { queueNationalPush } from '../national/outbox.repo.ts';
import type { BatchSummary, ChunkCounts, IngestOptions, InputRow, TouchedUnitDay } from './ingest.types.ts';
import { linkStagedRows } from './link.service.ts';
import { isRejected, prepareRow, type PrepareContext, type RejectedRow, type StagedRow } from './prepare-rows.ts';
import { insertRejects, resolveReject } from './reject.repo.ts';
import { ensureSource, loadGazetteerIndex, type SourceRow } from './source.repo.ts';
import { stageRows } from './staging.repo.ts';
import { addSpan, span, spansEnabled } from './ingest-spans.ts';

export const DEFAULT_CHUNK_ROWS = 5_000;

/** Today's date in Vietnam (UTC+7, no daylight saving), the latest event date accepted. */
export function todayInVietnam(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** Thrown when an import is stopped through its AbortSignal; committed chunks stay. */
export class IngestAbortedError extends Error {
  constructor() {
    super('the import was stopped; run it again to continue after the committed chunks');
    this.name = 'IngestAbortedError';
  }
}

export interface ChunkContext {
  source: SourceRow;
  batchId: number;
  prepare: PrepareContext;
}

/** Source, gazetteer and the prepare context for a run. */
export async function loadIngestContext(session: Session, options: IngestOptions): Promise<{ source: SourceRow; prepare: PrepareContext }> {
  const source = await ensureSource(session, options.sourceCode, options.kind, options.sourceKind);
  const gazetteer: GazetteerIndex = await loadGazetteerIndex(session);
  return {
    source,
    prepare: {
      kind: options.kind, idHashKey: options.idHashKey, today: options.today ?? todayInVietnam(), gazetteer,
      requireNationalId: source.require_national_id, idHashes: new Map(),
    },
  };
}

function countWarnings(rows: readonly StagedRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) {
    for (const code of new Set(row.warnings.map((w) => w.code))) counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

/** A chunk's rows after normalise + validate, ready to commit. */
export interface PreparedChunk {
  inputs: InputRow[];
  staged: StagedRow[];
  rejected: RejectedRow[];
}

/** An empty chunk to prepare rows into. */
export function startChunk(): PreparedChunk {
  return { inputs: [], staged: [], rejected: [] };
}

/** Normalises and validates one row into the chunk (pure JS, no database). */
export function addToChunk(chunk: PreparedChunk, input: InputRow, context: PrepareContext): void {
  chunk.inputs.push(input);
  const outcome = prepareRow(input, context);
  if (isRejected(outcome)) chunk.rejected.push(outcome);
  else chunk.staged.push(outcome);
}

/** One chunk, one transaction: stage, link, upsert, cases, rejects, dirty pairs, batch counters. */
export async function commitChunk(
  database: Database, inputs: readonly InputRow[], context: ChunkContext, rerunOf?: { rejectId: number },
): Promise<{ counts: ChunkCounts; touched: TouchedUnitDay[] }> {
  const chunk = startChunk();
  for (const input of inputs) addToChunk(chunk, input, context.prepare);
  return commitPreparedChunk(database, chunk, context, rerunOf);
}

/** Commits a prepared chunk in one transaction (see commitChunk). */
export async function commitPreparedChunk(
  database: Database, chunk: PreparedChunk, context: ChunkContext, rerunOf?: { rejectId: number },
): Promise<{ counts: ChunkCounts; touched: TouchedUnitDay[] }> {
  const { inputs, staged, rejected } = chunk;
  const { kind } = context.prepare;
  const sourceId = context.source.id;
  return span('chunk transaction', () => database.transaction(async (session) => {
    await span('touched list', () => createTouchedList(session));
    let outcomes = { inserted: 0, updated: 0, unchanged: 0, held: 0, unlocated: 0, unplaced: 0 };
    let duplicates = 0;
    if (staged.length > 0) {
      ({ duplicates } = await span('stage COPY', () => stageRows(session, kind, sourceId, staged)));
      await span('link', () => linkStagedRows(session, staged, { batchId: context.batchId, sourceId, eventKind: kind === 'tests' ? 'test_result' : 'vaccination' }));
      outcomes = await span('upsert', () => upsertEvents(session, kind, sourceId, context.batchId));
      await queueNationalPush(session, kind, sourceId, staged, context.prepare.idHashKey); // the national push outbox, in the record's transaction
      if (kind === 'tests') await span('cases', () => updateCasesForChunk(session, sourceId, context.source.case_classification));
    }
    await span('rejects', () => insertRejects(session, context.batchId, rejected));
    const counts: ChunkCounts = {
      rows: inputs.length, ...outcomes, unchanged: outcomes.unchanged + duplicates, rejected: rejected.length, warnings: countWarnings(staged),
    };
    if (rerunOf) {
      // A corrected reject: the row was counted already, as a reject; it moves to what it is now.
      if (rejected.length === 0) await resolveReject(session, rerunOf.rejectId, inputs[0]?.raw ?? {});
      await addChunkCounts(session, context.batchId, { ...counts, rows: 0, rejected: rejected.length - 1 }, 0);
    } else {
      await addChunkCounts(session, context.batchId, counts);
    }
    // Last: the dirty marks hold their rows' locks until commit.
    const touched = await span('dirty marks', () => markTouchedDirty(session));
    return { counts, touched };
  }));
}

async function startBatch(database: Database, options: IngestOptions, columnMapping: unknown) {
  return span('start batch', () => database.withSession(async (session) => {
    const { source, prepare } = await loadIngestContext(session, options);
    const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
    if (options.batchId !== undefined) return { source, prepare, batchId: options.batchId, skipRows: 0, chunkRows, resumed: false };
    const previous = options.resumeKey ? await findResumableBatch(session, options.resumeKey, source.id, options.kind) : null;
    if (previous) {
      // Resume with the chunk size the committed chunks were cut with, so the skipped rows are exactly theirs.
      const rows = previous.chunk_rows ?? chunkRows;
      return { source, prepare, batchId: previous.id, skipRows: previous.chunks_committed * rows, chunkRows: rows, resumed: true };
    }
    const batchId = await openBatch(session, {
      sourceId: source.id, kind: options.kind, channel: options.channel, fileName: options.fileName ?? null,
      resumeKey: options.resumeKey ?? null, chunkRows, columnMapping,
    });
    return { source, prepare, batchId, skipRows: 0, chunkRows, resumed: false };
  }));
}

/** Rows are prepared in slices of this many, with a turn of the event loop between slices (so a commit's replies and other requests are served promptly). */
export const ROWS_PER_SLICE = 32;
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs rows through the whole pipeline as one batch and returns its summary.
 * Rows are consumed as they come. Chunk N+1 is read and normalised while
 * chunk N's transaction runs on the server (the two halves are about equal
 * work); chunks still commit one at a time and in order, so memory holds two
 * chunks and resume counts stay exact. Database errors propagate (the API
 * turns an unreachable database into 503); the batch is marked failed when
 * the database still answers.
 */
export async function runIngest(database: Database, rows: AsyncIterable<InputRow> | Iterable<InputRow>, options: IngestOptions, columnMapping: unknown = null): Promise<BatchSummary> {
  const start = await startBatch(database, options, columnMapping);
  const context: ChunkContext = { source: start.source, batchId: start.batchId, prepare: start.prepare };
  let seen = 0;
  let prepareMs = 0;
  let chunk = startChunk();
  let committing: Promise<void> | null = null;
  let busy = false;
  let failed = false;
  const commit = async (prepared: PreparedChunk, rowsDone: number) => {
    const { touched } = await commitPreparedChunk(database, prepared, context);
    options.onProgress?.({ rowsDone });
    await options.onChunkCommitted?.(touched);
    if (options.signal?.aborted) throw new IngestAbortedError();
  };
  const flush = async () => {
    if (committing) await committing;
    busy = true;
    committing = commit(chunk, seen);
    // Handled here so a failure is not unhandled while the next chunk is read; awaited (and thrown) before the next commit.
    committing.then(() => { busy = false; }, () => { busy = false; failed = true; });
    chunk = startChunk();
  };
  try {
    for await (const row of rows) {
      seen += 1;
      if (seen <= start.skipRows) continue;
      if (spansEnabled) {
        const t = performance.now();
        addToChunk(chunk, row, start.prepare);
        prepareMs += performance.now() - t;
      } else addToChunk(chunk, row, start.prepare);
      if (chunk.inputs.length >= start.chunkRows) await flush();
      else if (chunk.inputs.length % ROWS_PER_SLICE === 0) {
        // Every slice gives the loop a turn (other requests, and the commit's replies while one runs): a chunk
        // of wide rows prepared in one go held the loop for seconds (issue #15 point 1).
        if (busy && failed) await committing;
        await nextTurn();
      }
    }
    if (chunk.inputs.length > 0) await flush();
    if (committing) await committing;
    addSpan('normalise (JS)', prepareMs);
    if (options.batchId === undefined) await span('finish batch', () => database.withSession((s) => finishBatch(s, start.batchId, 'done')));
  } catch (error) {
    // A chunk still committing settles first, so the batch's counters are final when it is marked failed.
    await (committing as Promise<void> | null)?.catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    await database.withSession((s) => finishBatch(s, start.batchId, 'failed', message.slice(0, 1000))).catch(() => {});
    throw error;
  }
  const batch = await span('read summary', () => database.withSession((s) => findBatch(s, start.batchId)));
  if (!batch) throw new Error(`batch ${start.batchId} vanished`);
  return { ...batch.summary, resumed: start.resumed };
}
