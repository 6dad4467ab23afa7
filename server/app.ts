// Builds the Fastify app without listening: tests call app.inject on the
// real app, main.ts owns the process. Routes are thin plugins, one
// <feature>.routes.ts in each feature's folder (server/README.md lists them).
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { AppError, DATABASE_RETRY_AFTER_SECONDS, ERRORS, isDatabaseUnavailable, isInvalidInputFromDatabase } from './errors.ts';
import { registerDepthLimitedJsonParser } from './routes/json-limits.ts';
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
import { staleClaimSecondsOf } from './national/push.service.ts';
import { createStartupRecovery, type StartupRecovery, type StartupRecoveryOptions } from './recovery/startup-recovery.ts';
// desk, administration and alerts (issue 17)
import { adminConsoleRoutes } from './admin/admin-console.routes.ts';
import { deskRoutes } from './desk/desk.routes.ts';
import { alertsPlugin } from './alerts/alerts.plugin.ts';

export interface AppContext {
  config: Config;
  database: Database;
  /** Live events of this process; buildApp creates one (and closes it) when not given. */
  live?: LiveBus;
  /** Refreshes rollups after ingest commits (wire ingest's onChunkCommitted to aggregator.onChunkCommitted); created when not given. */
  aggregator?: Aggregator;
  /** Household-tile audit window (default a minute; server/tiles/tile-audit.ts). */
  audit?: { householdTileWindowMs?: number };
  /** Start-up recovery settings (tests shorten the batch lease). */
  recovery?: Pick<StartupRecoveryOptions, 'batchLeaseSeconds' | 'reportLeaseSeconds'>;
}

/** The context routes see: everything present. */
export interface AppServices extends AppContext {
  live: LiveBus;
  aggregator: Aggregator;
  /** What a crash left, finished on start (server/recovery). */
  startup: StartupRecovery;
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
      // An impossible date passes the YYYY-MM-DD pattern; say what is wrong with it in words.
      const say = (v: (typeof error.validation)[number]) => (v.keyword === 'format' && (v.params as { format?: string }).format === 'date'
        ? 'is not a calendar date (YYYY-MM-DD)' : v.message);
      return reply.status(400).send({
        code: 'BAD_REQUEST',
        message: `${error.validationContext ?? 'request'} ${error.validation.map((v) => `${v.instancePath || '/'} ${say(v)}`).join('; ')}`,
        details: error.validation.map((v) => ({ path: v.instancePath, message: say(v) })),
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply.status(503).header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS)).send({ code: 'DATABASE_UNAVAILABLE', message: ERRORS.DATABASE_UNAVAILABLE.message, details: null });
    }
    if (error.statusCode === 429) {
      // harden-faults: @fastify/rate-limit throws what its errorResponseBuilder made (security.plugin.ts); keep its code and message.
      return reply.status(429).send({ code: 'RATE_LIMITED', message: error.message || ERRORS.RATE_LIMITED.message, details: null });
    }
    if (isInvalidInputFromDatabase(error)) {
      // harden-input (#15): a value PostgreSQL cannot take (out of range, impossible date) is the request's fault.
      request.log.warn({ err: error }, 'value refused by the database');
      return reply.status(400).send({ code: 'INPUT_VALUE_INVALID', message: ERRORS.INPUT_VALUE_INVALID.message, details: { sqlState: (error as { code?: string }).code } });
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
  const startup = createStartupRecovery(ctx.database, {
    aggregator,
    pushStaleSeconds: staleClaimSecondsOf(ctx.config.national),
    ...ctx.recovery,
    onError: (error) => app.log.error({ err: error }, 'start-up recovery failed'),
    onRecovered: (summary) => app.log.info({ recovered: summary }, 'start-up recovery done'),
  });
  app.decorate('ctx', { ...ctx, live, aggregator, startup });
  app.addHook('onReady', async () => startup.start());
  app.addHook('onClose', async () => {
    await startup.close();
    if (!ctx.aggregator) await aggregator.close();
    if (!ctx.live) await live.close();
  });
  renderError(app);
  registerDepthLimitedJsonParser(app);

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
  // desk, administration and alerts (issue 17)
  await app.register(adminConsoleRoutes, { prefix: '/api' });
  await app.register(deskRoutes, { prefix: '/api' });
  await app.register(alertsPlugin);
  await serveClient(app, ctx.config.clientDir);
  return app;
}
