// POST /fhir: FHIR R4 batch and transaction Bundles. Errors are FHIR
// OperationOutcomes, as FHIR clients expect.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../errors.ts';
import { span } from './ingest-spans.ts';
import { assertBundleSize, FhirOutcomeError, processBundle } from './fhir.service.ts';
import { MAX_JSON_RECORDS, type IngestRouteOptions } from './ingest.routes.ts';
import { resolveSenderSource } from './ingest.access.ts';

const Resource = Type.Object({ resourceType: Type.String() }, { additionalProperties: true });

export const fhirRoutes: FastifyPluginAsyncTypebox<IngestRouteOptions> = async (app, opts) => {
  app.addContentTypeParser('application/fhir+json', { parseAs: 'string', bodyLimit: 32 * 1024 * 1024 }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('BAD_REQUEST', 'The body is not valid JSON.'), undefined);
    }
  });
  app.post('/fhir', {
    bodyLimit: 32 * 1024 * 1024,
    schema: {
      summary: 'FHIR R4 batch or transaction Bundle of Patient + Immunization / Observation',
      tags: ['ingest', 'fhir'],
      querystring: Type.Object({ source: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }),
      body: Type.Unknown(),
      response: { 200: Resource, 400: Resource, 413: Type.Unknown(), 503: Type.Unknown() },
    },
  }, async (request, reply) => {
    assertBundleSize(request.body, MAX_JSON_RECORDS);
    try {
      const options = { idHashKey: await opts.idHashKey(), sourceCode: await resolveSenderSource(app.ctx.database, request, request.query), onChunkCommitted: opts.onChunkCommitted };
      const bundle = await span('FHIR request', () => processBundle(app.ctx.database, request.body, options));
      return reply.type('application/fhir+json').send(bundle);
    } catch (error) {
      if (error instanceof FhirOutcomeError) return reply.status(error.status as 400).type('application/fhir+json').send(error.outcome);
      throw error;
    }
  });
};
