// The rollup SQL, built once at load from one column list so that the own
// (events → unit) step, the children sums and the full rebuild can never
// disagree on a column. Every source of events is one SELECT producing
// (unit_id, day, <its columns>); the others are zero.
import { DEFAULT_CASE_DEFINITION } from '../../geo/risk/index.ts';

/** Local calendar of the city: a test belongs to the day of its sample time here. */
export const ROLLUP_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** Days a case counts as active when no recovery date is recorded [cfg]. */
export const DEFAULT_ACTIVE_DAYS = 14;

/**
 * HCMC Plan 2716 counts "case households": households with a new case (F0) in
 * the window (D-13…D, or D-6…D). Per window, a household enters the set on a
 * case with none in the window's days before it and leaves a window after its
 * last case; the count on D is the running sum. The refresh re-reads this many
 * days after every case (the longest window).
 */
export const CASE_HOUSEHOLD_LOOKBACK_DAYS = 14;

/**
 * The household a case counts in for Plan 2716: its register household, else
 * (a person the register does not know) the address key their record gave —
 * people at one address are one household — else the person alone. Every
 * case is in some household: none is left out of the case-household counts.
 */
const CASE_PERSON = (c: string, p: string) => `LEFT JOIN person ${p} ON ${p}.district_id = ${c}.district_id AND ${p}.id = ${c}.person_id`;
const CASE_HOUSEHOLD = (c: string, p: string) =>
  `COALESCE('h' || ${c}.household_id, 'a' || ${p}.residence_address_key, 'p' || ${c}.person_id, 'c' || ${c}.id)`;

/** Days a pooled positive keeps its members pending an individual retest when none follows [cfg: the case definition]. */
export const PENDING_RETEST_DAYS = DEFAULT_CASE_DEFINITION.pendingRetestDays;

/**
 * Age bands use the age on the date shown: a person counts in a band from the
 * later of the milestone and the birthday that enters the band. Birthdays more
 * than this many days after the milestone are not followed (they would put
 * rows decades ahead of the data and grade every unit up to them).
 */
export const AGE_BAND_HORIZON_DAYS = 366;

/** A rollup row on a day some record is dated (a test, a dose, a case), not only an age-band entry or an end. */
export const RECORD_DAY = `(tests_pcr + tests_antigen + cases_community + cases_imported + cases_quarantine > 0
  OR doses[1] + doses[2] + doses[3] + doses[4] + doses[5] > 0)`;

/** Columns of unit_day_own / unit_day_rollup; `doses` is handled as d1…d5. */
export const VALUE_COLUMNS = [
  'cases_community', 'cases_imported', 'cases_quarantine', 'cases_severe', 'deaths',
  'tests_pcr', 'tests_antigen', 'positive_pcr', 'positive_antigen',
  'd1', 'd2', 'd3', 'd4', 'd5',
  'dose1_people', 'dose1_18plus', 'dose1_50plus', 'dose1_65plus',
  'full_people', 'full_18plus', 'full_50plus', 'full_65plus',
  'booster_people', 'booster_18plus', 'booster_50plus', 'booster_65plus',
  'cases_ended', 'case_households_new', 'case_households_new_contact',
  'retest_pending_new', 'retest_pending_ended',
  'case_households_in7_new', 'case_households_in7_left', 'case_households_in14_new', 'case_households_in14_left',
] as const;

export type ValueColumn = (typeof VALUE_COLUMNS)[number];

/** Table columns (doses as an array) in insert order. */
export const TABLE_COLUMNS = ['district_id', 'unit_id', 'day', ...VALUE_COLUMNS.filter((c) => !/^d\d$/.test(c)), 'doses'];

const stored = (alias: string) => VALUE_COLUMNS.map((c) => (/^d\d$/.test(c) ? `${alias}.doses[${c.slice(1)}] AS ${c}` : `${alias}.${c}`)).join(', ');
const nonZero = VALUE_COLUMNS.map((c) => `sum(x.${c})`).join(' + ');
const outColumns = VALUE_COLUMNS.filter((c) => !/^d\d$/.test(c)).join(', ');

