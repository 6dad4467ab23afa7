// A positive test that confirms a case under the city map's dated case
// definition (geo/risk/case-definitions: an individual RT-PCR; an individual
// antigen test from the date the city accepted it; never a pooled sample)
// opens a COVID-19 case (origin 'test'), one per person per episode: a positive within 90 days (either side) of one of the person's
// cases joins that case instead of opening another, and a case is dated by its episode's first positive (one that arrives
// late but was sampled earlier re-dates it). A corrected test moves or
// removes the case it opened. Cases carry the district, household and unit of
// their person like events, and touch (unit, confirmed day).
import { confirmationWindows, DEFAULT_CASE_DEFINITION, type CaseDefinition } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';
import type { CaseClassification } from './ingest.types.ts';

/** Days either side of an existing case in which a positive is the same episode. */
export const CASE_EPISODE_DAYS = 90;

const LOCAL_DAY = `(t.sample_time AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/**
 * SQL condition on test_result `t`: its result would confirm a case under the
 * definition's city-map count (methods are a checked list, days integers).
 */
export function buildConfirmsCase(definition: CaseDefinition): string {
  const day = (n: number) => `DATE '1970-01-01' + ${n}`;
  const windows = confirmationWindows(definition, 'cityMap').map((w) => [
    `t.method = '${w.method}'`,
    ...(w.fromDay === null ? [] : [`${LOCAL_DAY} >= ${day(w.fromDay)}`]),
    ...(w.toDay === null ? [] : [`${LOCAL_DAY} < ${day(w.toDay)}`]),
  ].join(' AND '));
  return `(NOT t.pooled AND (${windows.length > 0 ? windows.map((w) => `(${w})`).join(' OR ') : 'false'}))`;
}

const CONFIRMS = buildConfirmsCase(DEFAULT_CASE_DEFINITION);

const SELECT_CHUNK_TESTS = `
SELECT t.id, s.classification FROM ingest_stage s JOIN test_result t ON t.source_id = $1 AND t.source_record_id = s.source_record_id
WHERE s.action IN ('insert', 'update')`;

const REMOVE_STALE_CASES = `
WITH gone AS (
  DELETE FROM covid_case c USING test_result t
  WHERE t.id = ANY($1::bigint[]) AND c.test_result_id = t.id AND c.origin = 'test' AND (t.result <> 'positive' OR t.person_id IS NULL OR NOT ${CONFIRMS})
  RETURNING c.unit_id, c.confirmed_on)
INSERT INTO ingest_touched (unit_id, day) SELECT unit_id, confirmed_on FROM gone WHERE unit_id IS NOT NULL`;

const MOVE_CASES = `
WITH old AS (
  SELECT c.unit_id, c.confirmed_on FROM covid_case c JOIN test_result t ON c.test_result_id = t.id
  WHERE t.id = ANY($1::bigint[]) AND t.result = 'positive' AND t.person_id IS NOT NULL),
moved AS (
  UPDATE covid_case c SET district_id = t.district_id, person_id = t.person_id, household_id = p.household_id, unit_id = t.unit_id,
         confirmed_on = ${LOCAL_DAY}
  FROM test_result t JOIN person p ON p.district_id = t.district_id AND p.id = t.person_id
  WHERE t.id = ANY($1::bigint[]) AND c.test_result_id = t.id AND t.result = 'positive'
  RETURNING c.unit_id, c.confirmed_on)
INSERT INTO ingest_touched (unit_id, day)
SELECT unit_id, confirmed_on FROM old WHERE unit_id IS NOT NULL
UNION ALL SELECT unit_id, confirmed_on FROM moved WHERE unit_id IS NOT NULL`;

// A case is dated by its episode's first positive: a confirming positive that arrives after the person's case
// but was sampled before it (within the episode) takes the case over — its day, test, unit and household —
// each test taking at most the nearest later case. Touches the old and the new (unit, day).
const REDATE_CASES = `
WITH a AS (SELECT unnest($1::bigint[]) AS test_id),
candidates AS (
  SELECT DISTINCT ON (t.id) c.district_id AS case_district, c.id AS case_id, t.district_id, t.id, t.unit_id, p.household_id, ${LOCAL_DAY} AS day, t.sample_time
  FROM a JOIN test_result t ON t.id = a.test_id
  JOIN person p ON p.district_id = t.district_id AND p.id = t.person_id
  JOIN covid_case c ON c.person_id = t.person_id AND c.origin = 'test'
    AND c.confirmed_on > ${LOCAL_DAY} AND c.confirmed_on - ${LOCAL_DAY} <= ${CASE_EPISODE_DAYS}
  WHERE t.result = 'positive' AND ${CONFIRMS}
    AND NOT EXISTS (SELECT 1 FROM covid_case x WHERE x.district_id = t.district_id AND x.test_result_id = t.id)
  ORDER BY t.id, c.confirmed_on),
