// Corrections: a reject PATCHed with corrected fields goes through the whole
// pipeline again as the same row of the same batch. It either goes in (the
// reject is resolved) or is rejected again with its new errors.
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { findBatch } from './batch.repo.ts';
import { commitChunk, loadIngestContext } from './ingest.service.ts';
import type { ChunkCommittedCallback, RowError } from './ingest.types.ts';
import { applyCorrection } from './prepare-rows.ts';
import { findRejectForUpdate } from './reject.repo.ts';

export interface CorrectionResult {
  id: number;
  status: 'resolved' | 'open';
  errors: RowError[];
  inserted: number;
  updated: number;
  unchanged: number;
}

const SELECT_SOURCE_CODE = `SELECT code FROM source WHERE id = $1`;

export async function correctReject(
  database: Database, id: number, fields: Record<string, string | null>, idHashKey: string, onChunkCommitted?: ChunkCommittedCallback,
): Promise<CorrectionResult> {
  const found = await database.withSession(async (session) => {
    const reject = await findRejectForUpdate(session, id);
    if (!reject) return null;
    const batch = await findBatch(session, reject.batchId);
    const [source] = batch ? await session.query<{ code: string }>(SELECT_SOURCE_CODE, [batch.source_id]) : [];
    return batch && source ? { reject, batch, sourceCode: source.code } : null;
  });
  if (!found) throw new AppError('NOT_FOUND', `No reject ${id}.`);
  if (found.reject.status !== 'open') throw new AppError('CONFLICT', `Reject ${id} is already ${found.reject.status}.`);
  const stored = found.reject.raw as Record<string, unknown>;
  // A parse error kept the line, not fields: the correction must give the fields.
  const raw = applyCorrection('line' in (stored ?? {}) ? {} : stored, fields);
  const options = { idHashKey, sourceCode: found.sourceCode, kind: found.batch.kind, channel: found.batch.channel };
  const { source, prepare } = await database.withSession((s) => loadIngestContext(s, options));
  const { counts, touched } = await commitChunk(database, [{ rowNumber: found.reject.rowNumber, raw }], { source, batchId: found.batch.id, prepare }, { rejectId: id });
  await onChunkCommitted?.(touched);
  const after = await database.withSession((s) => findRejectForUpdate(s, id));
  return {
    id, status: counts.rejected === 0 ? 'resolved' : 'open', errors: counts.rejected === 0 ? [] : (after?.errors ?? []),
    inserted: counts.inserted, updated: counts.updated, unchanged: counts.unchanged,
  };
}
