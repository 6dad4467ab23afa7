// SQL of report jobs (queue, progress, file) and the geometry a report draws.
import type { Session } from '../db/database.ts';

export type ReportFormat = 'pdf' | 'xlsx' | 'csv' | 'geojson';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: string;
  zone_id: number;
  user_id: number;
  format: ReportFormat;
  params: unknown;
  status: JobStatus;
  units_total: number;
  units_done: number;
  error: string | null;
  file_name: string | null;
  content_type: string | null;
  created_at: string;
  finished_at: string | null;
}

const JOB_COLUMNS = `id::text AS id, zone_id, user_id, format, params, status, units_total, units_done, error, file_name, content_type,
  created_at::text AS created_at, finished_at::text AS finished_at`;

const INSERT_JOB = `INSERT INTO report_job (zone_id, user_id, format, params) VALUES ($1, $2, $3, $4::jsonb) RETURNING ${JOB_COLUMNS}`;
const SELECT_JOB = `SELECT ${JOB_COLUMNS} FROM report_job WHERE id = $1::bigint`;
// Oldest job to build: a queued one, or a running one whose lease went stale (its process stopped).
// SKIP LOCKED: two processes claiming at once never take the same row; the lease is taken in the same UPDATE.
const CLAIM_NEXT_JOB = `
UPDATE report_job SET status = 'running', started_at = now(), units_done = 0, claimed_by = $1, heartbeat_at = now()
WHERE id = (
  SELECT id FROM report_job
  WHERE status = 'queued' OR (status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $2)))
  ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING ${JOB_COLUMNS}`;
// At start: only running jobs whose lease is stale go back to the queue; a live process's job is left alone.
const REQUEUE_STALE = `
UPDATE report_job SET status = 'queued', units_done = 0, claimed_by = NULL, heartbeat_at = NULL
WHERE id IN (
  SELECT id FROM report_job
  WHERE status = 'running' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => $1))
  FOR UPDATE SKIP LOCKED)
RETURNING id`;
// Renews the lease; false when another process took the job over.
const HEARTBEAT = `UPDATE report_job SET heartbeat_at = now() WHERE id = $1::bigint AND claimed_by = $2 AND status = 'running' RETURNING id`;
const UPDATE_PROGRESS = `UPDATE report_job SET units_total = $2, units_done = $3, heartbeat_at = now() WHERE id = $1::bigint AND claimed_by = $4`;
const FINISH_JOB = `
UPDATE report_job SET status = 'done', file = $2, file_name = $3, content_type = $4, units_done = units_total, finished_at = now()
WHERE id = $1::bigint AND claimed_by = $5`;
const FAIL_JOB = `UPDATE report_job SET status = 'failed', error = $2, finished_at = now() WHERE id = $1::bigint AND claimed_by = $3`;
const SELECT_FILE = `SELECT file, file_name, content_type FROM report_job WHERE id = $1::bigint AND status = 'done'`;

// Outlines of units (GeoJSON, 6 decimals ≈ 0.1 m) and the zone's own outline (its polygon, or its units merged).
const SELECT_UNIT_SHAPES = `SELECT id, ST_AsGeoJSON(geom, 6) AS geometry FROM unit WHERE id = ANY ($1::int[]) ORDER BY id`;
const SELECT_ZONE_OUTLINE = `
SELECT ST_AsGeoJSON(COALESCE(z.geom, (SELECT ST_Union(u.geom) FROM unit u WHERE u.id = ANY (z.unit_ids))), 6) AS geometry
FROM zone z WHERE z.id = $1`;
// Units of a level inside the zone's units' subtrees (or the units themselves when already at that level or deeper).
const SELECT_UNITS_AT_LEVEL = `
SELECT u.id FROM unit u
LEFT JOIN unit p ON p.id = u.parent_id
LEFT JOIN unit pp ON pp.id = p.parent_id
WHERE u.level = $2 AND (u.id = ANY ($1::int[]) OR u.parent_id = ANY ($1::int[]) OR p.parent_id = ANY ($1::int[]) OR pp.parent_id = ANY ($1::int[]))
ORDER BY u.id`;
// Days with rollup rows among units, to tell an empty period from a quiet one.
const SELECT_DATA_SPAN = `
SELECT min(day)::text AS first, max(day)::text AS last,
       count(*) FILTER (WHERE day BETWEEN $2::date AND $3::date)::int AS in_period
FROM unit_day_rollup WHERE unit_id = ANY ($1::int[])`;

export async function insertJob(s: Session, job: { zoneId: number; userId: number; format: ReportFormat; params: unknown }): Promise<JobRow> {
  return (await s.query<JobRow>(INSERT_JOB, [job.zoneId, job.userId, job.format, JSON.stringify(job.params)]))[0] as JobRow;
}
export const selectJob = async (s: Session, id: string | number) => (await s.query<JobRow>(SELECT_JOB, [String(id)]))[0] ?? null;
export const claimNextJob = async (s: Session, worker: string, leaseSeconds: number) => (await s.query<JobRow>(CLAIM_NEXT_JOB, [worker, leaseSeconds]))[0] ?? null;
export const requeueStaleJobs = async (s: Session, leaseSeconds: number) => (await s.query<{ id: string }>(REQUEUE_STALE, [leaseSeconds])).length;
export const renewLease = async (s: Session, id: string, worker: string) => (await s.query(HEARTBEAT, [id, worker])).length > 0;
export const updateProgress = (s: Session, id: string, worker: string, total: number, done: number) => s.query(UPDATE_PROGRESS, [id, total, done, worker]);
export const finishJob = (s: Session, id: string, worker: string, file: Buffer, fileName: string, contentType: string) => s.query(FINISH_JOB, [id, file, fileName, contentType, worker]);
export const failJob = (s: Session, id: string, worker: string, error: string) => s.query(FAIL_JOB, [id, error, worker]);

export async function selectFile(s: Session, id: string): Promise<{ file: Buffer; fileName: string; contentType: string } | null> {
  const [row] = await s.query<{ file: Uint8Array; file_name: string; content_type: string }>(SELECT_FILE, [id]);
  return row ? { file: Buffer.from(row.file), fileName: row.file_name, contentType: row.content_type } : null;
}

export async function selectUnitShapes(s: Session, ids: readonly number[]): Promise<Map<number, string | null>> {
  const rows = await s.query<{ id: number; geometry: string | null }>(SELECT_UNIT_SHAPES, [ids]);
  return new Map(rows.map((r) => [r.id, r.geometry]));
}
export const selectZoneOutline = async (s: Session, zoneId: number) => (await s.query<{ geometry: string | null }>(SELECT_ZONE_OUTLINE, [zoneId]))[0]?.geometry ?? null;
export const selectUnitsAtLevel = async (s: Session, ids: readonly number[], level: string) => (await s.query<{ id: number }>(SELECT_UNITS_AT_LEVEL, [ids, level])).map((r) => r.id);
export async function selectDataSpan(s: Session, ids: readonly number[], from: string, to: string) {
  const [row] = await s.query<{ first: string | null; last: string | null; in_period: number }>(SELECT_DATA_SPAN, [ids, from, to]);
  return row ?? { first: null, last: null, in_period: 0 };
}
