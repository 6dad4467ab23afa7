// The single seam between the simulator and ingest (issue 4). Two ways in:
//  - bulk, in-process: the same services the HTTP routes call (importTable
//    over readCsvRows / readXlsxRows / tableFromRecords, processBundle for
//    FHIR), so history goes through exactly the API's code;
//  - HTTP, for --live: POST /api/ingest/{kind} (JSON array),
//    POST /api/ingest/upload (multipart CSV/XLSX), POST /fhir (Bundle).
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Database } from '../db/database.ts';
import { readCsvRows } from '../ingest/csv.reader.ts';
import { processBundle } from '../ingest/fhir.service.ts';
import type { IngestOptions } from '../ingest/ingest.types.ts';
import { importTable, tableFromRecords } from '../ingest/tabular.service.ts';
import { readXlsxRows } from '../ingest/xlsx.reader.ts';
import type { RenderedSubmission } from './files.ts';
import type { ChunkCommittedCallback, RowOutcomeCounts } from '../ingest/ingest.types.ts';

/** What one submission did, as ingest counted it (FHIR: entries answered 201/200/400). */
export type AdapterResult = RowOutcomeCounts;

export const SOURCE_KIND = { hospital: 'hospital', test_site: 'test_site', business: 'business', vaccination_site: 'vaccination_site' } as const;

/** Counts the response statuses of a Bundle's event entries (Patient entries are left out). */
function fhirCounts(request: unknown, response: unknown): AdapterResult {
  const sent = (request as { entry?: Array<{ resource?: { resourceType?: string } }> }).entry ?? [];
  const answers = (response as { entry?: Array<{ response?: { status?: string } }> }).entry ?? [];
  const statuses = answers.map((e) => e.response?.status ?? '').filter((_, i) => sent[i]?.resource?.resourceType !== 'Patient');
  return {
    rows: statuses.length, inserted: statuses.filter((s) => s.startsWith('201')).length, updated: 0,
    unchanged: statuses.filter((s) => s.startsWith('200')).length, held: 0, rejected: statuses.filter((s) => s.startsWith('4')).length,
  };
}

/** Ingests one rendered submission through the bulk (in-process) path. */
export async function ingestSubmission(database: Database, rendered: RenderedSubmission, idHashKey: string, onChunkCommitted?: ChunkCommittedCallback): Promise<AdapterResult> {
  const { source, submission } = rendered;
  const options: IngestOptions = {
    idHashKey, sourceCode: source.code, sourceKind: SOURCE_KIND[source.kind], kind: submission.kind, channel: 'simulator', fileName: rendered.fileName,
    ...(onChunkCommitted ? { onChunkCommitted } : {}),
  };
  if (source.format === 'fhir') {
    const bundle: unknown = JSON.parse(rendered.body.toString('utf8'));
    return fhirCounts(bundle, await processBundle(database, bundle, { idHashKey, sourceCode: source.code, ...(onChunkCommitted ? { onChunkCommitted } : {}) }));
  }
  let summary;
  if (source.format === 'json') {
    summary = (await importTable(database, tableFromRecords(JSON.parse(rendered.body.toString('utf8')) as unknown[]), options)).summary;
  } else if (source.format === 'csv') {
    summary = (await importTable(database, readCsvRows(Readable.from([rendered.body])), options)).summary;
  } else {
    const spooled = path.join(os.tmpdir(), `riskmap-simulate-${process.pid}-${Math.random().toString(36).slice(2)}.xlsx`);
    await fs.writeFile(spooled, rendered.body);
    try {
      summary = (await importTable(database, readXlsxRows(spooled), options)).summary;
    } finally {
      await fs.rm(spooled, { force: true });
    }
  }
  return { rows: summary.rows, inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged, held: summary.held, rejected: summary.rejected };
}

/** Refuses any target but this machine: the simulator never sends records elsewhere. */
export function checkLocalUrl(url: string): URL {
  const parsed = new URL(url);
  if (!['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname) || !/^https?:$/.test(parsed.protocol)) {
    throw new Error(`--url must point at this machine (localhost or 127.0.0.1), not ${parsed.host}`);
  }
  return parsed;
}

/**
 * Sends one rendered submission through its real HTTP channel; resolves to
 * the HTTP status. `apiKey` is the site's own data_source key (the default
 * of --live), an admin's key (it may name any source with ?source=), or null
 * for a server without access control.
 */
export async function sendSubmission(base: URL, rendered: RenderedSubmission, apiKey: string | null = null): Promise<number> {
  const { source, submission } = rendered;
  const auth: Record<string, string> = apiKey ? { authorization: `Bearer ${apiKey}` } : {};
  const query = new URLSearchParams({ source: source.code, sourceKind: SOURCE_KIND[source.kind] });
  const bytes = new Uint8Array(rendered.body.buffer as ArrayBuffer, rendered.body.byteOffset, rendered.body.byteLength);
  let response: Response;
  if (source.format === 'fhir') {
    response = await fetch(new URL(`/fhir?source=${encodeURIComponent(source.code)}`, base), { method: 'POST', headers: { ...auth, 'content-type': 'application/fhir+json' }, body: bytes });
  } else if (source.format === 'json') {
    response = await fetch(new URL(`/api/ingest/${submission.kind}?${query}`, base), { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: bytes });
  } else {
    query.set('kind', submission.kind);
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: rendered.contentType }), rendered.fileName);
    response = await fetch(new URL(`/api/ingest/upload?${query}`, base), { method: 'POST', headers: auth, body: form });
  }
  await response.arrayBuffer();
  return response.status;
}
