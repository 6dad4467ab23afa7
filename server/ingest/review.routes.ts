// Held record–person pairs and the decisions on them.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DecisionBody, DecisionRequest, ErrorBody, IdParam, PageQuery, ReviewPage } from './ingest.schemas.ts';
import type { IngestRouteOptions } from './ingest.routes.ts';
import { decideReview, listReviews } from './review.service.ts';

export const reviewRoutes: FastifyPluginAsyncTypebox<IngestRouteOptions> = async (app, opts) => {
  app.get('/ingest/review', {
    schema: { summary: 'Pairs held for review: the incoming record and the candidate side by side, with score contributions', tags: ['ingest'], querystring: PageQuery, response: { 200: ReviewPage, 503: ErrorBody } },
  }, async (request) => listReviews(app.ctx.database, request.query.limit, request.query.offset));

  app.post('/ingest/review/:id', {
    schema: { summary: 'Decide a held pair: same (link to the candidate) or different (a new person); remembered', tags: ['ingest'], params: IdParam, body: DecisionRequest, response: { 200: DecisionBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody } },
  }, async (request) => decideReview(app.ctx.database, request.params.id, request.body.decision, opts.onChunkCommitted));
};
