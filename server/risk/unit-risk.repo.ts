// Reads behind the units API: units with window sums and their tier as of a
// date (a level, or a parent's children), one unit, and history.
import { sql } from 'kysely';
import type { Session } from '../db/database.ts';
import { RECORD_DAY, VALUE_COLUMNS } from '../aggregate/rollup-sql.ts';
import { dayOf } from './days.ts';
import { VACCINATION_COLUMNS, type RollupRow, type VaccinationTotals } from './tier-compute.ts';
import type { CapacityDbRow, UnitInfoRow } from './tier.repo.ts';

export interface UnitSummaryRow {
  id: number;
  code: string;
  name: string;
  level: string;
  parent_id: number | null;
  population: number | null;
  population_18plus: number | null;
  community14: number;
  all7: number;
  dose1_18: number;
  tier: string | null;
}

// Window sums as of $2 and the run in force on $2 for rule set $3; {where} picks the units.
const summariesWhere = (where: string) => `
SELECT u.id, u.code, u.name, u.level, u.parent_id, u.population, u.population_18plus,
       COALESCE(w.community14, 0) AS community14, COALESCE(w.all7, 0) AS all7, COALESCE(w.dose1_18, 0) AS dose1_18, t.tier
FROM unit u
LEFT JOIN LATERAL (
  SELECT sum(r.cases_community) FILTER (WHERE r.day > $2::date - 14)::int AS community14,
         sum(r.cases_community + r.cases_imported + r.cases_quarantine) FILTER (WHERE r.day > $2::date - 7)::int AS all7,
         sum(r.dose1_18plus)::int AS dose1_18
  FROM unit_day_rollup r WHERE r.unit_id = u.id AND r.day <= $2::date) w ON true
LEFT JOIN LATERAL (
  SELECT t.tier FROM unit_tier t WHERE t.unit_id = u.id AND t.rule_set_id = $3 AND t.day <= $2::date
  ORDER BY t.day DESC LIMIT 1) t ON true
WHERE ${where}
ORDER BY u.id`;

const SELECT_LEVEL_SUMMARIES = summariesWhere('u.level = $1');
const SELECT_CHILD_SUMMARIES = summariesWhere('u.parent_id = $1::int');

const UNIT_COLUMNS = `id, code, name, level, parent_id, COALESCE(district_id, 0) AS district_id,
       population, population_18plus, population_50plus, population_65plus`;
const SELECT_UNIT = `
SELECT ${UNIT_COLUMNS}
FROM unit WHERE id = $1`;

const SELECT_RUNS_OF_SET = `
SELECT (day - DATE '1970-01-01') AS day, day::text AS date, tier, insufficient_data, rule_set_version FROM unit_tier
WHERE unit_id = $1 AND rule_set_id = $2 ORDER BY day`;

const DAILY_COUNT_COLUMNS = `day::text AS date, cases_community + cases_imported + cases_quarantine AS cases, cases_community,
       tests_pcr + tests_antigen AS tests, positive_pcr + positive_antigen AS positives, doses`;
const SELECT_DAILY_COUNTS = `
SELECT ${DAILY_COUNT_COLUMNS}
FROM unit_day_rollup WHERE unit_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`;

const BAND_COLUMNS = ['dose1_people', 'dose1_18plus', 'full_people', 'full_18plus', 'full_50plus', 'full_65plus', 'booster_18plus'] as const;

const STANDING_COLUMNS = `COALESCE(sum(cases_community + cases_imported + cases_quarantine - cases_ended), 0)::int AS active_cases,
       COALESCE(sum(dose1_people), 0)::int AS dose1, COALESCE(sum(full_people), 0)::int AS full,
       COALESCE(sum(booster_people), 0)::int AS booster,
       COALESCE(sum(retest_pending_new - retest_pending_ended), 0)::int AS pending_retest,
       ${BAND_COLUMNS.map((c) => `COALESCE(sum(${c}), 0)::int AS ${c}`).join(', ')}`;
const SELECT_STANDING = `
SELECT ${STANDING_COLUMNS}
FROM unit_day_rollup WHERE unit_id = $1 AND day <= $2::date`;

export type StandingRow = { active_cases: number; dose1: number; full: number; booster: number; pending_retest: number }
  & Record<(typeof BAND_COLUMNS)[number], number>;

// Freshness: the last day on or before D on which a record of the unit is dated (not a birthday entering a band).
const SELECT_LAST_DATA_DAY = `SELECT max(day)::text AS day FROM unit_day_rollup WHERE unit_id = $1 AND day <= $2::date AND ${RECORD_DAY}`;

export interface UnitRow {
  id: number; code: string; name: string; level: string; parent_id: number | null; district_id: number;
  population: number | null; population_18plus: number | null; population_50plus: number | null; population_65plus: number | null;
}

