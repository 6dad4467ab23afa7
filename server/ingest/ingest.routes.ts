// Ingest channels over HTTP: JSON arrays of records and multipart uploads of
// CSV/XLSX exports, each optionally a dry run. Thin: schema in, service, schema out.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type {} from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { AppError } from '../errors.ts';
import { resolveSenderSource } from './ingest.access.ts';
import { readCsvRows, type EncodingReport, type TableRow } from './csv.reader.ts';
import { DryRunBody, DryRunQuery, ImportBody, SourceQuery, UploadQuery } from './ingest.schemas.ts';
import type { ChunkCommittedCallback, IngestKind, IngestOptions } from './ingest.types.ts';
import { isSourceKind } from './source.repo.ts';
import { dryRunTable, importTable, tableFromRecords } from './tabular.service.ts';
import { readXlsxRows } from './xlsx.reader.ts';
import { span } from './ingest-spans.ts';
import { ErrorBody } from '../routes/schema-types.ts';

/** Most records one JSON request may carry. */
export const MAX_JSON_RECORDS = 10_000;
const JSON_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

export interface IngestRouteOptions {
  idHashKey: () => Promise<string>;
  onChunkCommitted: ChunkCommittedCallback;
}

function checkSourceKind(kind: string | undefined): void {
  if (kind !== undefined && !isSourceKind(kind)) throw new AppError('BAD_REQUEST', `sourceKind "${kind}" is not a source kind.`);
}

/** A JSON body must be an array of at most MAX_JSON_RECORDS records. */
export function checkRecordArray(body: unknown): unknown[] {
  if (!Array.isArray(body)) {
    const got = body === null ? 'null' : typeof body === 'object' ? 'an object' : typeof body;
    throw new AppError('BAD_REQUEST', `The body must be a JSON array of records; got ${got}.`, { field: 'body' });
  }
  if (body.length > MAX_JSON_RECORDS) {
    throw new AppError('PAYLOAD_TOO_LARGE', `At most ${MAX_JSON_RECORDS} records a request; this one has ${body.length}. Split it or upload a file.`);
  }
  return body;
}

/** busboy's errors (boundary not found or mismatched, data ending early) carry no status: the body's fault, a 400. */
export function asMultipartError(error: unknown): unknown {
  if (error instanceof AppError || !(error instanceof Error) || (error as { code?: unknown }).code !== undefined) return error;
  if (!/multipart|boundary|part header|unexpected end/i.test(error.message)) return error;
  return new AppError('BAD_REQUEST', `The multipart body cannot be read (${error.message}): send the file as multipart/form-data whose parts match the boundary in Content-Type.`, { field: 'body' });
}

export const ingestRoutes: FastifyPluginAsyncTypebox<IngestRouteOptions> = async (app, opts) => {
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
      const records = checkRecordArray(request.body);
      const options = await optionsFor(request, request.query, kind, 'api');
      if (request.query.dryRun) return { dryRun: true as const, ...(await dryRunTable(app.ctx.database, tableFromRecords(records), options)) };
      return { dryRun: false as const, ...(await span('JSON request', () => importTable(app.ctx.database, tableFromRecords(records), options))) };
    });
  }

  app.post('/ingest/dry-run', {
    bodyLimit: JSON_BODY_LIMIT_BYTES,
    schema: { summary: 'Map and normalise a JSON array of records, show the result and the rejects; writes nothing', tags: ['ingest'], querystring: DryRunQuery, body: Type.Unknown(), response: { 200: DryRunBody, 400: ErrorBody, 413: ErrorBody, 503: ErrorBody } },
  }, async (request) => {
    const records = checkRecordArray(request.body);
    const options = await optionsFor(request, request.query, request.query.kind, 'api');
    return { dryRun: true as const, ...(await dryRunTable(app.ctx.database, tableFromRecords(records), options)) };
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
