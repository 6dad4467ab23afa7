// Tables (CSV, XLSX, JSON arrays) into the pipeline: the header row is
// mapped onto canonical fields (proposed by geo/normalise/columns.ts, the
// source's saved choices winning), the mapping is saved per source, and the
// data rows go to runIngest. A dry run maps and normalises everything and
// writes nothing.
import { applyColumnMapping, type ColumnMapping } from '../../geo/normalise/columns.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { TableRow } from './csv.reader.ts';
import { loadIngestContextReadOnly } from './dry-run.service.ts';
import { nextTurn, ROWS_PER_SLICE, runIngest } from './ingest.service.ts';
import type { BatchSummary, IngestOptions, InputRow } from './ingest.types.ts';
import { recordTableRows } from './json-records.ts';
import { isRejected, prepareRow, type RejectedRow, type StagedRow } from './prepare-rows.ts';
import { ensureSource, saveColumnMapping } from './source.repo.ts';
import { proposeColumnMappingOffLoop } from './column-mapping.pool.ts';
import { assertColumnCount } from './input-limits.ts';
import { storableText } from './storable-text.ts';

/** The proposal for these headers with the source's saved choices laid over it (matched by header text). */
export async function mergeSavedMapping(headers: readonly string[], saved: unknown): Promise<ColumnMapping> {
  assertColumnCount(headers.length, 'The header row');
  // A NUL or lone surrogate in a header would make the saved mapping (jsonb) unwritable.
  const proposal = await proposeColumnMappingOffLoop(headers.map(storableText));
  const savedColumns = (saved as ColumnMapping | null)?.columns;
  if (!Array.isArray(savedColumns)) return proposal;
  const byHeader = new Map(savedColumns.map((c) => [c.header.trim().toLowerCase(), c]));
  const columns = proposal.columns.map((c) => {
    const choice = byHeader.get(c.header.trim().toLowerCase());
    return choice ? { ...c, field: choice.field, confidence: 1 } : c;
  });
  const chosen = new Set(columns.filter((c) => c.confidence === 1 && byHeader.has(c.header.trim().toLowerCase())).map((c) => c.field));
  for (const c of columns) if (c.confidence < 1 && c.field !== null && chosen.has(c.field)) c.field = null;
  return { columns, unmapped: columns.filter((c) => c.field === null).map((c) => c.index) };
}

async function* mapRows(rows: AsyncIterator<TableRow>, mapping: ColumnMapping): AsyncGenerator<InputRow> {
  for (let next = await rows.next(); !next.done; next = await rows.next()) {
    const row = next.value;
    if (row.errors && row.errors.length > 0) {
      yield { rowNumber: row.rowNumber, raw: {}, parseErrors: row.errors, original: row.rawText !== undefined ? { line: row.rawText } : applyColumnMapping(mapping, row.cells) };
    } else if (row.cells.some((c) => c.trim() !== '')) {
      yield { rowNumber: row.rowNumber, raw: applyColumnMapping(mapping, row.cells), classification: row.classification ?? null };
    }
  }
}

export interface TableImportResult {
  mapping: ColumnMapping;
  summary: BatchSummary;
}

/** Reads the header, maps, saves the mapping on the source, and ingests the rest. */
export async function importTable(database: Database, rows: AsyncIterable<TableRow>, options: IngestOptions): Promise<TableImportResult> {
  const iterator = rows[Symbol.asyncIterator]();
  const header = await iterator.next();
  if (header.done || (header.value.errors?.length ?? 0) > 0 || header.value.cells.length === 0) {
    throw new AppError('BAD_REQUEST', `The file has no readable header row${header.done ? '' : `: ${header.value.errors?.[0]?.message ?? 'it is empty'}`}.`);
  }
  assertColumnCount(header.value.cells.length, 'The header row');
  const mapping = await database.withSession(async (session) => {
    const source = await ensureSource(session, options.sourceCode, options.kind, options.sourceKind);
    const merged = await mergeSavedMapping(header.value.cells, source.column_mapping);
    await saveColumnMapping(session, source.id, merged);
    return merged;
  });
  const summary = await runIngest(database, mapRows(iterator, mapping), options, mapping);
  return { mapping, summary };
}

export interface DryRunResult {
  mapping: ColumnMapping;
  rows: number;
  accepted: number;
  rejected: number;
  /** The first rows as they would be stored (person fields normalised; the ID number is never shown). */
  preview: Array<{ rowNumber: number; record: unknown; warnings: unknown[] }>;
  /** The first rejects with their errors. */
  rejects: RejectedRow[];
}

const PREVIEW_ROWS = 20;
const PREVIEW_REJECTS = 200;

function previewOf(row: StagedRow) {
  const { nationalId, ...person } = row.person;
  const record = { sourceRecordId: row.sourceRecordId, person: { ...person, nationalIdKind: nationalId?.kind ?? null }, test: row.test && { ...row.test, person: undefined }, vaccination: row.vaccination && { ...row.vaccination, person: undefined } };
  return { rowNumber: row.rowNumber, record, warnings: row.warnings };
}

/** Maps and normalises every row and reports; writes nothing (not even the source or its mapping). */
export async function dryRunTable(database: Database, rows: AsyncIterable<TableRow>, options: IngestOptions): Promise<DryRunResult> {
  const iterator = rows[Symbol.asyncIterator]();
  const header = await iterator.next();
  if (header.done || header.value.cells.length === 0) throw new AppError('BAD_REQUEST', 'The file has no readable header row.');
  const { source, prepare } = await loadIngestContextReadOnly(database, options);
  const mapping = await mergeSavedMapping(header.value.cells, source?.column_mapping ?? null);
  const result: DryRunResult = { mapping, rows: 0, accepted: 0, rejected: 0, preview: [], rejects: [] };
  for await (const input of mapRows(iterator, mapping)) {
    result.rows += 1;
    if (result.rows % ROWS_PER_SLICE === 0) await nextTurn(); // a turn of the event loop between slices (issue #15 point 1)
    const outcome = prepareRow(input, prepare);
    if (isRejected(outcome)) {
      result.rejected += 1;
      if (result.rejects.length < PREVIEW_REJECTS) result.rejects.push(outcome);
    } else {
      result.accepted += 1;
      if (result.preview.length < PREVIEW_ROWS) result.preview.push(previewOf(outcome));
    }
  }
  return result;
}

/** A JSON array of records (keys in any language the column synonyms know) as a table (json-records.ts). */
export async function* tableFromRecords(records: readonly unknown[]): AsyncGenerator<TableRow> {
  yield* recordTableRows(records);
}

/** Table rows already made (by the body worker): the table the ingest runs over. */
export async function* tableFromRows(rows: readonly TableRow[]): AsyncGenerator<TableRow> {
  yield* rows;
}
