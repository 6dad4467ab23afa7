// OGC API – Features Part 1 at /ogc. JSON only; see ogc.service.ts.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CollectionParams,
  CollectionResponse,
  CollectionsResponse,
  ConformanceResponse,
  FormatQuery,
  ItemParams,
  ItemQuery,
  ItemResponse,
  ItemsQuery,
  ItemsResponse,
  LandingResponse,
} from './ogc.schemas.ts';
import { checkFormat, CONFORMANCE_CLASSES, describeCollections, describeLanding, describeOneCollection, GEOJSON_TYPE, getItem, listItems, resolveOgcViewer, type CollectionId } from './ogc.service.ts';
import { requireCaller } from '../access/access.plugin.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
const tags = ['ogc'];

export const ogcRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;

  app.get('', { schema: { summary: 'OGC API landing page', tags, querystring: FormatQuery, response: { 200: LandingResponse, 400: ErrorBody } } }, async (request) => {
    checkFormat(request.query.f);
    return describeLanding(originOf(request));
  });

  app.get('/conformance', { schema: { summary: 'Conformance classes', tags, querystring: FormatQuery, response: { 200: ConformanceResponse, 400: ErrorBody } } }, async (request) => {
    checkFormat(request.query.f);
    return { conformsTo: CONFORMANCE_CLASSES };
  });

  app.get('/collections', { schema: { summary: 'One collection per unit level', tags, querystring: FormatQuery, response: { 200: CollectionsResponse, 400: ErrorBody } } }, async (request) => {
    requireCaller(request);
    checkFormat(request.query.f);
    return describeCollections(database, originOf(request));
  });

  app.get(
    '/collections/:collectionId',
    { schema: { summary: 'A collection', tags, params: CollectionParams, querystring: FormatQuery, response: { 200: CollectionResponse, 400: ErrorBody, 404: ErrorBody } } },
    async (request) => {
      requireCaller(request);
      checkFormat(request.query.f);
      return describeOneCollection(database, originOf(request), request.params.collectionId);
    },
  );

  app.get(
    '/collections/:collectionId/items',
    {
      schema: {
        summary: 'Units of a level as GeoJSON, with bbox, datetime (tier day), limit and offset paging',
        tags,
        params: CollectionParams,
        querystring: ItemsQuery,
        response: { 200: ItemsResponse, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (request, reply) => {
      const { f, bbox, datetime, limit, offset } = request.query;
      checkFormat(f);
      const caller = requireCaller(request);
      const viewer = (collection: CollectionId) => resolveOgcViewer(caller, collection, app.ctx.config.suppressBelow);
      const page = await listItems(database, originOf(request), { viewer, collectionId: request.params.collectionId, bbox, datetime, limit, offset }, new Date());
      return reply.type(GEOJSON_TYPE).send(page);
    },
  );

  app.get(
    '/collections/:collectionId/items/:featureId',
    { schema: { summary: 'One unit as a GeoJSON feature', tags, params: ItemParams, querystring: ItemQuery, response: { 200: ItemResponse, 400: ErrorBody, 404: ErrorBody } } },
    async (request, reply) => {
      checkFormat(request.query.f);
      const caller = requireCaller(request);
      const viewer = (collection: CollectionId) => resolveOgcViewer(caller, collection, app.ctx.config.suppressBelow);
      const feature = await getItem(database, originOf(request), request.params.collectionId, request.params.featureId, request.query.datetime, viewer);
      return reply.type(GEOJSON_TYPE).send(feature);
    },
  );
};
