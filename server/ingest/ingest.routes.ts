// Ingest channels over HTTP: JSON arrays of records and multipart uploads of
// CSV/XLSX exports, each optionally a dry run. Thin: schema in, service, schema out.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type {} from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError } from '../errors.ts';
import { resolveSenderSource } from './ingest.access.ts';
import { readCsvRows, type EncodingReport, type TableRow } from './csv.reader.ts';
import { DryRunBody, DryRunQuery, ImportBody, SourceQuery, UploadQuery } from './ingest.schemas.ts';
import type { ChunkCommittedCallback, IngestKind, IngestOptions } from './ingest.types.ts';
import { isSourceKind } from './source.repo.ts';
import { dryRunTable, importTable, tableFromRecords, tableFromRows } from './tabular.service.ts';
import { OFF_LOOP_JSON_BYTES, OffLoopRecords, recordsOffLoop } from './body.pool.ts';
import { checkRecordArray, MAX_JSON_RECORDS } from './json-records.ts';
import { parseDepthLimited } from '../routes/json-limits.ts';
import { readXlsxRows } from './xlsx.reader.ts';
import { span } from './ingest-spans.ts';
import { ErrorBody } from '../routes/schema-types.ts';

export { checkRecordArray, MAX_JSON_RECORDS } from './json-records.ts';
const JSON_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

export interface IngestRouteOptions {
  idHashKey: () => Promise<string>;
  onChunkCommitted: ChunkCommittedCallback;
}

function checkSourceKind(kind: string | undefined): void {
  if (kind !== undefined && !isSourceKind(kind)) throw new AppError('BAD_REQUEST', `sourceKind "${kind}" is not a source kind.`);
}

/** The table of a JSON ingest body: rows the body worker made, or the records parsed inline. */
function tableOfBody(body: unknown): AsyncIterable<TableRow> {
  return body instanceof OffLoopRecords ? tableFromRows(body.rows) : tableFromRecords(checkRecordArray(body));
}

/**
 * JSON bodies of the ingest routes: up to OFF_LOOP_JSON_BYTES parsed inline
 * (Fastify's parser: prototype keys refused; then the depth limit), larger
 * ones parsed and turned into table rows in the body worker, so a 32 MB body
 * never holds the event loop (body.pool.ts).
 */
function registerIngestJsonParser(app: FastifyInstance): void {
  const parseInline = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (bytes.length > OFF_LOOP_JSON_BYTES) {
      recordsOffLoop(bytes).then((records) => done(null, records), (error: Error) => done(error, undefined));
      return;
    }
    parseDepthLimited(parseInline, request, bytes.toString('utf8'), done);
  });
}

/** busboy's errors (boundary not found or mismatched, data ending early) carry no status: the body's fault, a 400. */
export function asMultipartError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error) || (error as { code?: unknown }).code !== undefined) return error;
  if (!/multipart|boundary|part header|unexpected end/i.test(error.message)) return error;
  return new AppError('BAD_REQUEST', `The multipart body cannot be read (${error.message}): send the file as multipart/form-data whose parts match the boundary in Content-Type.`, { field: 'body' });
}

export const ingestRoutes: FastifyPluginAsyncTypebox<IngestRouteOptions> = async (app, opts) => {
  registerIngestJsonParser(app);
  const optionsFor = async (request: FastifyRequest, query: { source?: string; sourceKind?: string }, kind: IngestKind, channel: IngestOptions['channel']): Promise<IngestOptions> => {
    checkSourceKind(query.sourceKind);
    return {
      idHashKey: await opts.idHashKey(), sourceCode: await resolveSenderSource(app.ctx.database, request, query), kind, channel,
      ...(query.sourceKind ? { sourceKind: query.sourceKind } : {}), onChunkCommitted: opts.onChunkCommitted,
    };
  };
  const responses = { 200: Type.Union([ImportBody, DryRunBody]), 400: ErrorBody, 413: ErrorBody, 503: ErrorBody };

  for (const kind of ['tests', 'vaccinations'] as const) {
    app.post(`/ingest/${kind}`, {
      bodyLimit: JSON_BODY_LIMIT_BYTES,
      schema: { summary: `Ingest a JSON array of ${kind} records (≤ ${MAX_JSON_RECORDS})`, tags: ['ingest'], querystring: SourceQuery, body: Type.Unknown(), response: responses },
    }, async (request) => {
      const table = tableOfBody(request.body);
      const options = await optionsFor(request, request.query, kind, 'api');
      if (request.query.dryRun) return { dryRun: true as const, ...(await dryRunTable(app.ctx.database, table, options)) };
      return { dryRun: false as const, ...(await span('JSON request', () => importTable(app.ctx.database, table, options))) };
    });
  }

  app.post('/ingest/dry-run', {
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    schema: { summary: 'Map and normalise a JSON array of records, show the result and the rejects; writes nothing', tags: ['ingest'], querystring: DryRunQuery, body: Type.Unknown(), response: { 200: DryRunBody, 400: ErrorBody, 413: ErrorBody, 503: ErrorBody } },
  }, async (request) => {
    const table = tableOfBody(request.body);
    const options = await optionsFor(request, request.query, request.query.kind, 'api');
    return { dryRun: true as const, ...(await dryRunTable(app.ctx.database, table, options)) };
  });

  app.post('/ingest/upload', {
    schema: { summary: 'Upload a CSV or XLSX export (multipart, field "file"), streamed', tags: ['ingest'], querystring: UploadQuery, consumes: ['multipart/form-data'], response: responses },
  }, async (request) => {
    try {
      return await uploadFile(request, request.query);
    } catch (error) {
      throw asMultipartError(error);
    }
  });

  const uploadFile = async (request: FastifyRequest, query: Static<typeof UploadQuery>) => {
    const file = await request.file();
    if (!file) throw new AppError('BAD_REQUEST', 'Send the file as multipart/form-data in a field named "file".');
    const options = { ...(await optionsFor(request, query, query.kind, 'upload')), fileName: file.filename };
    const isXlsx = /\.xlsx$/i.test(file.filename) || file.mimetype.includes('spreadsheetml');
    const report: EncodingReport = { encoding: 'utf-8' };
    // XLSX keeps its directory at the end of the zip: spool it to disk (never to memory) first.
    let spooled: string | null = null;
    try {
      let rows: AsyncIterable<TableRow>;
      if (isXlsx) {
        spooled = path.join(os.tmpdir(), `riskmap-upload-${randomUUID()}.xlsx`);
        await pipeline(file.file, fs.createWriteStream(spooled));
        if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'The file is larger than the upload limit.');
        rows = readXlsxRows(spooled);
      } else {
        rows = readCsvRows(file.file, report);
      }
      if (query.dryRun) return { dryRun: true as const, ...(await dryRunTable(app.ctx.database, rows, options)) };
      const result = await span(`${isXlsx ? 'XLSX' : 'CSV'} request`, () => importTable(app.ctx.database, rows, options));
      if (file.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', 'The file is larger than the upload limit; the rows read so far were imported.', { batchId: result.summary.batchId });
      return { dryRun: false as const, ...result, encoding: report.encoding };
    } finally {
      if (spooled) await fs.promises.rm(spooled, { force: true });
    }
  };
};
