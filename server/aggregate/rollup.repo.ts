// Set-based steps of a rollup refresh, each a named statement run on the
// caller's session (inside its transaction). See README.md for the order.
import { DEFAULT_VACCINE_INTERVALS } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';
import { span } from '../ingest/ingest-spans.ts';
import {
  AGE_BAND_HORIZON_DAYS, APPLY_DELTAS_TO_ROLLUPS, buildInsertLevel, buildInsertOwn, CASE_HOUSEHOLD_LOOKBACK_DAYS, DEFAULT_ACTIVE_DAYS,
  DELETE_EMPTIED_ROLLUPS, DELETE_OWN_OF_PAIRS_AS_DELTA, FIND_DELTA_ANCESTORS, INSERT_OWN_OF_PAIRS_AS_DELTA, PENDING_RETEST_DAYS, ROLLUP_TIME_ZONE,
} from './rollup-sql.ts';

/** Levels from the leaves up: a unit's children are always of a later-processed (lower) level. */
export const LEVELS_BOTTOM_UP = ['block', 'neighbourhood', 'ward', 'district', 'city'] as const;

// One refresher at a time across every process on this database.
const TAKE_REFRESH_LOCK = `SELECT pg_advisory_xact_lock(727275)`;

const CREATE_WORK_TABLES = `
CREATE TEMP TABLE agg_pair (unit_id integer NOT NULL, day date NOT NULL, PRIMARY KEY (unit_id, day)) ON COMMIT DROP;
CREATE TEMP TABLE agg_person (district_id integer NOT NULL, person_id bigint NOT NULL, PRIMARY KEY (district_id, person_id)) ON COMMIT DROP;
CREATE TEMP TABLE agg_rollup_pair (unit_id integer NOT NULL, day date NOT NULL, PRIMARY KEY (unit_id, day)) ON COMMIT DROP;
CREATE TEMP TABLE agg_own_delta (LIKE unit_day_own INCLUDING DEFAULTS) ON COMMIT DROP;
CREATE TEMP TABLE agg_ancestor (unit_id integer NOT NULL, ancestor_id integer NOT NULL, PRIMARY KEY (unit_id, ancestor_id)) ON COMMIT DROP`;

// The dirty pairs are read, not deleted, when a refresh starts: deleting them here held their row locks
// for the whole refresh, and every ingest marking one of them waited for it (measured 50–200 ms a chunk
// under the live feed). They are deleted at the end, each only while its marked_at is the one read here;
// an ingest that marked it again meanwhile (ingest always sets a fresh marked_at) leaves it for the next run.
const TAKE_DIRTY = `
CREATE TEMP TABLE agg_taken ON COMMIT DROP AS SELECT unit_id, day, marked_at FROM dirty_unit_day;
INSERT INTO agg_pair SELECT DISTINCT t.unit_id, t.day FROM agg_taken t JOIN unit u ON u.id = t.unit_id
ON CONFLICT DO NOTHING`;

// Rows are locked in (unit, day) order, the order ingest marks them in, so the two never deadlock; a row
// an ingest re-marked meanwhile fails the marked_at test when re-read after its lock and stays.
const DELETE_TAKEN = `
WITH locked AS (
  SELECT d.unit_id, d.day FROM dirty_unit_day d JOIN agg_taken t ON t.unit_id = d.unit_id AND t.day = d.day
  WHERE d.marked_at = t.marked_at ORDER BY d.unit_id, d.day FOR UPDATE OF d)
DELETE FROM dirty_unit_day d USING locked l WHERE d.unit_id = l.unit_id AND d.day = l.day`;

const COUNT_PAIRS = `SELECT count(*)::int AS n FROM agg_pair`;

// A case on D decides whether cases in the same household over the next 14 days
// start a new F0 household, and ends (stops being active) on its end day.
const EXPAND_CASE_DAYS = `
INSERT INTO agg_pair
SELECT p.unit_id, p.day + k FROM agg_pair p CROSS JOIN generate_series(1, ${CASE_HOUSEHOLD_LOOKBACK_DAYS}) k
WHERE EXISTS (SELECT 1 FROM covid_case c WHERE c.unit_id = p.unit_id AND c.confirmed_on = p.day)
   OR EXISTS (SELECT 1 FROM unit_day_own o WHERE o.unit_id = p.unit_id AND o.day = p.day
              AND o.cases_community + o.cases_imported + o.cases_quarantine > 0)
UNION
SELECT c.unit_id, COALESCE(c.recovered_on, c.confirmed_on + ${DEFAULT_ACTIVE_DAYS})
FROM agg_pair p JOIN covid_case c ON c.unit_id = p.unit_id AND c.confirmed_on = p.day
ON CONFLICT DO NOTHING`;

