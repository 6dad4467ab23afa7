// What the data desk reads: per-site counts (received, rejected, held,
// unplaced, last received, quiet), a site's batches and rejects by code,
// and the open rejects themselves. Set-based SQL, one statement each.
import type { Session } from '../db/database.ts';

export interface SourceGlanceRow {
  source_id: number;
  code: string;
  name: string;
  kind: string;
  district_name: string | null;
  rows_today: number;
  rows_7d: number;
  rejected_7d: number;
  open_rejects: number;
  held: number;
  unplaced: number;
  last_received: Date | string | null;
  active_days_14: number;
}

// Sites of the caller ($1 = NULL: every site). Days are Vietnam local days.
const SELECT_GLANCE = `
WITH b AS (
  SELECT source_id,
         sum(rows_total) FILTER (WHERE (started_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)::int AS rows_today,
         sum(rows_total) FILTER (WHERE started_at >= now() - interval '7 days')::int AS rows_7d,
         sum(rows_rejected) FILTER (WHERE started_at >= now() - interval '7 days')::int AS rejected_7d,
         max(started_at) AS last_received,
         count(DISTINCT (started_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)
           FILTER (WHERE started_at >= now() - make_interval(hours => $2) - interval '14 days' AND started_at < now() - make_interval(hours => $2))::int AS active_days_14
  FROM ingest_batch WHERE ($1::int IS NULL OR source_id = $1) GROUP BY source_id),
r AS (
  SELECT b.source_id, count(*)::int AS open_rejects FROM ingest_reject r JOIN ingest_batch b ON b.id = r.batch_id
  WHERE r.status = 'open' AND ($1::int IS NULL OR b.source_id = $1) GROUP BY b.source_id),
h AS (
  SELECT le.source_id, count(*)::int AS held FROM link_review_event le JOIN link_review lr ON lr.id = le.review_id
  WHERE lr.decision IS NULL AND ($1::int IS NULL OR le.source_id = $1) GROUP BY le.source_id),
u AS (
  SELECT source_id, sum(n)::int AS unplaced FROM (
    SELECT source_id, count(*) AS n FROM test_result WHERE unit_id IS NULL AND person_id IS NOT NULL AND ($1::int IS NULL OR source_id = $1) GROUP BY source_id
    UNION ALL
    SELECT source_id, count(*) FROM vaccination WHERE unit_id IS NULL AND person_id IS NOT NULL AND ($1::int IS NULL OR source_id = $1) GROUP BY source_id) x
  GROUP BY source_id)
SELECT s.id AS source_id, s.code, s.name, s.kind, d.name AS district_name,
       COALESCE(b.rows_today, 0) AS rows_today, COALESCE(b.rows_7d, 0) AS rows_7d, COALESCE(b.rejected_7d, 0) AS rejected_7d,
       COALESCE(r.open_rejects, 0) AS open_rejects, COALESCE(h.held, 0) AS held, COALESCE(u.unplaced, 0) AS unplaced,
       b.last_received, COALESCE(b.active_days_14, 0) AS active_days_14
FROM source s LEFT JOIN unit d ON d.id = s.district_id
LEFT JOIN b ON b.source_id = s.id LEFT JOIN r ON r.source_id = s.id LEFT JOIN h ON h.source_id = s.id LEFT JOIN u ON u.source_id = s.id
WHERE ($1::int IS NULL OR s.id = $1)
ORDER BY s.code`;

export const selectSourceGlance = (s: Session, sourceId: number | null, quietHours: number) => s.query<SourceGlanceRow>(SELECT_GLANCE, [sourceId, quietHours]);

const SELECT_BATCHES = `
SELECT id, kind, channel, file_name, status, rows_total, rows_inserted, rows_updated, rows_unchanged, rows_held, rows_rejected, rows_unlocated,
       warnings, error, started_at, finished_at
FROM ingest_batch WHERE source_id = $1 ORDER BY id DESC LIMIT $2`;

