// Zone reports: ask for one (202 + job), follow its progress, fetch the file.
// The queue lives with the app: started on ready, drained on close.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireCaller } from '../access/access.plugin.ts';
import { ZoneParams } from '../zones/zones.schemas.ts';
import { ReportQueue } from './report-queue.ts';
import { readJob, readJobFile, requestReport, type ReportBody as Body } from './reports.service.ts';
import { JobParams, JobResponse, ReportBody, ReportFile } from './reports.schemas.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export const reportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.ctx;
  const queue = new ReportQueue(database, config.suppressBelow, (error) => app.log.warn({ err: error }, 'zone report failed'));
  app.addHook('onReady', async () => queue.start());
  app.addHook('onClose', async () => queue.close());

  app.post('/zones/:id/reports', {
    schema: { summary: 'Ask for a zone report (pdf, xlsx, csv, geojson) for a date or a period; runs in the background', tags: ['reports'], params: ZoneParams, body: ReportBody, response: { 202: JobResponse, 422: ErrorBody, ...errors } },
  }, async (request, reply) => {
    const job = await requestReport(database, queue, requireCaller(request), request.params.id, request.body as Body);
    return reply.status(202).header('Location', `/api/reports/${job.id}`).send(job);
  });

  app.get('/reports/:id', {
    schema: { summary: 'A report job: status, progress (units done / total), error', tags: ['reports'], params: JobParams, response: { 200: JobResponse, ...errors } },
  }, async (request) => readJob(database, requireCaller(request), request.params.id));

  app.get('/reports/:id/file', {
    schema: { summary: 'The finished report file (only its creator or an admin)', tags: ['reports'], params: JobParams, response: { 200: ReportFile, 409: ErrorBody, ...errors } },
  }, async (request, reply) => {
    const file = await readJobFile(database, requireCaller(request), request.params.id);
    return reply
      .type(file.contentType)
      .header('Content-Disposition', `attachment; filename="${file.fileName}"`)
      .header('Cache-Control', 'private, no-store')
      .send(file.file);
  });
};
