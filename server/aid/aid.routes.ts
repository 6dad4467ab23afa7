// Aid rounds: create, list, read, households (ward officials, audited), CSV,
// delivery marks and per-unit progress for the map.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { auditPersonalDataRead, requireCaller } from '../access/access.plugin.ts';
import { csvUnitIds, householdsCsv } from './aid-csv.ts';
import { selectUnitNames } from './aid.repo.ts';
import { createRound, findRound, listRounds, toRoundView } from './aid.service.ts';
import {
  CreateRoundBody, CsvQuery, DeliveryParams, DeliveryResponse, HouseholdsQuery, HouseholdsResponse, ProgressQuery, ProgressResponse,
  RoundParams, RoundResponse, RoundsResponse,
} from './aid.schemas.ts';
import { listRoundHouseholds, roundProgress, setDelivery } from './round-households.service.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const tags = ['aid'];

export const aidRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.ctx;
  const threshold = config.suppressBelow;

  app.post('/aid-rounds', {
    schema: { summary: 'Create an aid round: the households of a zone meeting criteria on a date, frozen now', tags, body: CreateRoundBody, response: { 201: RoundResponse, ...errors } },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const round = await createRound(database, caller, request.body);
    return reply.status(201).send(await toRoundView(database, caller, round, threshold));
  });

  app.get('/aid-rounds', {
    schema: { summary: 'Aid rounds the caller may see, newest first', tags, response: { 200: RoundsResponse, ...errors } },
  }, async (request) => ({ rounds: await listRounds(database, requireCaller(request), threshold) }));

  app.get('/aid-rounds/:id', {
    schema: { summary: 'One aid round: criteria, household and delivered counts', tags, params: RoundParams, response: { 200: RoundResponse, ...errors } },
  }, async (request) => {
    const caller = requireCaller(request);
    return toRoundView(database, caller, await findRound(database, caller, request.params.id), threshold);
  });

  app.get('/aid-rounds/:id/households', {
    schema: { summary: 'Households of the round in your ward/district: address, members, flags, delivery (ward officials; audited)', tags, params: RoundParams, querystring: HouseholdsQuery, response: { 200: HouseholdsResponse, ...errors } },
  }, async (request) => {
    const caller = requireCaller(request);
    const { unitId, status, limit = 100, offset = 0 } = request.query;
    const page = await listRoundHouseholds(database, caller, request.params.id, { unitId, status, limit, offset });
    await auditPersonalDataRead(database, request, { recordKind: 'household', recordIds: page.households.map((h) => h.householdId), unitId: unitId ?? null });
    return { roundId: request.params.id, total: page.total, limit, offset, households: page.households };
  });

  app.get('/aid-rounds/:id/households.csv', {
    schema: { summary: 'The household list as CSV (ward officials; audited)', tags, params: RoundParams, querystring: CsvQuery, produces: ['text/csv'], response: { 200: Type.String({ description: 'CSV, UTF-8 with BOM' }), ...errors } },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const { unitId, status } = request.query;
    const list = await listRoundHouseholds(database, caller, request.params.id, { unitId, status, all: true });
    await auditPersonalDataRead(database, request, { recordKind: 'household', recordIds: list.households.map((h) => h.householdId), unitId: unitId ?? null });
    return reply
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="aid-round-${request.params.id}.csv"`)
      .header('Cache-Control', 'no-store')
      .send(householdsCsv(list.households, await database.withSession((s) => selectUnitNames(s, csvUnitIds(list.households)))));
  });

  app.post('/aid-rounds/:id/households/:householdId/delivery', {
    schema: { summary: 'Mark a household delivered (idempotent: marking again keeps the first time)', tags, params: DeliveryParams, response: { 200: DeliveryResponse, ...errors } },
  }, async (request) => setDelivery(database, requireCaller(request), request.params.id, request.params.householdId, true, app.ctx.live));

  app.delete('/aid-rounds/:id/households/:householdId/delivery', {
    schema: { summary: 'Undo a delivery mark (idempotent)', tags, params: DeliveryParams, response: { 200: DeliveryResponse, ...errors } },
  }, async (request) => setDelivery(database, requireCaller(request), request.params.id, request.params.householdId, false, app.ctx.live));

  app.get('/aid-rounds/:id/progress', {
    schema: { summary: 'Households and deliveries per unit of a level, for the map', tags, params: RoundParams, querystring: ProgressQuery, response: { 200: ProgressResponse, ...errors } },
  }, async (request) => roundProgress(database, requireCaller(request), request.params.id, request.query.level ?? 'block', threshold));
};