/** One event source: its FROM (with the `{pairs}` join placeholder), day expression and column expressions. */
interface Source {
  from: string;
  /** Join that restricts the source to the pairs in agg_pair (incremental) — removed for a full rebuild. */
  pairs: string;
  unit: string;
  day: string;
  where: string;
  values: Partial<Record<ValueColumn, string>>;
}

const localDay = (column: string) => `(${column} AT TIME ZONE '${ROLLUP_TIME_ZONE}')::date`;
const dayStart = (day: string) => `(${day}::timestamp AT TIME ZONE '${ROLLUP_TIME_ZONE}')`;
const endDay = `COALESCE(c.recovered_on, c.confirmed_on + ${DEFAULT_ACTIVE_DAYS})`;

/**
 * A test counts once per sample: a pooled row counts only as its pool's first
 * member (lowest id) in the source, so a pool of ten is one test and, positive,
 * one positive. A pooled row without a sample id counts alone.
 */
export const COUNTS_AS_SAMPLE = `(NOT t.pooled OR t.sample_id IS NULL OR NOT EXISTS (
  SELECT 1 FROM test_result o WHERE o.source_id = t.source_id AND o.sample_id = t.sample_id AND o.pooled AND o.id < t.id))`;

/** A pooled positive of a known person: its members are pending an individual retest. */
export const POOLED_POSITIVE = `t.pooled AND t.result = 'positive' AND t.person_id IS NOT NULL`;

/**
 * Day a pending retest stops: the person's next individual test or next
 * positive pool (which takes over), else PENDING_RETEST_DAYS after the pool.
 */
export const PENDING_RETEST_END = `LEAST(${localDay('t.sample_time')} + ${PENDING_RETEST_DAYS}, (
  SELECT min(${localDay('x.sample_time')}) FROM test_result x
  WHERE x.person_id = t.person_id AND x.district_id = t.district_id AND (x.sample_time, x.id) > (t.sample_time, t.id)
    AND (NOT x.pooled OR x.result = 'positive')))`;

/** The day a milestone counts in an age band: the later of the milestone and the birthday entering the band. */
const bandDay = (milestone: string, years: number) => `GREATEST(${milestone}, (m.birth_date + interval '${years} years')::date)`;
const bandWhere = (milestone: string, years: number) =>
  `${milestone} IS NOT NULL AND m.birth_date IS NOT NULL AND (m.birth_date + interval '${years} years')::date <= ${milestone} + ${AGE_BAND_HORIZON_DAYS}`;