export async function selectLevelSummaries(session: Session, level: string, date: string, ruleSetId: string): Promise<UnitSummaryRow[]> {
  return session.query<UnitSummaryRow>(SELECT_LEVEL_SUMMARIES, [level, date, ruleSetId]);
}

export async function selectChildSummaries(session: Session, parentId: number, date: string, ruleSetId: string): Promise<UnitSummaryRow[]> {
  return session.query<UnitSummaryRow>(SELECT_CHILD_SUMMARIES, [parentId, date, ruleSetId]);
}

export async function selectUnit(session: Session, id: number): Promise<UnitRow | null> {
  return (await session.query<UnitRow>(SELECT_UNIT, [id]))[0] ?? null;
}

export async function selectRunsOfSet(session: Session, unitId: number, ruleSetId: string) {
  return session.query<{ day: number; date: string; tier: string; insufficient_data: boolean; rule_set_version: string | null }>(SELECT_RUNS_OF_SET, [unitId, ruleSetId]);
}

export async function selectDailyCounts(session: Session, unitId: number, from: string, to: string) {
  return session.query<{ date: string; cases: number; cases_community: number; tests: number; positives: number; doses: number[] }>(SELECT_DAILY_COUNTS, [unitId, from, to]);
}

/** Standing values as of the date (running sums): active cases, people vaccinated by band, pending retests. */
export async function selectStanding(session: Session, unitId: number, date: string): Promise<StandingRow> {
  const [row] = await session.query<StandingRow>(SELECT_STANDING, [unitId, date]);
  return row ?? { active_cases: 0, dose1: 0, full: 0, booster: 0, pending_retest: 0, ...Object.fromEntries(BAND_COLUMNS.map((c) => [c, 0])) } as StandingRow;
}

export async function selectLastDataDay(session: Session, unitId: number, date: string): Promise<string | null> {
  return (await session.query<{ day: string | null }>(SELECT_LAST_DATA_DAY, [unitId, date]))[0]?.day ?? null;
}


// ---------------------------------------------------------------------------
// One unit's detail (GET /units/:id) in three statements: the unit with the
// rule sets, everything recorded about the unit, and the children its
// baseline rolls up. Each piece is a statement above (or tier.repo's) read as
// JSON inside one row, with the same columns and order, so the answer is the same.

export interface UnitContextRow {
  unit: UnitRow | null;
  /** rule_set.document by id (ruleSetsFrom's input). */
  rule_sets: unknown[];
  /** rule_set_version.document by id, effective_from, version (ruleSetVersionsFrom's input). */
  versions: unknown[];
}

/** The unit (null when there is none) and the stored rule sets and versions. */
export async function selectUnitContext(session: Session, unitId: number): Promise<UnitContextRow> {
  const { rows } = await sql<UnitContextRow>`
SELECT (SELECT to_jsonb(u) FROM (SELECT ${sql.raw(UNIT_COLUMNS)} FROM unit WHERE id = ${unitId}::int) u) AS unit,
       (SELECT COALESCE(jsonb_agg(document ORDER BY id), '[]'::jsonb) FROM rule_set) AS rule_sets,
       (SELECT COALESCE(jsonb_agg(document ORDER BY id, effective_from, version), '[]'::jsonb) FROM rule_set_version) AS versions`.execute(session.db);
  return rows[0] as UnitContextRow;
}

export interface UnitRunRow { rule_set_id: string; day: number; date: string; tier: string; insufficient_data: boolean; rule_set_version: string | null }
export type DailyCountRow = { date: string; cases: number; cases_community: number; tests: number; positives: number; doses: number[] };

export interface UnitFactsRow {
  /** Stored runs of every rule set, by rule set then day. */
  runs: UnitRunRow[];
  /** Rollup rows from day - 14 to day (selectRollupWindows for this unit). */
  rollups: RollupRow[];
  /** Vaccination totals before day - 14; null when there are none (selectVaccinationPrefixes). */
  prefix: VaccinationTotals | null;
  capacities: CapacityDbRow[];
  standing: StandingRow;
  last_data_day: string | null;
  /** Daily counts from historyFrom to the date (selectDailyCounts). */
  counts: DailyCountRow[];
}

const ROLLUP_WINDOW_VALUES = VALUE_COLUMNS.map((c) => (/^d\d$/.test(c) ? `r.doses[${c.slice(1)}] AS ${c}` : `r.${c}`)).join(', ');
const PREFIX_SUMS = VACCINATION_COLUMNS.map((c) => `sum(r.${c})::int AS ${c}`).join(', ');

