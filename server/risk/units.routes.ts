// Units with their risk: a level as columns, one unit, its children, its
// history, its capacity inputs and (blocks) its households.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { UnitLevel } from '../../geo/risk/index.ts';
import { auditPersonalDataRead, requireCaller } from '../access/access.plugin.ts';
import { requireUnitAggregates, requireUnitPersonalData } from '../access/guards.ts';
import { canAdminister } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import { shapeChildren, shapeHistory, shapeLevelColumns, shapeUnitDetail } from './units.access.ts';
import { listCapacity, saveCapacity } from './capacity.service.ts';
import { replyNotModified, replyNotModifiedAt } from './etag.ts';
import { createLevelAnswerCache, viewKeyOf } from './level-answer-cache.ts';
import { selectLastLiveEventId } from '../live/live.repo.ts';
import { gradeBlockHouseholds } from './households.service.ts';
import { describeHistory, describeUnit, listChildUnits } from './unit-risk.service.ts';
import { createLevelColumnsCache } from './level-columns-cache.ts';
import { selectBlockHouseholdPlaces } from './household-places.repo.ts';
import { childLevelOf, resolveRuleSetId } from './view-profiles.service.ts';
import {
  CapacityBody, CapacityResponse, ChildrenQuery, ChildrenResponse, DateRuleSetQuery, HistoryQuery, HistoryResponse,
  HouseholdsResponse, LevelQuery, UnitColumnsResponse, UnitDetailResponse, UnitParams,
} from './units.schemas.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export const unitsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.ctx;
  const threshold = config.suppressBelow;
  const read = <T>(fn: Parameters<typeof database.withSession<T>>[0]) => database.withSession(fn);
  const levelColumns = createLevelColumnsCache(database); // harden-faults (#15 pt 8): one computation per data version
  const levelAnswers = createLevelAnswerCache();

  app.get('/units', {
    schema: { summary: 'Every unit of a level with its tier and key indicators on a date (columnar)', tags: ['risk'], querystring: LevelQuery, response: { 200: UnitColumnsResponse, ...errors } },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const version = await database.withSession(selectLastLiveEventId);
    if (await replyNotModifiedAt(version, request, reply)) return reply;
    const { level, date } = request.query;
    const ruleSet = await resolveRuleSetId(database, request.query, level as UnitLevel);
    // harden (#15 pt 8): the answer as sent, once per data version and view (level-answer-cache.ts).
    const body = await levelAnswers.get(version, `${level}|${date}|${ruleSet ?? ''}|${viewKeyOf(caller)}`, async () => {
      const columns = await levelColumns.get(level as UnitLevel, date, ruleSet);
      return reply.serialize(await shapeLevelColumns(database, caller, level as UnitLevel, columns, threshold)) as string;
    });
    return reply.type('application/json; charset=utf-8').send(body as never); // already serialised by the route's serializer
  });

  app.get('/units/:id', {
    schema: { summary: 'One unit: indicators, tier, reasons, summary and recent history', tags: ['risk'], params: UnitParams, querystring: DateRuleSetQuery, response: { 200: UnitDetailResponse, ...errors } },
  }, async (request, reply) => {
    const { caller, place } = await requireUnitAggregates(database, request, request.params.id);
    if (await replyNotModified(database, request, reply)) return reply;
    const ruleSet = await resolveRuleSetId(database, request.query, place.level);
    const detail = await read((s) => describeUnit(s, request.params.id, request.query.date, ruleSet));
    return shapeUnitDetail(database, caller, place, detail, threshold);
  });

  app.get('/units/:id/children', {
    schema: { summary: 'Children of a unit with their tiers, riskiest first', tags: ['risk'], params: UnitParams, querystring: ChildrenQuery, response: { 200: ChildrenResponse, ...errors } },
  }, async (request, reply) => {
    const { caller, place } = await requireUnitAggregates(database, request, request.params.id);
    if (await replyNotModified(database, request, reply)) return reply;
    const { date, sort } = request.query;
    const ruleSet = await resolveRuleSetId(database, request.query, childLevelOf(place.level));
    const answer = await read((s) => listChildUnits(s, request.params.id, date, ruleSet, sort ?? 'tier'));
    return { ...answer, children: await shapeChildren(database, caller, answer.children, date, threshold) };
  });

  app.get('/units/:id/history', {
    schema: { summary: 'Tiers (daily or at weekly assessments) and daily counts between two dates', tags: ['risk'], params: UnitParams, querystring: HistoryQuery, response: { 200: HistoryResponse, ...errors } },
  }, async (request, reply) => {
    const { caller, place } = await requireUnitAggregates(database, request, request.params.id);
    if (await replyNotModified(database, request, reply)) return reply;
    const { from, to, assessment } = request.query;
    const ruleSet = await resolveRuleSetId(database, request.query, place.level);
    const history = await read((s) => describeHistory(s, request.params.id, from, to, ruleSet, assessment ?? 'daily'));
    return shapeHistory(database, caller, place, history, threshold);
  });

  app.get('/units/:id/capacity', {
    schema: { summary: 'Capacity inputs of a unit, by date', tags: ['risk'], params: UnitParams, response: { 200: CapacityResponse } },
  }, async (request) => {
    await requireUnitAggregates(database, request, request.params.id);
    return read((s) => listCapacity(s, request.params.id));
  });

  app.put('/units/:id/capacity', {
    schema: { summary: 'Enter treatment capacity (MoH 4800) / response capacity (MoH 218) from a date; regrades the unit', tags: ['risk'], params: UnitParams, body: CapacityBody, response: { 200: CapacityResponse, ...errors } },
  }, async (request) => {
    if (!canAdminister(requireCaller(request))) throw new AppError('FORBIDDEN', 'Only an admin enters capacity inputs.');
    const body = request.body;
    return saveCapacity(database, app.ctx.live, request.params.id, {
      effectiveFrom: body.effectiveFrom, treatmentCapacityMet: body.treatmentCapacityMet ?? null, responseCapacity: body.responseCapacity ?? null,
    });
  });

  app.get('/units/:id/households', {
    schema: { summary: 'Households of a block with flags and tier (ids only, no names)', tags: ['risk'], params: UnitParams, querystring: DateRuleSetQuery, response: { 200: HouseholdsResponse, ...errors } },
  }, async (request, reply) => {
    await requireUnitPersonalData(database, request, request.params.id);
    if (await replyNotModified(database, request, reply)) return reply;
    const graded = await read((s) => gradeBlockHouseholds(s, request.params.id, request.query.date));
    const places = await read((s) => selectBlockHouseholdPlaces(s, request.params.id));
    const households = graded.map((h) => ({ ...h, address: places.get(h.householdId)?.address, position: places.get(h.householdId)?.position ?? null }));
    await auditPersonalDataRead(database, request, { recordKind: 'household', recordIds: households.map((h) => h.householdId), unitId: request.params.id });
    return { date: request.query.date, households };
  });
};
