// Reads behind the units API: units with window sums and their tier as of a
// date (a level, or a parent's children), one unit, and history.
import type { Session } from '../db/database.ts';
import { RECORD_DAY } from '../aggregate/rollup-sql.ts';

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

const SELECT_UNIT = `
SELECT id, code, name, level, parent_id, COALESCE(district_id, 0) AS district_id,
       population, population_18plus, population_50plus, population_65plus
FROM unit WHERE id = $1`;

const SELECT_RUNS_OF_SET = `
SELECT (day - DATE '1970-01-01') AS day, day::text AS date, tier, insufficient_data, rule_set_version FROM unit_tier
WHERE unit_id = $1 AND rule_set_id = $2 ORDER BY day`;

const SELECT_DAILY_COUNTS = `
SELECT day::text AS date, cases_community + cases_imported + cases_quarantine AS cases, cases_community,
       tests_pcr + tests_antigen AS tests, positive_pcr + positive_antigen AS positives, doses
FROM unit_day_rollup WHERE unit_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day`;

const BAND_COLUMNS = ['dose1_people', 'dose1_18plus', 'full_people', 'full_18plus', 'full_50plus', 'full_65plus', 'booster_18plus'] as const;

const SELECT_STANDING = `
SELECT COALESCE(sum(cases_community + cases_imported + cases_quarantine - cases_ended), 0)::int AS active_cases,
       COALESCE(sum(dose1_people), 0)::int AS dose1, COALESCE(sum(full_people), 0)::int AS full,
       COALESCE(sum(booster_people), 0)::int AS booster,
       COALESCE(sum(retest_pending_new - retest_pending_ended), 0)::int AS pending_retest,
       ${BAND_COLUMNS.map((c) => `COALESCE(sum(${c}), 0)::int AS ${c}`).join(', ')}
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