const SOURCES: Source[] = [
  {
    from: 'test_result t', unit: 't.unit_id', day: localDay('t.sample_time'), where: 't.unit_id IS NOT NULL',
    pairs: `JOIN agg_pair p ON p.unit_id = t.unit_id AND t.sample_time >= ${dayStart('p.day')} AND t.sample_time < ${dayStart('(p.day + 1)')}`,
    values: {
      tests_pcr: `count(*) FILTER (WHERE t.method = 'pcr' AND ${COUNTS_AS_SAMPLE})`,
      tests_antigen: `count(*) FILTER (WHERE t.method = 'antigen' AND ${COUNTS_AS_SAMPLE})`,
      positive_pcr: `count(*) FILTER (WHERE t.method = 'pcr' AND t.result = 'positive' AND ${COUNTS_AS_SAMPLE})`,
      positive_antigen: `count(*) FILTER (WHERE t.method = 'antigen' AND t.result = 'positive' AND ${COUNTS_AS_SAMPLE})`,
      retest_pending_new: `count(*) FILTER (WHERE ${POOLED_POSITIVE})`,
    },
  },
  {
    from: 'test_result t', unit: 't.unit_id', day: PENDING_RETEST_END, where: `t.unit_id IS NOT NULL AND ${POOLED_POSITIVE}`,
    pairs: `JOIN agg_pair p ON p.unit_id = t.unit_id AND t.sample_time >= ${dayStart(`(p.day - ${PENDING_RETEST_DAYS})`)}
      AND t.sample_time < ${dayStart('(p.day + 1)')} AND p.day = ${PENDING_RETEST_END}`,
    values: { retest_pending_ended: 'count(*)' },
  },
  {
    from: 'vaccination v', unit: 'v.unit_id', day: 'v.vaccinated_on', where: 'v.unit_id IS NOT NULL',
    pairs: 'JOIN agg_pair p ON p.unit_id = v.unit_id AND p.day = v.vaccinated_on',
    values: Object.fromEntries([1, 2, 3, 4, 5].map((n) => [`d${n}`, `count(*) FILTER (WHERE v.dose_number = ${n})`])),
  },
  {
    from: 'covid_case c', unit: 'c.unit_id', day: 'c.confirmed_on', where: 'c.unit_id IS NOT NULL',
    pairs: 'JOIN agg_pair p ON p.unit_id = c.unit_id AND p.day = c.confirmed_on',
    values: {
      cases_community: "count(*) FILTER (WHERE c.classification = 'community')",
      cases_imported: "count(*) FILTER (WHERE c.classification = 'imported')",
      cases_quarantine: "count(*) FILTER (WHERE c.classification = 'quarantine')",
      cases_severe: "count(*) FILTER (WHERE c.severity = 'severe')",
      deaths: "count(*) FILTER (WHERE c.severity = 'death')",
    },
  },
  {
    from: 'covid_case c', unit: 'c.unit_id', day: endDay, where: 'c.unit_id IS NOT NULL',
    pairs: `JOIN agg_pair p ON p.unit_id = c.unit_id AND p.day = ${endDay}`,
    values: { cases_ended: 'count(*)' },
  },
  {
    from: `covid_case c ${CASE_PERSON('c', 'cp')}`, unit: 'c.unit_id', day: 'c.confirmed_on', where: 'c.unit_id IS NOT NULL',
    pairs: 'JOIN agg_pair p ON p.unit_id = c.unit_id AND p.day = c.confirmed_on',
    values: { case_households_new: `count(DISTINCT ${CASE_HOUSEHOLD('c', 'cp')})` },
  },
  ...([7, 14] as const).flatMap((windowDays): Source[] => {
    const household = `c.unit_id IS NOT NULL`;
    const other = (from: string, to: string) => `EXISTS (SELECT 1 FROM covid_case e ${CASE_PERSON('e', 'ep')}
        WHERE ${CASE_HOUSEHOLD('e', 'ep')} = ${CASE_HOUSEHOLD('c', 'cp')} AND e.unit_id = c.unit_id
        AND e.confirmed_on >= ${from} AND e.confirmed_on <= ${to})`;
    return [
      {
        from: `covid_case c ${CASE_PERSON('c', 'cp')}`, unit: 'c.unit_id', day: 'c.confirmed_on',
        where: `${household} AND NOT ${other(`c.confirmed_on - ${windowDays - 1}`, 'c.confirmed_on - 1')}`,
        pairs: 'JOIN agg_pair p ON p.unit_id = c.unit_id AND p.day = c.confirmed_on',
        values: { [`case_households_in${windowDays}_new`]: `count(DISTINCT ${CASE_HOUSEHOLD('c', 'cp')})` },
      },
      {
        from: `covid_case c ${CASE_PERSON('c', 'cp')}`, unit: 'c.unit_id', day: `c.confirmed_on + ${windowDays}`,
        where: `${household} AND NOT ${other('c.confirmed_on + 1', `c.confirmed_on + ${windowDays - 1}`)}`,
        pairs: `JOIN agg_pair p ON p.unit_id = c.unit_id AND p.day = c.confirmed_on + ${windowDays}`,
        values: { [`case_households_in${windowDays}_left`]: `count(DISTINCT ${CASE_HOUSEHOLD('c', 'cp')})` },
      },
    ];
  }),
  ...(['first_dose_on', 'full_on', 'booster_on'] as const).flatMap((column, i): Source[] => {
    const prefix = (['dose1', 'full', 'booster'] as const)[i] ?? 'dose1';
    const milestone = `m.${column}`;
    return [
      {
        from: 'person_vaccination_milestone m', unit: 'm.unit_id', day: milestone, where: `${milestone} IS NOT NULL`,
        pairs: `JOIN agg_pair p ON p.unit_id = m.unit_id AND p.day = ${milestone}`,
        values: { [`${prefix}_people`]: 'count(*)' },
      },
      ...([18, 50, 65] as const).map((years): Source => ({
        from: 'person_vaccination_milestone m', unit: 'm.unit_id', day: bandDay(milestone, years), where: bandWhere(milestone, years),
        pairs: `JOIN agg_pair p ON p.unit_id = m.unit_id AND p.day = ${bandDay(milestone, years)}`,
        values: { [`${prefix}_${years}plus`]: 'count(*)' },
      })),
    ];
  }),
];

