// Hardening that applies to every route: security headers (a strict CSP that
// still lets MapLibre run its workers from blob: URLs), and a request rate
// limit per signed-in user (per address for anonymous calls). Unit tiles are
// exempt from the rate limit: one map view asks for dozens of them, and they
// are cached and cheap; household tiles have their own bucket (tiles.routes.ts).
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';

export const securityPlugin = fp(async (app: FastifyInstance, options: { config: Config }) => {
  const basemapOrigin = options.config.basemapStyleUrl?.startsWith('http') ? new URL(options.config.basemapStyleUrl).origin : null;
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        childSrc: ["'self'", 'blob:'],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        connectSrc: ["'self'", ...(basemapOrigin ? [basemapOrigin] : [])],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyRateLimit, {
    max: options.config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // Per signed-in user or API key's user (routes run after the access plugin identified the caller), so an
    // office behind one proxy does not share one bucket; anonymous calls count per address.
    keyGenerator: (request) => (request.caller ? `user:${request.caller.userId}` : `address:${request.ip}`),
    allowList: (request) => request.url.startsWith('/tiles/'),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `Too many requests: at most ${context.max} a minute; try again in ${Math.ceil(context.ttl / 1000)} s.`,
      details: null,
    }),
  });
});
