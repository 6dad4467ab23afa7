// The ingest API in one plugin (registered once in app.ts): JSON and file
// channels, batches and rejects, review, and FHIR at /fhir.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { resolveIdHashKey } from '../runtime.ts';
import { batchesRoutes } from './batches.routes.ts';
import { fhirRoutes } from './fhir.routes.ts';
import { ingestRoutes, type IngestRouteOptions } from './ingest.routes.ts';
import { reviewRoutes } from './review.routes.ts';
import { unplacedRoutes } from './unplaced.routes.ts';

/** Upload limits: one file per request, at most this many bytes. */
const UPLOAD_LIMITS = { files: 1, fileSize: 512 * 1024 * 1024, fields: 10 };

export const ingestPlugin: FastifyPluginAsyncTypebox = async (app) => {
  let key: Promise<string> | null = null;
  const options: IngestRouteOptions = {
    idHashKey: () => (key ??= resolveIdHashKey(app.ctx.config)),
    // Aggregation refreshes the touched units (already marked dirty in the chunk's transaction).
    onChunkCommitted: (touched) => app.ctx.aggregator?.onChunkCommitted(touched),
  };
  await app.register(fastifyMultipart, { limits: UPLOAD_LIMITS });
  await app.register(ingestRoutes, { ...options, prefix: '/api' });
  await app.register(batchesRoutes, { ...options, prefix: '/api' });
  await app.register(reviewRoutes, { ...options, prefix: '/api' });
  await app.register(unplacedRoutes, { prefix: '/api' });
  await app.register(fhirRoutes, options);
};
