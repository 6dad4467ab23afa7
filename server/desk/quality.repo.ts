// The data-quality layer's numbers per district or ward: records placed in
// the unit and how many arrived late (more than LATE_DAYS after the event),
// the last day with data, and the records left unplaced, held or rejected,
// each in the finest unit known for it:
// - unplaced (a person whose address named no ward of the gazetteer): the
//   district the address named (the record's district_id), else the site's
//   district; never a ward — so a ward counts 0 of them;
// - held (waiting for a same/different decision): the ward of the record's
//   own address (its address key leads with the ward code), else the site's
//   district;
// - rejected (failed validation before its address was resolved): the
//   site's district only, so wards show no rejected share (null).
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
  SELECT COALESCE(NULLIF(e.district_id, 0), s.district_id) AS unit_id, count(*)::int AS n FROM (
    SELECT source_id, district_id FROM test_result WHERE unit_id IS NULL AND person_id IS NOT NULL
    UNION ALL SELECT source_id, district_id FROM vaccination WHERE unit_id IS NULL AND person_id IS NOT NULL) e
  JOIN source s ON s.id = e.source_id WHERE $1 = 'district' GROUP BY 1),
held AS (
  SELECT CASE WHEN $1 = 'district' THEN COALESCE(w.district_id, s.district_id) ELSE w.id END AS unit_id, count(*)::int AS n
  FROM link_review_event le JOIN link_review lr ON lr.id = le.review_id JOIN source s ON s.id = le.source_id
  LEFT JOIN unit w ON w.level = 'ward' AND w.code = split_part(lr.incoming->>'addressKey', '|', 1)
  WHERE lr.decision IS NULL GROUP BY 1),
rejected AS (
  SELECT s.district_id AS unit_id, count(*)::int AS n FROM ingest_reject r JOIN ingest_batch b ON b.id = r.batch_id
  JOIN source s ON s.id = b.source_id WHERE r.status = 'open' AND s.district_id IS NOT NULL GROUP BY 1)
SELECT u.id AS unit_id, u.name, u.code, ST_X(ST_PointOnSurface(u.geom)) AS lng, ST_Y(ST_PointOnSurface(u.geom)) AS lat,
       COALESCE(p.records, 0) AS records, COALESCE(p.late, 0) AS late, p.last_day::text AS last_day,
       COALESCE(un.n, 0) AS unplaced, COALESCE(h.n, 0) AS held,
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
