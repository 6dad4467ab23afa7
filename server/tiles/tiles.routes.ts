// GET /tiles/{layer}/{z}/{x}/{y}.mvt and /tiles/{layer}.json. See tiles.layers.ts for zooms.
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireCaller } from '../access/access.plugin.ts';
import { personalDataScope } from '../access/guards.ts';
import { sendsRecordsOnly } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import { findTileLayer } from './tiles.layers.ts';
import { createTileAudit } from './tile-audit.ts';
import { createTileServer, listTileHouseholdIds } from './tiles.service.ts';
import { describeTileSource } from './tilejson.service.ts';
import { NoBody, TileBody, TileJsonParams, TileJsonResponse, TileParams, TileQuery } from './tiles.schemas.ts';
import { ErrorBody } from '../routes/schema-types.ts';

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile';

const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

export const tilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tiles = createTileServer(app.ctx.database);
  const audit = createTileAudit(app.ctx.database, {
    windowMs: app.ctx.audit?.householdTileWindowMs,
    onError: (error) => app.log.error({ err: error }, 'household tile audit could not be written; kept for the next window'),
  });
  app.addHook('onClose', async () => audit.flush());
  // Household tiles have their own bucket per caller (unit tiles are exempt: cached, cheap, dozens a view).
  const householdTileLimit = {
    max: app.ctx.config.householdTileRateLimitPerMinute,
    timeWindow: '1 minute',
    groupId: 'household-tiles',
    allowList: (request: FastifyRequest) => findTileLayer((request.params as { layer?: string }).layer ?? '')?.kind !== 'household',
  };

  app.get(
    '/:layer/:z/:x/:y.mvt',
    {
      config: { rateLimit: householdTileLimit },
      schema: {
        summary: 'A vector tile of units or households (Mapbox Vector Tile 2.1, extent 4096)',
        tags: ['tiles'],
        params: TileParams,
        querystring: TileQuery,
        response: { 200: TileBody, 204: NoBody, 304: NoBody, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const { layer, z, x, y } = request.params;
      const caller = requireCaller(request);
      if (sendsRecordsOnly(caller)) throw new AppError('FORBIDDEN', 'A data source may only send records.');
      const households = findTileLayer(layer)?.kind === 'household';
      const householdScope = households ? personalDataScope(caller) : null;
      const served = await tiles.serve({ layer, tile: { z, x, y }, version: request.query.v, ifNoneMatch: request.headers['if-none-match'], householdScope });
      if (households && householdScope && served.status === 200) {
        const ids = await app.ctx.database.withSession((s) => listTileHouseholdIds(s, { z, x, y }, householdScope));
        audit.record(request, ids, caller.jurisdiction?.unitId ?? null);
      }
      reply.status(served.status).header('ETag', served.etag).header('Cache-Control', served.cacheControl).header('Vary', 'Accept-Encoding');
      if (served.status !== 200) return reply.send(null);
      return reply.type(MVT_CONTENT_TYPE).send(Buffer.from(served.bytes.buffer, served.bytes.byteOffset, served.bytes.byteLength));
    },
  );

  app.get(
    '/:layer.json',
    {
      schema: {
        summary: 'TileJSON 3.0 of a tile source: tiles URL with the boundary version, bounds, zooms, vector layers and fields',
        tags: ['tiles'],
        params: TileJsonParams,
        response: { 200: TileJsonResponse, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request, reply) => {
      requireCaller(request);
      reply.header('Cache-Control', 'no-cache');
      return describeTileSource(app.ctx.database, request.params.layer, originOf(request));
    },
  );
};
