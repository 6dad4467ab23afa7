// FHIR R4 Bundles into the pipeline. A transaction is all-or-nothing: any
// unresolvable reference or invalid entry answers 400 with an
// OperationOutcome and nothing is written. A batch answers 200 with a status
// per entry; bad entries are stored as rejects like any bad row.
import type { Database, Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { loadIngestContext, nextTurn, ROWS_PER_SLICE, runIngest } from './ingest.service.ts';
import { OffLoopBundle } from './body.pool.ts';
import type { ChunkCommittedCallback, IngestKind, InputRow, RowError } from './ingest.types.ts';
import { isRejected, prepareRow } from './prepare-rows.ts';
import { parseBundle, type FhirEntry, type ParsedBundle } from './fhir.parse.ts';

export interface FhirOptions {
  idHashKey: string;
  sourceCode: string;
  onChunkCommitted?: ChunkCommittedCallback;
}

type Issue = { severity: 'error'; code: string; diagnostics: string; expression?: string[] };
const outcome = (issues: Issue[]) => ({ resourceType: 'OperationOutcome', issue: issues });
const toIssues = (errors: readonly RowError[]): Issue[] =>
  errors.map((e) => ({ severity: 'error' as const, code: e.code === 'FHIR_REFERENCE_UNRESOLVED' ? 'not-found' : 'invalid', diagnostics: `${e.code}: ${e.message}`, expression: [e.field] }));

/** An error the /fhir route renders as an OperationOutcome (FHIR clients expect one, not riskmap's error body). */
export class FhirOutcomeError extends Error {
  constructor(readonly status: number, readonly outcome: unknown) {
    super('FHIR request failed');
  }
}

const EXISTING = {
  tests: `SELECT source_record_id FROM test_result WHERE source_id = $1 AND source_record_id = ANY($2::text[])`,
  vaccinations: `SELECT source_record_id FROM vaccination WHERE source_id = $1 AND source_record_id = ANY($2::text[])`,
};

async function findExisting(session: Session, kind: IngestKind, sourceId: number, ids: string[]): Promise<Set<string>> {
  const rows = await session.query<{ source_record_id: string }>(EXISTING[kind], [sourceId, ids]);
  return new Set(rows.map((r) => r.source_record_id));
}

/** Processes a Bundle and returns the response Bundle. */
export async function processBundle(database: Database, body: unknown, options: FhirOptions): Promise<unknown> {
  let bundle: ParsedBundle;
  try {
    if (body instanceof OffLoopBundle) {
      // Read in the body worker already (body.pool.ts).
      if (body.bundle === null) throw new Error(body.notBundle ?? 'the body is not a FHIR Bundle');
      bundle = body.bundle;
    } else bundle = parseBundle(body);
  } catch (error) {
    throw new FhirOutcomeError(400, outcome([{ severity: 'error', code: 'structure', diagnostics: (error as Error).message }]));
  }
  const events = bundle.entries.filter((e): e is FhirEntry => 'kind' in e);
  const responses = new Map<number, { status: string; location?: string; outcome?: unknown }>();
  for (const kind of ['tests', 'vaccinations'] as const) {
    const mine = events.filter((e) => e.kind === kind);
    if (mine.length === 0) continue;
    const ingest = { idHashKey: options.idHashKey, sourceCode: options.sourceCode, kind, channel: 'fhir' as const };
    const { source, prepare } = await database.withSession((s) => loadIngestContext(s, ingest));
    const checked: Array<{ entry: FhirEntry; errors: RowError[] }> = [];
    for (const e of mine) {
      const prepared = e.errors.length > 0 ? null : prepareRow({ rowNumber: e.index + 1, raw: e.raw }, prepare);
      checked.push({ entry: e, errors: prepared === null ? e.errors : isRejected(prepared) ? prepared.errors : [] });
      if (checked.length % ROWS_PER_SLICE === 0) await nextTurn(); // a turn of the event loop between slices (#15 point 1)
    }
    const invalid = checked.filter((c) => c.errors.length > 0);
    if (bundle.type === 'transaction' && invalid.length > 0) {
      throw new FhirOutcomeError(400, outcome(invalid.flatMap((c) => toIssues(c.errors).map((i) => ({ ...i, diagnostics: `entry ${c.entry.index}: ${i.diagnostics}` })))));
    }
    const ids = checked.filter((c) => c.errors.length === 0 && c.entry.recordId).map((c) => c.entry.recordId as string);
    const existing = await database.withSession((s) => findExisting(s, kind, source.id, ids));
    const rows: InputRow[] = mine.map((e) => ({ rowNumber: e.index + 1, raw: e.raw, ...(e.errors.length > 0 ? { parseErrors: e.errors, original: e.raw } : {}) }));
    // One chunk per kind: a transaction Bundle commits in one database transaction.
    await runIngest(database, rows, { ...ingest, chunkRows: Math.max(1, rows.length), onChunkCommitted: options.onChunkCommitted });
    for (const c of checked) {
      const location = c.entry.recordId ? `${c.entry.resourceType}/${encodeURIComponent(c.entry.recordId)}` : undefined;
      responses.set(c.entry.index, c.errors.length > 0
        ? { status: '400 Bad Request', outcome: outcome(toIssues(c.errors)) }
        : { status: existing.has(c.entry.recordId ?? '') ? '200 OK' : '201 Created', ...(location ? { location } : {}) });
    }
  }
  return {
    resourceType: 'Bundle',
    type: bundle.type === 'batch' ? 'batch-response' : 'transaction-response',
    entry: bundle.entries.map((e) => ({
      response: responses.get(e.index) ?? ('patient' in e && e.patient
        ? { status: '200 OK' }
        : { status: '400 Bad Request', outcome: outcome([{ severity: 'error', code: 'not-supported', diagnostics: `entry ${e.index}: ${'resourceType' in e ? e.resourceType : '?'} is not accepted here` }]) }),
    })),
  };
}

export function assertBundleSize(body: unknown, max: number): void {
  const entries = (body as { entry?: unknown[] } | null)?.entry;
  if (Array.isArray(entries) && entries.length > max) throw new AppError('PAYLOAD_TOO_LARGE', `A Bundle may hold at most ${max} entries; this one has ${entries.length}.`);
}
