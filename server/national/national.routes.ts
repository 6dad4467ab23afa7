// /api/national/*: the push report for admins and city leaders, and a push
// run on an admin's request.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { requireCaller } from '../access/access.plugin.ts';
import { type Caller, canAdminister, canSeeNationalPush } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import { describePushStatus, listRejections } from './national.service.ts';
import { PageQuery, PushRequest, PushResponse, RejectionsResponse, StatusResponse } from './national.schemas.ts';
import type { NationalPusher } from './pusher.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const errors = { 401: ErrorBody, 403: ErrorBody };

function requireReportReader(request: FastifyRequest): Caller {
  const caller = requireCaller(request);
  if (!canSeeNationalPush(caller)) throw new AppError('FORBIDDEN', 'The national push report is for admins and city leaders.');
  return caller;
}

export const nationalRoutes: FastifyPluginAsyncTypebox<{ pusher: NationalPusher }> = async (app, opts) => {
  const { database, config } = app.ctx;

  app.get('/national/status', {
    schema: { summary: 'National push: records by status, the oldest still waiting, the last run', tags: ['national'], response: { 200: StatusResponse, ...errors } },
  }, async (request) => {
    requireReportReader(request);
    return describePushStatus(database, config);
  });

  app.get('/national/rejections', {
    schema: { summary: 'Records the national system refused, newest first, with its OperationOutcome issues (no names or ID numbers)', tags: ['national'], querystring: PageQuery, response: { 200: RejectionsResponse, ...errors } },
  }, async (request) => {
    requireReportReader(request);
    return listRejections(database, request.query.limit, request.query.offset);
  });

  app.post('/national/push', {
    schema: { summary: 'Run the national push now (admin); answers with the run summary', tags: ['national'], body: PushRequest, response: { 200: PushResponse, 409: ErrorBody, ...errors } },
  }, async (request) => {
    if (!canAdminister(requireCaller(request))) throw new AppError('FORBIDDEN', 'Only an admin starts a national push.');
    return opts.pusher.runNow({ trigger: 'api', retryFailed: request.body?.retryFailed ?? false, ...(request.body?.limit ? { limit: request.body.limit } : {}) });
  });
};
