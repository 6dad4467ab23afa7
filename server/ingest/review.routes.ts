// Held record–person pairs and the decisions on them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DecisionBody, DecisionRequest, IdParam, PageQuery, ReviewPage } from './ingest.schemas.ts';
import type { IngestRouteOptions } from './ingest.routes.ts';
import { decideReview, listReviews } from './review.service.ts';
import { auditPersonalDataRead, requireCaller } from '../access/access.plugin.ts';
import { AppError } from '../errors.ts';
import { filterReviewsInJurisdiction, requireReviewInJurisdiction } from './ingest.access.ts';
import { ErrorBody } from '../routes/schema-types.ts';
import { isBoundToJurisdiction } from '../access/policy.ts';

/** Open pairs read at most per request before filtering to the caller's jurisdiction. */
const REVIEW_SCAN_LIMIT = 5_000;

export const reviewRoutes: FastifyPluginAsyncTypebox<IngestRouteOptions> = async (app, opts) => {
  app.get('/ingest/review', {
    schema: { summary: 'Pairs held for review: the incoming record and the candidate side by side, with score contributions', tags: ['ingest'], querystring: PageQuery, response: { 200: ReviewPage, 503: ErrorBody } },
  }, async (request) => {
    const { database } = app.ctx;
    const caller = requireCaller(request);
    if (!isBoundToJurisdiction(caller)) throw new AppError('FORBIDDEN', 'Held pairs are decided by the ward official of the candidate person.');
    // Held pairs concern people: only those inside the official's unit, paged after filtering.
    const all = await listReviews(database, REVIEW_SCAN_LIMIT, 0);
    const inside = await filterReviewsInJurisdiction(database, caller, all.items.map((item) => item.id));
    const mine = all.items.filter((item) => inside.has(item.id));
    const items = mine.slice(request.query.offset, request.query.offset + request.query.limit);
    await auditPersonalDataRead(database, request, { recordKind: 'link_review', recordIds: items.map((item) => item.id), unitId: caller.jurisdiction?.unitId ?? null });
    return { total: mine.length, items };
  });

  app.post('/ingest/review/:id', {
    schema: { summary: 'Decide a held pair: same (link to the candidate) or different (a new person); remembered', tags: ['ingest'], params: IdParam, body: DecisionRequest, response: { 200: DecisionBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody } },
  }, async (request) => {
    const caller = await requireReviewInJurisdiction(app.ctx.database, request, request.params.id);
    return decideReview(app.ctx.database, request.params.id, request.body.decision, opts.onChunkCommitted, caller.userId);
  });
};
