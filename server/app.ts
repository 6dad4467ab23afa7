// Builds the Fastify app without listening: tests call app.inject on the
// real app, main.ts owns the process. Routes are thin plugins under routes/.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { AppError, ERRORS, isDatabaseUnavailable } from './errors.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { securityPlugin } from './access/security.plugin.ts';
import { accessPlugin } from './access/access.plugin.ts';
import { authRoutes } from './access/auth.routes.ts';
import { adminRoutes } from './access/admin.routes.ts';
import { Aggregator } from './aggregate/aggregator.ts';
import { createLiveBus, type LiveBus } from './live/live-bus.ts';
import { liveRoutes } from './live/live.routes.ts';
import { householdsRoutes } from './risk/households.routes.ts';
import { viewProfilesRoutes } from './risk/view-profiles.routes.ts';
import { ruleSetsRoutes } from './risk/rule-sets.routes.ts';
import { unitsRoutes } from './risk/units.routes.ts';
import { tilesRoutes } from './tiles/tiles.routes.ts';
import { ogcRoutes } from './ogc/ogc.routes.ts';
import { ingestPlugin } from './ingest/ingest.plugin.ts';
import { searchRoutes } from './search/search.routes.ts';
import { clientConfigRoutes } from './client-config.routes.ts';
import { aidRoutes } from './aid/aid.routes.ts';
import { zonesRoutes } from './zones/zones.routes.ts';
import { reportsRoutes } from './reports/reports.routes.ts';
import { nationalPlugin } from './national/national.plugin.ts';

export interface AppContext {
  config: Config;
  database: Database;
  /** Live events of this process; buildApp creates one (and closes it) when not given. */
  live?: LiveBus;
  /** Refreshes rollups after ingest commits (wire ingest's onChunkCommitted to aggregator.onChunkCommitted); created when not given. */
  aggregator?: Aggregator;
}

/** The context routes see: everything present. */
export interface AppServices extends AppContext {
  live: LiveBus;
  aggregator: Aggregator;
}

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppServices;
  }
}

const BODY_LIMIT_BYTES = 1024 * 1024;

function renderError(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.status).send({ code: error.code, message: error.message, details: error.details ?? null });
    }
    if (error.validation) {
      return reply.status(400).send({
        code: 'BAD_REQUEST',
        message: `${error.validationContext ?? 'request'} ${error.validation.map((v) => `${v.instancePath || '/'} ${v.message}`).join('; ')}`,
        details: error.validation.map((v) => ({ path: v.instancePath, message: v.message })),
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply.status(503).header('Retry-After', '5').send({ code: 'DATABASE_UNAVAILABLE', message: ERRORS.DATABASE_UNAVAILABLE.message, details: null });
    }
    if (error.statusCode === 413) {
      return reply.status(413).send({ code: 'PAYLOAD_TOO_LARGE', message: ERRORS.PAYLOAD_TOO_LARGE.message, details: null });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ code: 'BAD_REQUEST', message: error.message, details: null });
    }
    // 5xx: log everything, show nothing of the internals.
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ code: 'INTERNAL', message: ERRORS.INTERNAL.message, details: null });
  });
}

/** The dashboard: the built client when present, else a page saying how to build it. */
async function serveClient(app: FastifyInstance, clientDir: string) {
  const indexFile = path.join(clientDir, 'index.html');
  const built = fs.existsSync(indexFile);
  if (built) {
    await app.register(fastifyStatic, { root: clientDir, wildcard: false, index: ['index.html'], maxAge: '1h' });
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    if (request.method !== 'GET' || /^\/(api|tiles|ogc|fhir)(\/|$)/.test(url)) {
      return reply.status(404).send({ code: 'NOT_FOUND', message: `No route for ${request.method} ${url.split('?')[0]}`, details: null });
    }
    if (!built) {
      return reply
        .status(503)
        .type('text/html; charset=utf-8')
        .send('<!doctype html><meta charset="utf-8"><title>riskmap</title><p>The dashboard is not built yet: run <code>npm run build</code> (or <code>npm start</code>, which builds it).</p>');
    }
    // Client-side routes (deep links) get the app shell.
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}

export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    logger: ctx.config.logLevel === 'silent' ? false : { level: ctx.config.logLevel },
    bodyLimit: BODY_LIMIT_BYTES,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  const live = ctx.live ?? (await createLiveBus(ctx.database, ctx.config.databaseUrl));
  const aggregator = ctx.aggregator ?? new Aggregator(ctx.database, { live, onError: (error) => app.log.error({ err: error }, 'aggregate refresh failed') });
  app.decorate('ctx', { ...ctx, live, aggregator });
  app.addHook('onClose', async () => {
    if (!ctx.aggregator) await aggregator.close();
    if (!ctx.live) await live.close();
  });
  renderError(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'riskmap API', version: '0.1.0', description: "A city's epidemic risk map, down to the household." },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(securityPlugin, { config: ctx.config });
  await app.register(accessPlugin, { database: ctx.database });
  await app.register(healthRoutes, { prefix: '/api' });
  await app.register(authRoutes, { prefix: '/api' });
  await app.register(adminRoutes, { prefix: '/api' });
  await app.register(unitsRoutes, { prefix: '/api' });
  await app.register(ruleSetsRoutes, { prefix: '/api' });
  // field-households (#16): view profiles and one household.
  await app.register(viewProfilesRoutes, { prefix: '/api' });
  await app.register(householdsRoutes, { prefix: '/api' });
  await app.register(liveRoutes, { prefix: '/api' });
  await app.register(tilesRoutes, { prefix: '/tiles' });
  await app.register(ogcRoutes, { prefix: '/ogc' });
  await app.register(ingestPlugin);
  await app.register(searchRoutes, { prefix: '/api' });
  await app.register(clientConfigRoutes, { prefix: '/api' });
  await app.register(aidRoutes, { prefix: '/api' });
  await app.register(zonesRoutes, { prefix: '/api' });
  await app.register(reportsRoutes, { prefix: '/api' });
  await app.register(nationalPlugin);
  await serveClient(app, ctx.config.clientDir);
  return app;
}