const testDay = (column: string) => `(${column} AT TIME ZONE '${ROLLUP_TIME_ZONE}')::date`;
const testDayStart = (day: string) => `(${day}::timestamp AT TIME ZONE '${ROLLUP_TIME_ZONE}')`;

// A pooled positive is pending from its day to its end day (≤ PENDING_RETEST_DAYS later), and the end moves
// when a test of the person comes, goes or changes. Every day a pool's end may have been or may now be on is
// added: the days after a pool on a pair (old own rows too, for a pool that went), the days after pools in the
// unit shortly before a pair (a closing test there changed), and after pools of the people tested on a pair
// (a closing test in another unit than the pool's).
const EXPAND_PENDING_RETEST_DAYS = `
INSERT INTO agg_pair
SELECT p.unit_id, p.day + k FROM agg_pair p CROSS JOIN generate_series(1, ${PENDING_RETEST_DAYS}) k
WHERE EXISTS (SELECT 1 FROM unit_day_own o WHERE o.unit_id = p.unit_id AND o.day = p.day AND o.retest_pending_new > 0)
UNION
SELECT q.unit_id, ${testDay('q.sample_time')} + k
FROM agg_pair p JOIN test_result q ON q.unit_id = p.unit_id AND q.pooled
  AND q.sample_time >= ${testDayStart(`(p.day - ${PENDING_RETEST_DAYS})`)} AND q.sample_time < ${testDayStart('(p.day + 1)')}
CROSS JOIN generate_series(1, ${PENDING_RETEST_DAYS}) k
UNION
SELECT q.unit_id, ${testDay('q.sample_time')} + k
FROM agg_pair p
JOIN test_result t ON t.unit_id = p.unit_id AND t.sample_time >= ${testDayStart('p.day')} AND t.sample_time < ${testDayStart('(p.day + 1)')}
JOIN test_result q ON q.person_id = t.person_id AND q.district_id = t.district_id AND q.pooled AND q.result = 'positive' AND q.unit_id IS NOT NULL
  AND q.sample_time >= ${testDayStart(`(p.day - ${PENDING_RETEST_DAYS})`)} AND q.sample_time < ${testDayStart('(p.day + 1)')}
CROSS JOIN generate_series(0, ${PENDING_RETEST_DAYS}) k
WHERE t.person_id IS NOT NULL
ON CONFLICT DO NOTHING`;

const FIND_PEOPLE = `
INSERT INTO agg_person
SELECT v.district_id, v.person_id FROM agg_pair p JOIN vaccination v ON v.unit_id = p.unit_id AND v.vaccinated_on = p.day WHERE v.person_id IS NOT NULL
UNION SELECT m.district_id, m.person_id FROM agg_pair p JOIN person_vaccination_milestone m ON m.unit_id = p.unit_id AND m.first_dose_on = p.day
UNION SELECT m.district_id, m.person_id FROM agg_pair p JOIN person_vaccination_milestone m ON m.unit_id = p.unit_id AND m.full_on = p.day
UNION SELECT m.district_id, m.person_id FROM agg_pair p JOIN person_vaccination_milestone m ON m.unit_id = p.unit_id AND m.booster_on = p.day
ON CONFLICT DO NOTHING`;

// Their milestones before the rewrite, to find which (unit, day) pairs actually moved.
const SAVE_OLD_MILESTONES = `
CREATE TEMP TABLE agg_old_milestone ON COMMIT DROP AS
SELECT m.* FROM person_vaccination_milestone m JOIN agg_person a USING (district_id, person_id)`;

// A milestone row that changed (or appeared, or went) changes the rows of every day it counted on, old and new:
// its milestone days and the days it entered each age band (a birthday after the milestone).
const milestoneDays = (a: string) => ['first_dose_on', 'full_on', 'booster_on'].flatMap((c) => [
  `(${a}.unit_id, ${a}.${c})`,
  ...[18, 50, 65].map((years) => `(${a}.unit_id, CASE WHEN (${a}.birth_date + interval '${years} years')::date <= ${a}.${c} + ${AGE_BAND_HORIZON_DAYS}
    THEN GREATEST(${a}.${c}, (${a}.birth_date + interval '${years} years')::date) END)`),
]).join(',\n  ');
const ADD_MOVED_MILESTONE_PAIRS = `
INSERT INTO agg_pair
SELECT DISTINCT x.unit_id, x.day
FROM agg_old_milestone o
FULL JOIN (SELECT m.* FROM person_vaccination_milestone m JOIN agg_person a USING (district_id, person_id)) n
  ON n.district_id = o.district_id AND n.person_id = o.person_id
CROSS JOIN LATERAL (VALUES
  ${milestoneDays('o')},
  ${milestoneDays('n')}
) x(unit_id, day)
WHERE (o.unit_id, o.first_dose_on, o.full_on, o.booster_on, o.birth_date) IS DISTINCT FROM (n.unit_id, n.first_dose_on, n.full_on, n.booster_on, n.birth_date)
  AND x.unit_id IS NOT NULL AND x.day IS NOT NULL
ON CONFLICT DO NOTHING`;

