// The data-quality layer's numbers per district or ward: records placed in
// the unit and how many arrived late (more than LATE_DAYS after the event),
// the last day with data; per district also the records of the sites that
// serve it (source.district_id) left unplaced, held or rejected — those have
// no unit of their own, so they cannot be put below the district.
import type { Session } from '../db/database.ts';

/** A record is late when it arrived more than this many days after its event day. */
export const LATE_DAYS = 2;

const SELECT_QUALITY = `
WITH ev AS (
  SELECT unit_id, (sample_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day,
         created_at > sample_time + make_interval(days => ${LATE_DAYS}) AS late
  FROM test_result WHERE unit_id IS NOT NULL
  UNION ALL
  SELECT unit_id, vaccinated_on, (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date > vaccinated_on + ${LATE_DAYS}
  FROM vaccination WHERE unit_id IS NOT NULL),
placed AS (
  SELECT CASE WHEN $1 = 'district' THEN a.district_id ELSE a.ward_id END AS unit_id,
         count(*)::int AS records, count(*) FILTER (WHERE ev.late)::int AS late, max(ev.day) AS last_day
  FROM ev JOIN unit_ancestry a ON a.unit_id = ev.unit_id GROUP BY 1),
unplaced AS (
  SELECT s.district_id AS unit_id, count(*)::int AS n FROM (
    SELECT source_id FROM test_result WHERE unit_id IS NULL AND person_id IS NOT NULL
    UNION ALL SELECT source_id FROM vaccination WHERE unit_id IS NULL AND person_id IS NOT NULL) e
  JOIN source s ON s.id = e.source_id WHERE s.district_id IS NOT NULL GROUP BY 1),
held AS (
  SELECT s.district_id AS unit_id, count(*)::int AS n FROM link_review_event le JOIN link_review lr ON lr.id = le.review_id
  JOIN source s ON s.id = le.source_id WHERE lr.decision IS NULL AND s.district_id IS NOT NULL GROUP BY 1),
rejected AS (
  SELECT s.district_id AS unit_id, count(*)::int AS n FROM ingest_reject r JOIN ingest_batch b ON b.id = r.batch_id
  JOIN source s ON s.id = b.source_id WHERE r.status = 'open' AND s.district_id IS NOT NULL GROUP BY 1)
SELECT u.id AS unit_id, u.name, u.code, ST_X(ST_PointOnSurface(u.geom)) AS lng, ST_Y(ST_PointOnSurface(u.geom)) AS lat,
       COALESCE(p.records, 0) AS records, COALESCE(p.late, 0) AS late, p.last_day::text AS last_day,
       CASE WHEN $1 = 'district' THEN COALESCE(un.n, 0) END AS unplaced,
       CASE WHEN $1 = 'district' THEN COALESCE(h.n, 0) END AS held,
       CASE WHEN $1 = 'district' THEN COALESCE(r.n, 0) END AS rejected
FROM unit u
LEFT JOIN placed p ON p.unit_id = u.id LEFT JOIN unplaced un ON un.unit_id = u.id
LEFT JOIN held h ON h.unit_id = u.id LEFT JOIN rejected r ON r.unit_id = u.id
WHERE u.level = $1 ORDER BY u.code`;

export interface QualityRow {
  unit_id: number; name: string; code: string; lng: number | null; lat: number | null; records: number; late: number; last_day: string | null;
  unplaced: number | null; held: number | null; rejected: number | null;
}

export const selectQuality = (s: Session, level: 'district' | 'ward') => s.query<QualityRow>(SELECT_QUALITY, [level]);