function sourceSelect(source: Source, incremental: boolean): string {
  const values = VALUE_COLUMNS.map((c) => `${source.values[c] ?? '0'} AS ${c}`).join(', ');
  const unit = incremental ? 'p.unit_id' : source.unit;
  const day = incremental ? 'p.day' : source.day;
  return `SELECT ${unit} AS unit_id, ${day} AS day, ${values}
    FROM ${source.from} ${incremental ? source.pairs : ''} WHERE ${source.where} GROUP BY 1, 2`;
}

/** Own rows from the events: for the pairs in agg_pair (incremental) or for everything (full). */
export function buildInsertOwn(incremental: boolean): string {
  return `
INSERT INTO unit_day_own (${TABLE_COLUMNS.join(', ')})
SELECT COALESCE(u.district_id, 0), x.unit_id, x.day, ${VALUE_COLUMNS.filter((c) => !/^d\d$/.test(c)).map((c) => `sum(x.${c})::int`).join(', ')},
       ARRAY[sum(x.d1), sum(x.d2), sum(x.d3), sum(x.d4), sum(x.d5)]::int[]
FROM (${SOURCES.map((s) => sourceSelect(s, incremental)).join('\n  UNION ALL ')}) x
JOIN unit u ON u.id = x.unit_id
GROUP BY u.district_id, x.unit_id, x.day
HAVING ${nonZero} > 0`;
}

/**
 * Rollups of one level ($1) = own rows + the sum of the children's rollups,
 * for every day (full rebuild). Children are always of a lower level, so
 * running the levels from block up to city sees finished children.
 */
export function buildInsertLevel(): string {
  const own = `SELECT o.unit_id, o.day, ${stored('o')} FROM unit_day_own o JOIN unit u ON u.id = o.unit_id AND u.level = $1`;
  const children = `SELECT c.parent_id, r.day, ${stored('r')} FROM unit_day_rollup r JOIN unit c ON c.id = r.unit_id
         JOIN unit pu ON pu.id = c.parent_id AND pu.level = $1`;
  return `
INSERT INTO unit_day_rollup (${TABLE_COLUMNS.join(', ')})
SELECT COALESCE(u.district_id, 0), x.unit_id, x.day, ${outColumns.split(', ').map((c) => `sum(x.${c})::int`).join(', ')},
       ARRAY[sum(x.d1), sum(x.d2), sum(x.d3), sum(x.d4), sum(x.d5)]::int[]
FROM (${own} UNION ALL ${children}) x JOIN unit u ON u.id = x.unit_id
GROUP BY u.district_id, x.unit_id, x.day
HAVING ${nonZero} > 0`;
}

// Incremental rollups move by deltas: a rollup row is the sum of the own rows
// of the unit's subtree, so the change of an own row (new minus old) is added
// to the unit and each of its ancestors, and rows left all zero are deleted.
// This touches (changed own pairs × depth) rows instead of re-summing children.

