// The data desk: sources at a glance, a site's batches and rejects, fixing
// rejects (one or many, through the same correction as PATCH
// /api/ingest/rejects/:id), held pairs with their place, undoing a decision.
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { updateCasesFor } from '../ingest/cases.repo.ts';
import { createTouchedList, markTouchedDirty } from '../ingest/events.repo.ts';
import type { ChunkCommittedCallback } from '../ingest/ingest.types.ts';
import { correctReject, type CorrectionResult } from '../ingest/reject.service.ts';
import type { ReviewItem } from '../ingest/review.service.ts';
import type { ReviewPlaceRow } from './desk.repo.ts';
import { selectBatches, selectOpenRejects, selectRejectCodes, selectSourceGlance } from './desk.repo.ts';
import { lockDecidedReview, reholdEvents, reopenReview } from './review-undo.repo.ts';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** A site usually sends when it sent on at least this many of the 14 days before the quiet window. */
export const USUAL_ACTIVE_DAYS = 5;

export interface SourceGlance {
  sourceId: number; code: string; name: string; kind: string; district: string | null;
  rowsToday: number; rows7d: number; rejectedShare7d: number | null; openRejects: number; held: number; unplaced: number;
  lastReceivedAt: string | null; quiet: boolean;
}

export async function listSourceGlance(database: Database, sourceId: number | null, quietHours: number): Promise<SourceGlance[]> {
  const rows = await database.withSession((s) => selectSourceGlance(s, sourceId, quietHours));
  const quietBefore = Date.now() - quietHours * 3_600_000;
  return rows.map((r) => {
    const last = iso(r.last_received);
    return {
      sourceId: r.source_id, code: r.code, name: r.name, kind: r.kind, district: r.district_name, rowsToday: r.rows_today, rows7d: r.rows_7d,
      rejectedShare7d: r.rows_7d > 0 ? Math.round((r.rejected_7d / r.rows_7d) * 1000) / 1000 : null,
      openRejects: r.open_rejects, held: r.held, unplaced: r.unplaced, lastReceivedAt: last,
      quiet: r.active_days_14 >= USUAL_ACTIVE_DAYS && (last === null || Date.parse(last) < quietBefore),
    };
  });
}

export async function describeSource(database: Database, sourceId: number) {
  return database.withSession(async (s) => {
    const batches = await selectBatches(s, sourceId, 50);
    const codes = await selectRejectCodes(s, sourceId);
    return {
      batches: batches.map((b) => ({
        id: Number(b.id), kind: b.kind, channel: b.channel, fileName: b.file_name, status: b.status, rows: b.rows_total, inserted: b.rows_inserted,
        updated: b.rows_updated, unchanged: b.rows_unchanged, held: b.rows_held, rejected: b.rows_rejected, unlocated: b.rows_unlocated,
        warnings: b.warnings ?? {}, error: b.error, startedAt: iso(b.started_at) ?? '', finishedAt: iso(b.finished_at),
      })),
      rejectsByCode: codes.map((c) => ({ code: c.code, field: c.field, count: c.n })),
    };
  });
}

export async function listOpenRejects(database: Database, sourceId: number, code: string | null, limit: number, offset: number) {
  const rows = await database.withSession((s) => selectOpenRejects(s, sourceId, code, limit, offset));
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({ id: Number(r.id), batchId: Number(r.batch_id), rowNumber: r.row_number, raw: r.raw, errors: r.errors })),
  };
}

/** Fixes each reject on its own (a row still invalid stays open with its new errors; the others go in). */
export async function fixRejects(
  database: Database, items: ReadonlyArray<{ id: number; fields: Record<string, string | null> }>, idHashKey: string, onChunkCommitted?: ChunkCommittedCallback,
): Promise<CorrectionResult[]> {
  const results: CorrectionResult[] = [];
  for (const item of items) results.push(await correctReject(database, item.id, item.fields, idHashKey, onChunkCommitted));
  return results;
}

/** Undoes a decided pair in one transaction; the units its events counted in are refreshed. */
export async function undoReviewDecision(database: Database, id: number, onChunkCommitted?: ChunkCommittedCallback): Promise<{ id: number; reheldEvents: number }> {
  const { result, touched } = await database.transaction(async (session) => {
    const review = await lockDecidedReview(session, id);
    if (!review) throw new AppError('NOT_FOUND', `No review ${id}.`);
    if (review.decision === null) throw new AppError('REVIEW_NOT_DECIDED', `Review ${id} has no decision to undo.`, { id });
    await createTouchedList(session);
    const held = await reholdEvents(session, id);
    await updateCasesFor(session, held.tests.map((t) => ({ id: t, classification: null })), null);
    await reopenReview(session, id);
    return { result: { id, reheldEvents: held.tests.length + held.vaccinations }, touched: await markTouchedDirty(session) };
  });
  await onChunkCommitted?.(touched);
  return result;
}

/** Open pairs with the candidate's ward; the incoming ID hash is already dropped by listReviews. */
export function listOpenReviewsPlaced(items: readonly ReviewItem[], places: ReadonlyMap<number, ReviewPlaceRow>) {
  return items.map((item) => ({ ...item, candidateWard: places.get(item.id)?.ward_name ?? null }));
}