const DELETE_MILESTONES_OF_PEOPLE = `
DELETE FROM person_vaccination_milestone m USING agg_person a WHERE m.district_id = a.district_id AND m.person_id = a.person_id`;

/** Doses in each vaccine's primary series (geo/risk/vaccine-intervals); an unknown brand has 2. */
const PRIMARY_DOSES = `CASE v.vaccine_code ${DEFAULT_VACCINE_INTERVALS.map((i) => `WHEN '${i.code.replaceAll("'", "''")}' THEN ${i.primaryDoses}`).join(' ')} ELSE 2 END`;

// Full course: the first dose whose number reaches its own vaccine's primary series (Abdala 3, Janssen 1,
// others 2). A mixed schedule completes on the dose that completes the last vaccine's series, as MoH counted
// AstraZeneca then Pfizer/Moderna as two doses. Booster: the first dose numbered above the completing one.
const milestoneInsert = (filter: string) => `
INSERT INTO person_vaccination_milestone (district_id, person_id, unit_id, first_dose_on, full_on, booster_on, age_first, age_full, age_booster, birth_date)
SELECT s.district_id, s.person_id, s.unit_id, s.first_dose_on, s.full_on, s.booster_on,
       extract(year FROM age(s.first_dose_on, p.birth_date))::smallint,
       extract(year FROM age(s.full_on, p.birth_date))::smallint,
       extract(year FROM age(s.booster_on, p.birth_date))::smallint,
       p.birth_date
FROM (
  SELECT d.district_id, d.person_id,
         (array_agg(d.unit_id ORDER BY d.vaccinated_on DESC, d.id DESC) FILTER (WHERE d.unit_id IS NOT NULL))[1] AS unit_id,
         min(d.vaccinated_on) AS first_dose_on,
         min(d.vaccinated_on) FILTER (WHERE d.completes) AS full_on,
         min(d.vaccinated_on) FILTER (WHERE d.dose_number > d.full_number) AS booster_on
  FROM (
    SELECT v.*, v.dose_number >= ${PRIMARY_DOSES} AS completes,
           min(v.dose_number) FILTER (WHERE v.dose_number >= ${PRIMARY_DOSES}) OVER (PARTITION BY v.district_id, v.person_id) AS full_number
    FROM vaccination v ${filter}
  ) d
  GROUP BY d.district_id, d.person_id
) s
LEFT JOIN person p ON p.district_id = s.district_id AND p.id = s.person_id
WHERE s.unit_id IS NOT NULL`;

const INSERT_MILESTONES_OF_PEOPLE = milestoneInsert('JOIN agg_person a ON a.district_id = v.district_id AND a.person_id = v.person_id');
const INSERT_ALL_MILESTONES = milestoneInsert('WHERE v.person_id IS NOT NULL');

const INSERT_ALL_OWN = buildInsertOwn(false);

const FIND_ROLLUP_PAIRS = `
INSERT INTO agg_rollup_pair
WITH RECURSIVE up(unit_id, day) AS (
  SELECT unit_id, day FROM agg_pair
  UNION
  SELECT u.parent_id, up.day FROM up JOIN unit u ON u.id = up.unit_id WHERE u.parent_id IS NOT NULL
)
SELECT unit_id, day FROM up`;

const INSERT_LEVEL_ALL = buildInsertLevel();

const SUMMARISE_ROLLUP_PAIRS = `SELECT unit_id, min(day)::text AS from_day FROM agg_rollup_pair GROUP BY unit_id`;

const CLEAR_ALL = `
DELETE FROM dirty_unit_day;
TRUNCATE unit_day_own, unit_day_rollup, person_vaccination_milestone`;

