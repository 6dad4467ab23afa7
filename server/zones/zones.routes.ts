// Saved zones: create from units or a polygon (drawn or uploaded GeoJSON),
// list, read, delete. Checks live in zones.service.ts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireCaller } from '../access/access.plugin.ts';
import { createPolygonZone, createUnitsZone, listZones, readZone, removeZone, type ZoneUnitLevel } from './zones.service.ts';
import { CreateZoneBody, ZoneListResponse, ZoneParams, ZoneResponse } from './zones.schemas.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export const zonesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;

  app.post('/zones', {
    schema: { summary: 'Save a zone: {name, unitIds} or {name, geometry (GeoJSON polygon / FeatureCollection), level?}', tags: ['zones'], body: CreateZoneBody, response: { 201: ZoneResponse, ...errors } },
  }, async (request, reply) => {
    const caller = requireCaller(request);
    const body = request.body as { name: string; unitIds?: number[]; geometry?: unknown; level?: ZoneUnitLevel; shared?: boolean };
    const zone = body.unitIds
      ? await createUnitsZone(database, caller, { name: body.name, unitIds: body.unitIds, shared: body.shared })
      : await createPolygonZone(database, caller, { name: body.name, geometry: body.geometry, level: body.level, shared: body.shared });
    return reply.status(201).send(zone);
  });

  app.get('/zones', {
    schema: { summary: 'Zones the caller owns, and shared ones (all for an admin)', tags: ['zones'], response: { 200: ZoneListResponse, 401: ErrorBody } },
  }, async (request) => ({ zones: await listZones(database, requireCaller(request)) }));

  app.get('/zones/:id', {
    schema: { summary: 'One zone', tags: ['zones'], params: ZoneParams, response: { 200: ZoneResponse, ...errors } },
  }, async (request) => readZone(database, requireCaller(request), request.params.id));

  app.delete('/zones/:id', {
    schema: { summary: 'Delete a zone (owner or admin) and its reports', tags: ['zones'], params: ZoneParams, response: { 204: Type.Null(), ...errors } },
  }, async (request, reply) => {
    await removeZone(database, requireCaller(request), request.params.id);
    return reply.status(204).send(null);
  });
};