const scalarColumns = VALUE_COLUMNS.filter((c) => !/^d\d$/.test(c));
const DOSE_SLOTS = [1, 2, 3, 4, 5];
const allZero = (alias: string) => [...scalarColumns.map((c) => `${alias}.${c}`), ...DOSE_SLOTS.map((n) => `${alias}.doses[${n}]`)].join(' + ') + ' = 0';

/** Deletes the own rows of the pairs in agg_pair, recording them as negative deltas in agg_own_delta. */
export const DELETE_OWN_OF_PAIRS_AS_DELTA = `
WITH gone AS (DELETE FROM unit_day_own o USING agg_pair p WHERE o.unit_id = p.unit_id AND o.day = p.day RETURNING o.*)
INSERT INTO agg_own_delta (${TABLE_COLUMNS.join(', ')})
SELECT district_id, unit_id, day, ${scalarColumns.map((c) => `-${c}`).join(', ')}, ARRAY[${DOSE_SLOTS.map((n) => `-doses[${n}]`).join(', ')}]
FROM gone`;

/** Inserts the own rows of the pairs in agg_pair, recording them as positive deltas in agg_own_delta. */
export const INSERT_OWN_OF_PAIRS_AS_DELTA = `
WITH added AS (${buildInsertOwn(true)}
RETURNING ${TABLE_COLUMNS.join(', ')})
INSERT INTO agg_own_delta (${TABLE_COLUMNS.join(', ')}) SELECT ${TABLE_COLUMNS.join(', ')} FROM added`;

/** Each unit with a delta and all its ancestors (itself included). */
export const FIND_DELTA_ANCESTORS = `
INSERT INTO agg_ancestor
WITH RECURSIVE up(unit_id, ancestor_id) AS (
  SELECT DISTINCT unit_id, unit_id FROM agg_own_delta
  UNION
  SELECT up.unit_id, u.parent_id FROM up JOIN unit u ON u.id = up.ancestor_id WHERE u.parent_id IS NOT NULL
)
SELECT unit_id, ancestor_id FROM up`;

/** Adds the net deltas to the rollups of every unit and ancestor; creates rows that did not exist. */
export const APPLY_DELTAS_TO_ROLLUPS = `
INSERT INTO unit_day_rollup (${TABLE_COLUMNS.join(', ')})
SELECT COALESCE(a.district_id, 0), a.id, d.day, ${scalarColumns.map((c) => `sum(d.${c})::int`).join(', ')},
       ARRAY[${DOSE_SLOTS.map((n) => `sum(d.doses[${n}])`).join(', ')}]::int[]
FROM agg_own_delta d JOIN agg_ancestor c ON c.unit_id = d.unit_id JOIN unit a ON a.id = c.ancestor_id
GROUP BY a.district_id, a.id, d.day
HAVING ${[...scalarColumns.map((c) => `sum(d.${c}) <> 0`), ...DOSE_SLOTS.map((n) => `sum(d.doses[${n}]) <> 0`)].join(' OR ')}
ON CONFLICT (district_id, unit_id, day) DO UPDATE SET
  ${scalarColumns.map((c) => `${c} = unit_day_rollup.${c} + EXCLUDED.${c}`).join(', ')},
  doses = ARRAY[${DOSE_SLOTS.map((n) => `unit_day_rollup.doses[${n}] + EXCLUDED.doses[${n}]`).join(', ')}]`;

/** A rollup row exists only when a value is not zero: deletes those the deltas emptied. */
export const DELETE_EMPTIED_ROLLUPS = `
DELETE FROM unit_day_rollup r
USING (SELECT DISTINCT c.ancestor_id, d.day FROM agg_own_delta d JOIN agg_ancestor c ON c.unit_id = d.unit_id) t
WHERE r.unit_id = t.ancestor_id AND r.day = t.day AND ${allZero('r')}`;