earliest AS (SELECT DISTINCT ON (case_district, case_id) * FROM candidates ORDER BY case_district, case_id, sample_time, id),
old AS (SELECT c.unit_id, c.confirmed_on FROM covid_case c JOIN earliest e ON c.district_id = e.case_district AND c.id = e.case_id),
moved AS (
  UPDATE covid_case c SET district_id = e.district_id, test_result_id = e.id, household_id = e.household_id, unit_id = e.unit_id, confirmed_on = e.day
  FROM earliest e WHERE c.district_id = e.case_district AND c.id = e.case_id
  RETURNING c.unit_id, c.confirmed_on)
INSERT INTO ingest_touched (unit_id, day)
SELECT unit_id, confirmed_on FROM old WHERE unit_id IS NOT NULL
UNION ALL SELECT unit_id, confirmed_on FROM moved WHERE unit_id IS NOT NULL`;

// One case per person per episode after tests moved between people: a corrected record relinked to a person who
// already has a case in the episode brings its case along (MOVE_CASES); the later of two such cases goes.
const DROP_EPISODE_DUPLICATES = `
WITH people AS (SELECT DISTINCT t.person_id FROM test_result t WHERE t.id = ANY($1::bigint[]) AND t.person_id IS NOT NULL),
dup AS (
  SELECT c.district_id, c.id FROM covid_case c JOIN people a ON a.person_id = c.person_id
  WHERE c.origin = 'test' AND EXISTS (
    SELECT 1 FROM covid_case e WHERE e.person_id = c.person_id AND e.origin = 'test' AND abs(e.confirmed_on - c.confirmed_on) <= ${CASE_EPISODE_DAYS}
      AND (e.confirmed_on, e.id) < (c.confirmed_on, c.id))),
gone AS (DELETE FROM covid_case c USING dup WHERE c.district_id = dup.district_id AND c.id = dup.id RETURNING c.unit_id, c.confirmed_on)
INSERT INTO ingest_touched (unit_id, day) SELECT unit_id, confirmed_on FROM gone WHERE unit_id IS NOT NULL`;

// The earliest positive per person first; the caller repeats until nothing opens (episodes > 90 days apart in one chunk).
const OPEN_CASES = `
WITH a AS (SELECT * FROM unnest($1::bigint[], $2::text[]) AS a(test_id, classification)),
positives AS (
  SELECT DISTINCT ON (t.person_id) t.district_id, t.id, t.person_id, t.unit_id, p.household_id, ${LOCAL_DAY} AS day, a.classification
  FROM a JOIN test_result t ON t.id = a.test_id
  JOIN person p ON p.district_id = t.district_id AND p.id = t.person_id
  WHERE t.result = 'positive' AND ${CONFIRMS}
    AND NOT EXISTS (SELECT 1 FROM covid_case c WHERE c.district_id = t.district_id AND c.test_result_id = t.id)
    AND NOT EXISTS (SELECT 1 FROM covid_case c WHERE c.person_id = t.person_id AND abs(c.confirmed_on - ${LOCAL_DAY}) <= ${CASE_EPISODE_DAYS})
  ORDER BY t.person_id, t.sample_time),
opened AS (
  INSERT INTO covid_case (district_id, person_id, household_id, unit_id, origin, test_result_id, classification, confirmed_on)
  SELECT district_id, person_id, household_id, unit_id, 'test', id, classification, day FROM positives
  RETURNING unit_id, confirmed_on),
marked AS (INSERT INTO ingest_touched (unit_id, day) SELECT unit_id, confirmed_on FROM opened WHERE unit_id IS NOT NULL)
SELECT count(*)::int AS n FROM opened`;

/** Brings cases in line with the given tests; classification per test, else the source's, else community. */
export async function updateCasesFor(session: Session, tests: ReadonlyArray<{ id: number; classification: string | null }>, sourceClassification: CaseClassification | null): Promise<number> {
  if (tests.length === 0) return 0;
  const ids = tests.map((t) => t.id);
  const classes = tests.map((t) => t.classification ?? sourceClassification ?? 'community');
  await session.query(REMOVE_STALE_CASES, [ids]);
  await session.query(MOVE_CASES, [ids]);
  await session.query(REDATE_CASES, [ids]);
  await session.query(DROP_EPISODE_DUPLICATES, [ids]);
  let opened = 0;
  for (;;) {
    const [row] = await session.query<{ n: number }>(OPEN_CASES, [ids, classes]);
    if (!row || row.n === 0) return opened;
    opened += row.n;
  }
}

/** Cases for the tests the current chunk inserted or changed. */
export async function updateCasesForChunk(session: Session, sourceId: number, sourceClassification: CaseClassification | null): Promise<number> {
  const tests = await session.query<{ id: number; classification: string | null }>(SELECT_CHUNK_TESTS, [sourceId]);
  return updateCasesFor(session, tests, sourceClassification);
}