// A refresh probes a few thousand keys of tables that sit in memory; at the default
// random_page_cost (4, for spinning disks) a misestimated key count tips the planner
// into full scans of unit_day_rollup / vaccination (measured: 100-300 ms each).
const PREFER_INDEX_PROBES = `SET LOCAL random_page_cost = 1.1`;

export async function takeRefreshLock(session: Session): Promise<void> {
  await session.query(TAKE_REFRESH_LOCK);
}

/** Planner settings for an incremental refresh (this transaction only). */
export async function tuneForRefresh(session: Session): Promise<void> {
  await session.query(PREFER_INDEX_PROBES);
}

export async function createWorkTables(session: Session): Promise<void> {
  await session.exec(CREATE_WORK_TABLES);
}

/** Copies every dirty pair into agg_pair (dirty_unit_day keeps them until releaseTakenPairs); returns how many there are. */
export async function takeDirtyPairs(session: Session): Promise<number> {
  await session.exec(TAKE_DIRTY);
  return (await session.query<{ n: number }>(COUNT_PAIRS))[0]?.n ?? 0;
}

/** Deletes the pairs takeDirtyPairs read, except those marked again since; call it last, just before commit. */
export async function releaseTakenPairs(session: Session): Promise<void> {
  await session.query(DELETE_TAKEN);
}

// Temp tables have no statistics until analysed; without them the planner guesses badly on every join below.
const ANALYZE_PAIRS = `ANALYZE agg_pair`;
const ANALYZE_DELTAS = `ANALYZE agg_own_delta; ANALYZE agg_ancestor`;
const ANALYZE_AGGREGATES = `ANALYZE unit_day_own; ANALYZE unit_day_rollup; ANALYZE person_vaccination_milestone`;

export async function expandCaseDays(session: Session): Promise<void> {
  await session.query(ANALYZE_PAIRS);
  await session.query(EXPAND_CASE_DAYS);
  await session.query(EXPAND_PENDING_RETEST_DAYS);
}

/** Recomputes the milestones of everyone vaccinated (or with a milestone) on a pair; adds the days of milestones that moved. */
export async function refreshMilestones(session: Session): Promise<void> {
  await session.query(FIND_PEOPLE);
  await session.query(SAVE_OLD_MILESTONES);
  await session.query(DELETE_MILESTONES_OF_PEOPLE);
  await session.query(INSERT_MILESTONES_OF_PEOPLE);
  await session.query(ADD_MOVED_MILESTONE_PAIRS);
  await session.query(ANALYZE_PAIRS);
}

/** Rewrites the own rows of the pairs, keeping new minus old in agg_own_delta. */
export async function refreshOwnRows(session: Session): Promise<void> {
  await session.query(DELETE_OWN_OF_PAIRS_AS_DELTA);
  await session.query(INSERT_OWN_OF_PAIRS_AS_DELTA);
}

/**
 * Adds the own-row deltas to the rollups of their units and every ancestor;
 * returns each unit of the pairs and its ancestors with its first touched day.
 */
export async function refreshRollups(session: Session): Promise<Map<number, string>> {
  await session.query(FIND_ROLLUP_PAIRS);
  await session.query(FIND_DELTA_ANCESTORS);
  await session.exec(ANALYZE_DELTAS);
  await session.query(APPLY_DELTAS_TO_ROLLUPS);
  await session.query(DELETE_EMPTIED_ROLLUPS);
  const rows = await session.query<{ unit_id: number; from_day: string }>(SUMMARISE_ROLLUP_PAIRS);
  return new Map(rows.map((r) => [r.unit_id, r.from_day]));
}

// A full rebuild sorts and hashes every event row: at the default 4 MB work_mem
// those spill to disk in batches (measured: a 136 MB external merge for own rows),
// and JIT compiling the wide aggregates (measured ~150 ms a statement) buys nothing here.
const TUNE_FOR_REBUILD = `SET LOCAL work_mem = '256MB'; SET LOCAL jit = off`;

/** Full rebuild of milestones, own rows and rollups from the event tables. */
export async function rebuildAllRollups(session: Session): Promise<void> {
  await session.exec(TUNE_FOR_REBUILD);
  await span('rebuild: clear', () => session.exec(CLEAR_ALL));
  await span('rebuild: milestones', () => session.query(INSERT_ALL_MILESTONES));
  await span('rebuild: own rows', () => session.query(INSERT_ALL_OWN));
  for (const level of LEVELS_BOTTOM_UP) await span(`rebuild: ${level} rollups`, () => session.query(INSERT_LEVEL_ALL, [level]));
  await span('rebuild: analyze', () => session.exec(ANALYZE_AGGREGATES));
}
