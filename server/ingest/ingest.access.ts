// Who may send records, read batch reports and rejects, and decide held
// pairs. A data source sends only as its own site (its API key decides, not a
// parameter); rejects hold raw rows with personal data, so only the site that
// sent them reads and corrects them (and each read is audited); held pairs are
// decided by the ward official of the candidate person's ward or district.
import type { FastifyRequest } from 'fastify';
import { auditPersonalDataRead, requireCaller } from '../access/access.plugin.ts';
import { personalDataScope } from '../access/guards.ts';
import { canIngestAs, canSeeSourceDesk, canSendAsNamedSource, isBoundToJurisdiction, ownSourceOf, type Caller } from '../access/policy.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';

const SELECT_SOURCE = `SELECT id, code FROM source WHERE id = $1`;
const SELECT_BATCH_SOURCE = `SELECT source_id FROM ingest_batch WHERE id = $1`;
const SELECT_REJECT_SOURCE = `SELECT b.source_id FROM ingest_reject r JOIN ingest_batch b ON b.id = r.batch_id WHERE r.id = $1`;
const SELECT_REVIEW_PLACE = `
SELECT r.id, p.district_id, h.ward_id FROM link_review r
LEFT JOIN person p ON p.district_id = r.candidate_district_id AND p.id = r.candidate_person_id
LEFT JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
WHERE r.id = ANY($1::bigint[])`;

/**
 * The source a request sends as. A data source's key names it (a different
 * ?source= or X-Riskmap-Source is refused); an admin may send as a named
 * source (to re-run a site's corrected file); nobody else sends records.
 */
export async function resolveSenderSource(database: Database, request: FastifyRequest, query: { source?: string | undefined }): Promise<string> {
  const caller = requireCaller(request);
  const header = request.headers['x-riskmap-source'];
  const named = query.source ?? (typeof header === 'string' ? header : undefined);
  const ownSource = ownSourceOf(caller);
  if (ownSource !== null) {
    const [own] = await database.withSession((s) => s.query<{ id: number; code: string }>(SELECT_SOURCE, [ownSource]));
    if (!own) throw new AppError('FORBIDDEN', 'This key belongs to a source that no longer exists.');
    if (named !== undefined && named !== own.code) throw new AppError('FORBIDDEN', `This key sends as source ${own.code}, not ${named}.`);
    return own.code;
  }
  if (canSendAsNamedSource(caller)) {
    if (!named) throw new AppError('BAD_REQUEST', 'Name the source: ?source=CODE or the X-Riskmap-Source header.');
    return named;
  }
  throw new AppError('FORBIDDEN', 'Only a data source (with its API key) or an admin sends records.');
}

async function sourceOfBatch(database: Database, batchId: number): Promise<number | null> {
  const [row] = await database.withSession((s) => s.query<{ source_id: number }>(SELECT_BATCH_SOURCE, [batchId]));
  return row?.source_id ?? null;
}

/** Batch reports (counts only): the sending source and admins. */
export async function requireBatchReport(database: Database, request: FastifyRequest, batchId: number): Promise<Caller> {
  const caller = requireCaller(request);
  const source = await sourceOfBatch(database, batchId);
  if (source === null) throw new AppError('NOT_FOUND', `No batch ${batchId}.`);
  if (canSeeSourceDesk(caller, source)) return caller;
  throw new AppError('FORBIDDEN', 'A batch report is for the source that sent it and for admins.');
}

/** Rejects (raw rows): only the sending source; the read is audited. */
export async function requireOwnRejects(database: Database, request: FastifyRequest, batchId: number): Promise<Caller> {
  const caller = requireCaller(request);
  const source = await sourceOfBatch(database, batchId);
  if (source === null) throw new AppError('NOT_FOUND', `No batch ${batchId}.`);
  if (!canIngestAs(caller, source)) throw new AppError('FORBIDDEN', 'Rejected rows are shown only to the source that sent them.');
  return caller;
}

export async function requireOwnReject(database: Database, request: FastifyRequest, rejectId: number): Promise<Caller> {
  const caller = requireCaller(request);
  const [row] = await database.withSession((s) => s.query<{ source_id: number }>(SELECT_REJECT_SOURCE, [rejectId]));
  if (!row) throw new AppError('NOT_FOUND', `No reject ${rejectId}.`);
  if (!canIngestAs(caller, row.source_id)) throw new AppError('FORBIDDEN', 'A rejected row is corrected by the source that sent it.');
  return caller;
}

export const auditRejectsRead = (database: Database, request: FastifyRequest, rejectIds: readonly number[]) =>
  auditPersonalDataRead(database, request, { recordKind: 'ingest_reject', recordIds: rejectIds, unitId: null });

/** The ids among `reviewIds` whose candidate person lives inside the caller's jurisdiction. */
export async function filterReviewsInJurisdiction(database: Database, caller: Caller, reviewIds: readonly number[]): Promise<Set<number>> {
  const scope = personalDataScope(caller);
  if (!scope || reviewIds.length === 0) return new Set();
  const rows = await database.withSession((s) => s.query<{ id: number; district_id: number | null; ward_id: number | null }>(SELECT_REVIEW_PLACE, [reviewIds]));
  return new Set(rows.filter((r) => ('wardId' in scope ? r.ward_id === scope.wardId : r.district_id === scope.districtId)).map((r) => r.id));
}

/** Only a ward official decides held pairs, and only for candidates inside their unit. */
export async function requireReviewInJurisdiction(database: Database, request: FastifyRequest, reviewId: number): Promise<Caller> {
  const caller = requireCaller(request);
  if (!isBoundToJurisdiction(caller)) throw new AppError('FORBIDDEN', 'Held pairs are decided by the ward official of the candidate person.');
  const inside = await filterReviewsInJurisdiction(database, caller, [reviewId]);
  if (!inside.has(reviewId)) throw new AppError('FORBIDDEN', 'This held pair concerns a person outside your jurisdiction.');
  return caller;
}