/** Everything recorded about one unit that its detail on `date` reads. */
export async function selectUnitFacts(session: Session, unitId: number, date: string, historyFrom: string): Promise<UnitFactsRow> {
  const day = dayOf(date);
  const { rows } = await sql<UnitFactsRow>`
SELECT
  (SELECT COALESCE(jsonb_agg(jsonb_build_object('rule_set_id', t.rule_set_id, 'day', t.day - DATE '1970-01-01', 'date', t.day::text, 'tier', t.tier,
            'insufficient_data', t.insufficient_data, 'rule_set_version', t.rule_set_version) ORDER BY t.rule_set_id, t.day), '[]'::jsonb)
     FROM unit_tier t WHERE t.unit_id = ${unitId}::int) AS runs,
  (SELECT COALESCE(jsonb_agg(to_jsonb(w) ORDER BY w.day), '[]'::jsonb) FROM (
     SELECT (r.day - DATE '1970-01-01') AS day, ${sql.raw(ROLLUP_WINDOW_VALUES)} FROM unit_day_rollup r
     WHERE r.unit_id = ${unitId}::int AND r.day >= DATE '1970-01-01' + ${day}::int - 14 AND r.day <= DATE '1970-01-01' + ${day}::int) w) AS rollups,
  (SELECT to_jsonb(p) FROM (
     SELECT ${sql.raw(PREFIX_SUMS)} FROM unit_day_rollup r
     WHERE r.unit_id = ${unitId}::int AND r.day < DATE '1970-01-01' + ${day}::int - 14 GROUP BY r.unit_id) p) AS prefix,
  (SELECT COALESCE(jsonb_agg(to_jsonb(c) ORDER BY c.from_day), '[]'::jsonb) FROM (
     SELECT unit_id, (effective_from - DATE '1970-01-01') AS from_day, treatment_capacity_met, response_capacity
     FROM unit_capacity WHERE unit_id = ${unitId}::int) c) AS capacities,
  (SELECT to_jsonb(s) FROM (
     SELECT ${sql.raw(STANDING_COLUMNS)} FROM unit_day_rollup WHERE unit_id = ${unitId}::int AND day <= ${date}::date) s) AS standing,
  (SELECT max(day)::text FROM unit_day_rollup WHERE unit_id = ${unitId}::int AND day <= ${date}::date AND ${sql.raw(RECORD_DAY)}) AS last_data_day,
  (SELECT COALESCE(jsonb_agg(to_jsonb(c) ORDER BY c.date), '[]'::jsonb) FROM (
     SELECT ${sql.raw(DAILY_COUNT_COLUMNS)} FROM unit_day_rollup
     WHERE unit_id = ${unitId}::int AND day BETWEEN ${historyFrom}::date AND ${date}::date) c) AS counts`.execute(session.db);
  return rows[0] as UnitFactsRow;
}

export interface BaselineTreeRow extends UnitInfoRow {
  /** Stored runs (by rule set, then day) of the unit's own children, when asked for; null below them. */
  runs: { rule_set_id: string; day: number; tier: string }[] | null;
}

/**
 * The unit's children and, below every child of a level a roll-up set grades,
 * that child's children, down to the levels graded on their own (what
 * selectBaselineChildren walks level by level), by id.
 */
export async function selectBaselineTree(session: Session, unitId: number, rollUpLevels: readonly string[], withChildRuns: boolean): Promise<BaselineTreeRow[]> {
  const { rows } = await sql<BaselineTreeRow>`
WITH RECURSIVE tree AS (
  SELECT u.id, u.level, u.parent_id, COALESCE(u.district_id, 0) AS district_id,
         u.population, u.population_18plus, u.population_50plus, u.population_65plus, 1 AS depth
  FROM unit u WHERE u.parent_id = ${unitId}::int
  UNION ALL
  SELECT u.id, u.level, u.parent_id, COALESCE(u.district_id, 0), u.population, u.population_18plus, u.population_50plus, u.population_65plus, t.depth + 1
  FROM unit u JOIN tree t ON u.parent_id = t.id
  WHERE t.level = ANY(${[...rollUpLevels]}::text[])
)
SELECT t.id, t.level, t.parent_id, t.district_id, t.population, t.population_18plus, t.population_50plus, t.population_65plus,
       CASE WHEN ${withChildRuns}::boolean AND t.depth = 1 THEN (
         SELECT COALESCE(jsonb_agg(jsonb_build_object('rule_set_id', r.rule_set_id, 'day', r.day - DATE '1970-01-01', 'tier', r.tier) ORDER BY r.rule_set_id, r.day), '[]'::jsonb)
         FROM unit_tier r WHERE r.unit_id = t.id) END AS runs
FROM tree t ORDER BY t.id`.execute(session.db);
  return rows;
}
