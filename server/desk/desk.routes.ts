// The data desk's API (issue 17). Who may do what is decided by
// server/access/policy.ts: a site's staff (its key or user) and admins for the
// site's counts, batches and rejects; ward officials (their area) and admins
// for held pairs. Reads of rows with personal data and every change are audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { auditPersonalDataRead, requireCaller } from '../access/access.plugin.ts';
import { type Caller, canAdminister, canDecideHeldPair, canFixRejectsOf, canListHeldPairs, canSeeDataQuality, canSeeSourceDesk } from '../access/policy.ts';
import { LATE_DAYS } from './quality.repo.ts';
import { listUnitQuality } from './quality.service.ts';
import { auditAction } from '../admin/audit-action.ts';
import { AppError } from '../errors.ts';
import { decideReview, listReviews } from '../ingest/review.service.ts';
import { resolveIdHashKey } from '../runtime.ts';
import { selectDecided, selectRejectSources, selectReviewPlaces, type ReviewPlaceRow } from './desk.repo.ts';
import {
  DecideBody, DecidedResponse, DecisionResponse, QualityQuery, QualityResponse, UndoResponse, FixBody, FixResponse, GlanceQuery, GlanceResponse, IdParam, RejectsQuery, RejectsResponse, ReviewQuery,
  ReviewResponse, SourceResponse,
} from './desk.schemas.ts';
import { describeSource, fixRejects, listOpenReviewsPlaced, listSourceGlance, listOpenRejects, undoReviewDecision } from './desk.service.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
/** Open pairs read at most per request before filtering to the caller's area (as GET /api/ingest/review). */
const REVIEW_SCAN_LIMIT = 5_000;

const placeOf = (row: ReviewPlaceRow | undefined) =>
  row && row.ward_id !== null ? { unitId: row.ward_id, level: 'ward' as const, wardId: row.ward_id, districtId: row.district_id } : null;

function requireSourceDesk(request: FastifyRequest, sourceId: number): Caller {
  const caller = requireCaller(request);
  if (!canSeeSourceDesk(caller, sourceId)) throw new AppError('FORBIDDEN', "A site's counts, batches and rejects are for the site itself and admins.");
  return caller;
}