export interface BatchRow {
  id: number; kind: string; channel: string; file_name: string | null; status: string; rows_total: number; rows_inserted: number; rows_updated: number;
  rows_unchanged: number; rows_held: number; rows_rejected: number; rows_unlocated: number; warnings: Record<string, number>; error: string | null;
  started_at: Date | string; finished_at: Date | string | null;
}

export const selectBatches = (s: Session, sourceId: number, limit: number) => s.query<BatchRow>(SELECT_BATCHES, [sourceId, limit]);

// Open rejects of a site per error code (a row with two errors counts under both) and the field most often at fault.
const SELECT_REJECT_CODES = `
SELECT e->>'code' AS code, e->>'field' AS field, count(*)::int AS n
FROM ingest_reject r JOIN ingest_batch b ON b.id = r.batch_id, jsonb_array_elements(r.errors) e
WHERE b.source_id = $1 AND r.status = 'open' AND COALESCE(e->>'severity', 'reject') <> 'warning'
GROUP BY 1, 2 ORDER BY n DESC, code`;

export const selectRejectCodes = (s: Session, sourceId: number) => s.query<{ code: string; field: string; n: number }>(SELECT_REJECT_CODES, [sourceId]);

const SELECT_OPEN_REJECTS = `
SELECT r.id, r.batch_id, r.row_number, r.raw, r.errors, count(*) OVER ()::int AS total
FROM ingest_reject r JOIN ingest_batch b ON b.id = r.batch_id
WHERE b.source_id = $1 AND r.status = 'open'
  AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM jsonb_array_elements(r.errors) e WHERE e->>'code' = $2))
ORDER BY r.batch_id DESC, r.row_number LIMIT $3 OFFSET $4`;

export interface OpenRejectRow { id: number; batch_id: number; row_number: number; raw: unknown; errors: Array<{ field: string; code: string; message: string; severity?: string }>; total: number }

export const selectOpenRejects = (s: Session, sourceId: number, code: string | null, limit: number, offset: number) =>
  s.query<OpenRejectRow>(SELECT_OPEN_REJECTS, [sourceId, code, limit, offset]);

const SELECT_REJECT_SOURCES = `SELECT r.id, b.source_id FROM ingest_reject r JOIN ingest_batch b ON b.id = r.batch_id WHERE r.id = ANY($1::bigint[])`;

export async function selectRejectSources(s: Session, ids: readonly number[]): Promise<Map<number, number>> {
  const rows = await s.query<{ id: number | string; source_id: number }>(SELECT_REJECT_SOURCES, [ids]);
  return new Map(rows.map((r) => [Number(r.id), r.source_id]));
}

// Where each pair's candidate person lives (their household's ward and district): who may decide it.
const SELECT_REVIEW_PLACES = `
SELECT r.id, p.district_id, h.ward_id, w.name AS ward_name
FROM link_review r
LEFT JOIN person p ON p.district_id = r.candidate_district_id AND p.id = r.candidate_person_id
LEFT JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
LEFT JOIN unit w ON w.id = h.ward_id
WHERE r.id = ANY($1::bigint[])`;

export interface ReviewPlaceRow { id: number; district_id: number | null; ward_id: number | null; ward_name: string | null }

export async function selectReviewPlaces(s: Session, ids: readonly number[]): Promise<Map<number, ReviewPlaceRow>> {
  const rows = await s.query<ReviewPlaceRow & { id: number | string }>(SELECT_REVIEW_PLACES, [ids]);
  return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]));
}

const SELECT_DECIDED = `
SELECT r.id, r.decision, r.decided_at, u.username AS decided_by, r.score, r.resolved_person_id
FROM link_review r LEFT JOIN app_user u ON u.id = r.decided_by
WHERE r.decision IS NOT NULL ORDER BY r.decided_at DESC, r.id DESC LIMIT $1`;

export const selectDecided = (s: Session, limit: number) =>
  s.query<{ id: number | string; decision: 'same' | 'different'; decided_at: Date | string; decided_by: string | null; score: number; resolved_person_id: number | string | null }>(SELECT_DECIDED, [limit]);
