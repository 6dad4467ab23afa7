// reject: rows that cannot go in are kept with their raw record, row number
// and every error, in the chunk's transaction; never dropped.
import type { Session } from '../db/database.ts';
import type { RejectedRow } from './prepare-rows.ts';
import type { RowError } from './ingest.types.ts';
import { storableText } from './storable-text.ts';

/** Longest text kept from one cell of a rejected row (a 10 MB cell is reported, not stored). */
const MAX_KEPT_CHARS = 2000;

/** Clipped and storable (no NUL, no lone surrogate, also where a clip cuts a pair): a reject can always be written. */
function clip(value: unknown): unknown {
  if (typeof value === 'string') {
    const clean = storableText(value);
    return clean.length > MAX_KEPT_CHARS ? `${storableText(clean.slice(0, MAX_KEPT_CHARS))}… [${clean.length} characters, clipped]` : clean;
  }
  if (Array.isArray(value)) return value.map(clip);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), clip(v)]));
  return value;
}

const INSERT_REJECTS = `
INSERT INTO ingest_reject (batch_id, row_number, raw, errors)
SELECT $1, r.row_number, r.raw, r.errors FROM jsonb_to_recordset($2::jsonb) AS r(row_number int, raw jsonb, errors jsonb)
ON CONFLICT (batch_id, row_number) DO UPDATE SET raw = EXCLUDED.raw, errors = EXCLUDED.errors, status = 'open', resolved_at = NULL`;

export async function insertRejects(session: Session, batchId: number, rejects: readonly RejectedRow[]): Promise<void> {
  if (rejects.length === 0) return;
  const rows = rejects.map((r) => ({ row_number: r.rowNumber, raw: clip(r.raw ?? {}), errors: clip(r.errors) }));
  await session.query(INSERT_REJECTS, [batchId, JSON.stringify(rows)]);
}

export interface RejectRecord {
  id: number;
  batchId: number;
  rowNumber: number;
  raw: unknown;
  errors: RowError[];
  status: 'open' | 'resolved' | 'dismissed';
}

interface RejectRow {
  id: number;
  batch_id: number;
  row_number: number;
  raw: unknown;
  errors: RowError[];
  status: 'open' | 'resolved' | 'dismissed';
}

const toRecord = (r: RejectRow): RejectRecord => ({ id: r.id, batchId: r.batch_id, rowNumber: r.row_number, raw: r.raw, errors: r.errors, status: r.status });

const LIST_REJECTS = `
SELECT id, batch_id, row_number, raw, errors, status FROM ingest_reject WHERE batch_id = $1 ORDER BY row_number LIMIT $2 OFFSET $3`;
const COUNT_REJECTS = `SELECT count(*)::int AS n FROM ingest_reject WHERE batch_id = $1`;

export async function listRejects(session: Session, batchId: number, limit: number, offset: number): Promise<{ total: number; items: RejectRecord[] }> {
  const rows = await session.query<RejectRow>(LIST_REJECTS, [batchId, limit, offset]);
  const [count] = await session.query<{ n: number }>(COUNT_REJECTS, [batchId]);
  return { total: count?.n ?? 0, items: rows.map(toRecord) };
}

const SELECT_REJECT = `SELECT id, batch_id, row_number, raw, errors, status FROM ingest_reject WHERE id = $1 FOR UPDATE`;

export async function findRejectForUpdate(session: Session, id: number): Promise<RejectRecord | null> {
  const [row] = await session.query<RejectRow>(SELECT_REJECT, [id]);
  return row ? toRecord(row) : null;
}

const RESOLVE_REJECT = `UPDATE ingest_reject SET raw = $2, status = 'resolved', resolved_at = now() WHERE id = $1`;

export async function resolveReject(session: Session, id: number, raw: unknown): Promise<void> {
  await session.query(RESOLVE_REJECT, [id, JSON.stringify(clip(raw))]);
}