export const deskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;
  let idHashKey: Promise<string> | null = null;
  const hashKey = () => (idHashKey ??= resolveIdHashKey(app.ctx.config));
  const refresh = (touched: Array<{ unitId: number; day: string }>) => app.ctx.aggregator.onChunkCommitted(touched);

  app.get('/desk/sources', { schema: { summary: 'Sources at a glance: received, rejected, held, unplaced, last received, gone quiet', tags: ['desk'], querystring: GlanceQuery, response: { 200: GlanceResponse, ...errors } } },
    async (request) => {
      const caller = requireCaller(request);
      if (canAdminister(caller)) return { quietHours: request.query.quietHours, sources: await listSourceGlance(database, null, request.query.quietHours) };
      if (caller.sourceId === null || !canSeeSourceDesk(caller, caller.sourceId)) throw new AppError('FORBIDDEN', 'The data desk is for data sources (their own site) and admins.');
      return { quietHours: request.query.quietHours, sources: await listSourceGlance(database, caller.sourceId, request.query.quietHours) };
    });

  app.get('/desk/sources/:id', { schema: { summary: "A site's batches with outcomes and its open rejects by code", tags: ['desk'], params: IdParam, response: { 200: SourceResponse, ...errors } } },
    async (request) => {
      requireSourceDesk(request, request.params.id);
      return describeSource(database, request.params.id);
    });

  app.get('/desk/sources/:id/rejects', { schema: { summary: "A site's open rejects (the row as sent, field, code), optionally of one code; audited", tags: ['desk'], params: IdParam, querystring: RejectsQuery, response: { 200: RejectsResponse, ...errors } } },
    async (request) => {
      requireSourceDesk(request, request.params.id);
      const page = await listOpenRejects(database, request.params.id, request.query.code ?? null, request.query.limit, request.query.offset);
      await auditPersonalDataRead(database, request, { recordKind: 'ingest_reject', recordIds: page.items.map((i) => i.id), unitId: null });
      return page;
    });

  app.post('/desk/rejects/fix', { schema: { summary: 'Correct one or many rejects (each re-runs the pipeline like PATCH /api/ingest/rejects/:id); audited', tags: ['desk'], body: FixBody, response: { 200: FixResponse, ...errors } } },
    async (request) => {
      const caller = requireCaller(request);
      const ids = request.body.items.map((i) => i.id);
      const sources = await database.withSession((s) => selectRejectSources(s, ids));
      const missing = ids.filter((id) => !sources.has(id));
      if (missing.length > 0) throw new AppError('NOT_FOUND', `No reject ${missing.join(', ')}.`, { ids: missing });
      // All or none are allowed: one foreign row refuses the whole request before anything runs.
      if (ids.some((id) => !canFixRejectsOf(caller, sources.get(id)!))) throw new AppError('FORBIDDEN', 'A rejected row is corrected by the site that sent it or an admin.');
      const results = await fixRejects(database, request.body.items, await hashKey(), refresh);
      await auditAction(database, request, { action: 'desk.reject.fix', recordIds: ids });
      const resolved = results.filter((r) => r.status === 'resolved').length;
      return { resolved, stillOpen: results.length - resolved, results: results.map((r) => ({ id: r.id, status: r.status, errors: r.errors })) };
    });

  app.get('/desk/review', { schema: { summary: 'Held pairs the caller may decide (ward officials: their area; admins: all), with place; audited', tags: ['desk'], querystring: ReviewQuery, response: { 200: ReviewResponse, ...errors } } },
    async (request) => {
      const caller = requireCaller(request);
      if (!canListHeldPairs(caller)) throw new AppError('FORBIDDEN', 'Held pairs are decided by the ward official of the candidate person, or an admin.');
      const all = await listReviews(database, REVIEW_SCAN_LIMIT, 0);
      const places = await database.withSession((s) => selectReviewPlaces(s, all.items.map((i) => i.id)));
      const mine = listOpenReviewsPlaced(all.items, places).filter((item) => canDecideHeldPair(caller, placeOf(places.get(item.id))));
      const items = mine.slice(request.query.offset, request.query.offset + request.query.limit);
      await auditPersonalDataRead(database, request, { recordKind: 'link_review', recordIds: items.map((i) => i.id), unitId: caller.jurisdiction?.unitId ?? null });
      return { total: mine.length, items };
    });

  app.get('/desk/review/decided', { schema: { summary: 'Recently decided pairs the caller may undo', tags: ['desk'], response: { 200: DecidedResponse, ...errors } } },
    async (request) => {
      const caller = requireCaller(request);
      if (!canListHeldPairs(caller)) throw new AppError('FORBIDDEN', 'Held pairs are decided by the ward official of the candidate person, or an admin.');
      const rows = await database.withSession((s) => selectDecided(s, 200));
      const places = await database.withSession((s) => selectReviewPlaces(s, rows.map((r) => Number(r.id))));
      return {
        items: rows.filter((r) => canDecideHeldPair(caller, placeOf(places.get(Number(r.id))))).slice(0, 20).map((r) => ({
          id: Number(r.id), decision: r.decision, decidedAt: new Date(r.decided_at).toISOString(), decidedBy: r.decided_by, score: r.score,
          wardName: places.get(Number(r.id))?.ward_name ?? null,
        })),
      };
    });

  const requirePairDecider = async (request: FastifyRequest, id: number): Promise<Caller> => {
    const caller = requireCaller(request);
    const places = await database.withSession((s) => selectReviewPlaces(s, [id]));
    if (!places.has(id)) throw new AppError('NOT_FOUND', `No review ${id}.`);
    if (!canDecideHeldPair(caller, placeOf(places.get(id)))) throw new AppError('FORBIDDEN', 'This held pair concerns a person outside your jurisdiction.');
    return caller;
  };

  app.post('/desk/review/:id', { schema: { summary: 'Decide a held pair: same person or different people; audited', tags: ['desk'], params: IdParam, body: DecideBody, response: { 200: DecisionResponse, ...errors } } },
    async (request) => {
      const caller = await requirePairDecider(request, request.params.id);
      const result = await decideReview(database, request.params.id, request.body.decision, refresh, caller.userId);
      await auditAction(database, request, { action: `desk.review.${request.body.decision}`, recordIds: [request.params.id] });
      return result;
    });

  app.post('/desk/review/:id/undo', { schema: { summary: 'Undo a decision: the records are held again and the pair is open; audited', tags: ['desk'], params: IdParam, response: { 200: UndoResponse, ...errors } } },
    async (request) => {
      await requirePairDecider(request, request.params.id);
      const result = await undoReviewDecision(database, request.params.id, refresh);
      await auditAction(database, request, { action: 'desk.review.undo', recordIds: [request.params.id] });
      return result;
    });

  app.get('/desk/quality', { schema: { summary: 'The data-quality layer: per district or ward, the share of records unplaced, held, rejected and late, and the last data day', tags: ['desk'], querystring: QualityQuery, response: { 200: QualityResponse, ...errors } } },
    async (request) => {
      if (!canSeeDataQuality(requireCaller(request))) throw new AppError('FORBIDDEN', 'A data source may only send records and fix its own.');
      return { level: request.query.level, lateDays: LATE_DAYS, units: await listUnitQuality(database, request.query.level) };
    });
};
