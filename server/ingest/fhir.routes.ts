// POST /fhir: FHIR R4 batch and transaction Bundles. Errors are FHIR
// OperationOutcomes, as FHIR clients expect.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { FastifyError } from 'fastify';
import { AppError, ERRORS, isDatabaseUnavailable, isInvalidInputFromDatabase } from '../errors.ts';
import { assertJsonDepth } from '../routes/json-limits.ts';
import { span } from './ingest-spans.ts';
import { assertBundleSize, FhirOutcomeError, processBundle } from './fhir.service.ts';
import { MAX_JSON_RECORDS, type IngestRouteOptions } from './ingest.routes.ts';
import { resolveSenderSource } from './ingest.access.ts';
import { bundleOffLoop, OFF_LOOP_JSON_BYTES, OffLoopBundle } from './body.pool.ts';

const Resource = Type.Object({ resourceType: Type.String() }, { additionalProperties: true });

const outcomeOf = (code: string, diagnostics: string) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics }] });

/** HTTP status, FHIR issue code and text of an error on /fhir (5xx details stay in the log). */
function fhirErrorOf(error: FastifyError): { status: number; code: string; diagnostics: string } {
  if (error instanceof AppError) return { status: error.status, code: error.status === 413 ? 'too-costly' : error.status === 403 || error.status === 401 ? 'security' : 'structure', diagnostics: `${error.code}: ${error.message}` };
  if (error.validation) return { status: 400, code: 'structure', diagnostics: `BAD_REQUEST: ${error.message}` };
  if (isDatabaseUnavailable(error)) return { status: 503, code: 'transient', diagnostics: `DATABASE_UNAVAILABLE: ${ERRORS.DATABASE_UNAVAILABLE.message}` };
  if (isInvalidInputFromDatabase(error)) return { status: 400, code: 'invalid', diagnostics: `INPUT_VALUE_INVALID: ${ERRORS.INPUT_VALUE_INVALID.message}` };
  const status = error.statusCode ?? 500;
  if (status === 413) return { status, code: 'too-costly', diagnostics: `PAYLOAD_TOO_LARGE: ${ERRORS.PAYLOAD_TOO_LARGE.message}` };
  if (status >= 400 && status < 500) return { status, code: 'structure', diagnostics: `BAD_REQUEST: ${error.message}` };
  return { status: 500, code: 'exception', diagnostics: `INTERNAL: ${ERRORS.INTERNAL.message}` };
}

export const fhirRoutes: FastifyPluginAsyncTypebox<IngestRouteOptions> = async (app, opts) => {
  app.addContentTypeParser('application/fhir+json', { parseAs: 'buffer', bodyLimit: 32 * 1024 * 1024 }, (_request, body, done) => {
    const bytes = body as Buffer;
    // harden (#15 point 1): a large Bundle is parsed and read in the body worker, off the event loop.
    if (bytes.length > OFF_LOOP_JSON_BYTES) {
      bundleOffLoop(bytes).then((bundle) => done(null, bundle), (error: Error) => done(error, undefined));
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      return done(new AppError('BAD_REQUEST', `The body is not valid JSON: ${(error as Error).message}`), undefined);
    }
    try {
      assertJsonDepth(parsed);
      done(null, parsed);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  // harden-input (#15): every error of /fhir (bad JSON, too deep, too large, schema, database away) is an OperationOutcome.
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, code, diagnostics } = fhirErrorOf(error);
    if (status >= 500) request.log.error({ err: error }, 'FHIR request failed');
    if (status === 503) reply.header('Retry-After', '5');
    return reply.status(status).type('application/fhir+json').send(outcomeOf(code, diagnostics));
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
    if (!(request.body instanceof OffLoopBundle)) assertBundleSize(request.body, MAX_JSON_RECORDS); // the worker checked its own
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
