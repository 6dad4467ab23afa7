// ingest_batch: one row per import, its counters advanced in the same
// transaction as each chunk, so after a crash the row says exactly how far
// the import got.
import type { Session } from '../db/database.ts';
import type { BatchSummary, ChunkCounts, IngestChannel, IngestKind } from './ingest.types.ts';

const OPEN_BATCH = `
INSERT INTO ingest_batch (source_id, kind, channel, file_name, resume_key, chunk_rows, column_mapping)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`;

export interface NewBatch {
  sourceId: number;
  kind: IngestKind;
  channel: IngestChannel;
  fileName: string | null;
  resumeKey: string | null;
  chunkRows: number;
  columnMapping: unknown;
}

export async function openBatch(session: Session, batch: NewBatch): Promise<number> {
  const [row] = await session.query<{ id: number }>(OPEN_BATCH, [
    batch.sourceId, batch.kind, batch.channel, batch.fileName, batch.resumeKey, batch.chunkRows,
    batch.columnMapping === null ? null : JSON.stringify(batch.columnMapping),
  ]);
  if (!row) throw new Error('ingest_batch insert returned no id');
  return row.id;
}

interface BatchRow {
  id: number;
  source_id: number;
  kind: IngestKind;
  channel: IngestChannel;
  file_name: string | null;
  status: 'running' | 'done' | 'failed';
  rows_total: number;
  rows_inserted: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_held: number;
  rows_rejected: number;
  rows_unlocated: number;
  rows_unplaced: number;
  chunks_committed: number;
  chunk_rows: number | null;
  warnings: Record<string, number>;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
}

const BATCH_COLUMNS = `id, source_id, kind, channel, file_name, status, rows_total, rows_inserted, rows_updated, rows_unchanged, rows_held,
  rows_rejected, rows_unlocated, rows_unplaced, chunks_committed, chunk_rows, warnings, error, started_at, finished_at`;

const SELECT_BATCH = `SELECT ${BATCH_COLUMNS} FROM ingest_batch WHERE id = $1`;
const SELECT_RESUMABLE = `
SELECT ${BATCH_COLUMNS} FROM ingest_batch
WHERE resume_key = $1 AND source_id = $2 AND kind = $3 AND status <> 'done' ORDER BY id DESC LIMIT 1`;

export function toSummary(row: BatchRow, resumed = false): BatchSummary {
  return {
    batchId: row.id, sourceId: row.source_id, kind: row.kind, status: row.status, rows: row.rows_total,
    inserted: row.rows_inserted, updated: row.rows_updated, unchanged: row.rows_unchanged, held: row.rows_held,
    rejected: row.rows_rejected, unlocated: row.rows_unlocated, unplaced: row.rows_unplaced, chunks: row.chunks_committed, warnings: row.warnings ?? {}, resumed,
  };
}

export async function findBatch(session: Session, id: number): Promise<(BatchRow & { summary: BatchSummary }) | null> {
  const [row] = await session.query<BatchRow>(SELECT_BATCH, [id]);
  return row ? { ...row, summary: toSummary(row) } : null;
}

/** The latest unfinished batch of the same file and source, if any. */
export async function findResumableBatch(session: Session, resumeKey: string, sourceId: number, kind: IngestKind): Promise<BatchRow | null> {
  const [row] = await session.query<BatchRow>(SELECT_RESUMABLE, [resumeKey, sourceId, kind]);
  return row ?? null;
}

const ADD_CHUNK = `
UPDATE ingest_batch SET rows_total = rows_total + $2, rows_inserted = rows_inserted + $3, rows_updated = rows_updated + $4,
  rows_unchanged = rows_unchanged + $5, rows_held = rows_held + $6, rows_rejected = rows_rejected + $7, rows_unlocated = rows_unlocated + $8,
  rows_unplaced = rows_unplaced + $11, chunks_committed = chunks_committed + $9, status = 'running', error = NULL, heartbeat_at = now(),
  warnings = (SELECT COALESCE(jsonb_object_agg(k, v), '{}'::jsonb) FROM (
    SELECT k, sum(v::int) AS v FROM (SELECT * FROM jsonb_each_text(warnings) UNION ALL SELECT * FROM jsonb_each_text($10::jsonb)) w(k, v) GROUP BY k) t)
WHERE id = $1`;

/** Adds a chunk's counts to its batch (in the chunk's transaction). `chunks` is 0 for a re-run reject. */
export async function addChunkCounts(session: Session, batchId: number, counts: ChunkCounts, chunks = 1): Promise<void> {
  await session.query(ADD_CHUNK, [
    batchId, counts.rows, counts.inserted, counts.updated, counts.unchanged, counts.held, counts.rejected, counts.unlocated, chunks,
    JSON.stringify(counts.warnings), counts.unplaced,
  ]);
}

const FINISH_BATCH = `UPDATE ingest_batch SET status = $2, error = $3, finished_at = now() WHERE id = $1`;

export async function finishBatch(session: Session, batchId: number, status: 'done' | 'failed', error: string | null = null): Promise<void> {
  await session.query(FINISH_BATCH, [batchId, status, error]);
}
