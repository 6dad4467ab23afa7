// Batch reports, their rejects, and corrections of rejects.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../errors.ts';
import { findBatch } from './batch.repo.ts';
import { BatchBody, CorrectionBody, CorrectionRequest, IdParam, PageQuery, RejectPage } from './ingest.schemas.ts';
import type { IngestRouteOptions } from './ingest.routes.ts';
import { listRejects } from './reject.repo.ts';
import { correctReject } from './reject.service.ts';
import { auditRejectsRead, requireBatchReport, requireOwnReject, requireOwnRejects } from './ingest.access.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export const batchesRoutes: FastifyPluginAsyncTypebox<IngestRouteOptions> = async (app, opts) => {
  app.get('/ingest/batches/:id', {
    schema: { summary: 'What a batch did: inserted, updated, unchanged, held, rejected, unlocated', tags: ['ingest'], params: IdParam, response: { 200: BatchBody, 404: ErrorBody, 503: ErrorBody } },
  }, async (request) => {
    await requireBatchReport(app.ctx.database, request, request.params.id);
    const batch = await app.ctx.database.withSession((s) => findBatch(s, request.params.id));
    if (!batch) throw new AppError('NOT_FOUND', `No batch ${request.params.id}.`);
    return { ...batch.summary, channel: batch.channel, fileName: batch.file_name, error: batch.error, startedAt: iso(batch.started_at) ?? '', finishedAt: iso(batch.finished_at) };
  });

  app.get('/ingest/batches/:id/rejects', {
    schema: { summary: 'Rejected rows of a batch with row number, field and code (paged)', tags: ['ingest'], params: IdParam, querystring: PageQuery, response: { 200: RejectPage, 404: ErrorBody, 503: ErrorBody } },
  }, async (request) => {
    const { database } = app.ctx;
    await requireOwnRejects(database, request, request.params.id);
    const batch = await database.withSession((s) => findBatch(s, request.params.id));
    if (!batch) throw new AppError('NOT_FOUND', `No batch ${request.params.id}.`);
    const page = await database.withSession((s) => listRejects(s, request.params.id, request.query.limit, request.query.offset));
    await auditRejectsRead(database, request, page.items.map((item) => item.id));
    return { ...page, fileName: batch.file_name };
  });

  app.patch('/ingest/rejects/:id', {
    schema: { summary: 'Correct a rejected row: it runs through the pipeline again', tags: ['ingest'], params: IdParam, body: CorrectionRequest, response: { 200: CorrectionBody, 404: ErrorBody, 409: ErrorBody, 503: ErrorBody } },
  }, async (request) => {
    await requireOwnReject(app.ctx.database, request, request.params.id);
    return correctReject(app.ctx.database, request.params.id, request.body.fields, await opts.idHashKey(), opts.onChunkCommitted);
  });
};
