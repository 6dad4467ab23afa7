// Reads behind small-number suppression (suppress-response.ts): the units
// whose cells decide a unit's complementary suppression, and their daily and
// standing counts.
import type { DailySeriesName, StandingCountName } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';
import type { UnitLevel } from '../../geo/risk/index.ts';

export interface TreeUnitRow {
  id: number;
  parent_id: number | null;
  level: UnitLevel;
  ward_id: number | null;
  district_id: number | null;
  population: number | null;
  population_18plus: number | null;
  population_50plus: number | null;
  population_65plus: number | null;
}

const TREE_FIELDS = `u.id, u.parent_id, u.level, a.ward_id, a.district_id, u.population, u.population_18plus, u.population_50plus, u.population_65plus`;

/** Every unit at the given levels (a whole level and the levels above it). */
const SELECT_TREE_AT_LEVELS = `SELECT ${TREE_FIELDS} FROM unit u JOIN unit_ancestry a ON a.unit_id = u.id WHERE u.level = ANY($1::text[])`;

/** The units, their ancestors, and every child of those ancestors (the sibling groups on the way up). */
const SELECT_TREE_AROUND = `
WITH RECURSIVE up AS (
  SELECT id, parent_id FROM unit WHERE id = ANY($1::int[])
  UNION
  SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id
)
SELECT ${TREE_FIELDS} FROM unit u JOIN unit_ancestry a ON a.unit_id = u.id
WHERE u.id IN (SELECT id FROM up) OR u.parent_id IN (SELECT parent_id FROM up WHERE parent_id IS NOT NULL)`;

/** SQL of each daily series over unit_day_rollup (alias r). */
const SERIES_SQL: Record<DailySeriesName, string> = {
  cases: 'r.cases_community + r.cases_imported + r.cases_quarantine',
  communityCases: 'r.cases_community',
  severeCases: 'r.cases_severe',
  deaths: 'r.deaths',
  testsPcr: 'r.tests_pcr',
  positivePcr: 'r.positive_pcr',
  tests: 'r.tests_pcr + r.tests_antigen',
  positives: 'r.positive_pcr + r.positive_antigen',
  newCaseHouseholds: 'r.case_households_new',
  newCaseHouseholdsWithContact: 'r.case_households_new_contact',
  dose1: 'r.doses[1]', dose2: 'r.doses[2]', dose3: 'r.doses[3]', dose4: 'r.doses[4]', dose5: 'r.doses[5]',
};

const selectSeries = (series: readonly DailySeriesName[]) => `
SELECT r.unit_id, (r.day - $2::date) AS cell, ${series.map((s, i) => `COALESCE(${SERIES_SQL[s]}, 0)::int AS s${i}`).join(', ')}
FROM unit_day_rollup r WHERE r.unit_id = ANY($1::int[]) AND r.day BETWEEN $2::date AND $3::date`;

const SELECT_STANDING = `
SELECT r.unit_id,
       COALESCE(sum(r.cases_community + r.cases_imported + r.cases_quarantine - r.cases_ended), 0)::int AS "activeCases",
       COALESCE(sum(r.dose1_people), 0)::int AS "atLeastOneDose", COALESCE(sum(r.full_people), 0)::int AS "fullyVaccinated",
       COALESCE(sum(r.booster_people), 0)::int AS booster,
       COALESCE(sum(r.retest_pending_new - r.retest_pending_ended), 0)::int AS "pendingRetest"
FROM unit_day_rollup r WHERE r.unit_id = ANY($1::int[]) AND r.day <= $2::date GROUP BY r.unit_id`;

export async function selectTreeAtLevels(session: Session, levels: readonly UnitLevel[]): Promise<TreeUnitRow[]> {
  return session.query<TreeUnitRow>(SELECT_TREE_AT_LEVELS, [levels]);
}

export async function selectTreeAround(session: Session, unitIds: readonly number[]): Promise<TreeUnitRow[]> {
  return session.query<TreeUnitRow>(SELECT_TREE_AROUND, [unitIds]);
}

/** Daily values per series and unit, one cell per day from `from` to `to` (days without a row are zero). */
export async function selectDailySeries(session: Session, unitIds: readonly number[], series: readonly DailySeriesName[], from: string, to: string, cells: number) {
  const rows = await session.query<Record<string, number>>(selectSeries(series), [unitIds, from, to]);
  const out = new Map<DailySeriesName, Map<number, number[]>>(series.map((s) => [s, new Map()]));
  for (const row of rows) {
    series.forEach((s, i) => {
      const byUnit = out.get(s) as Map<number, number[]>;
      let values = byUnit.get(row.unit_id as number);
      if (!values) byUnit.set(row.unit_id as number, (values = Array.from({ length: cells }, () => 0)));
      values[row.cell as number] = row[`s${i}`] as number;
    });
  }
  return out;
}

/** Standing counts as of `date` per unit. */
export async function selectStandingCounts(session: Session, unitIds: readonly number[], date: string): Promise<Map<number, Record<StandingCountName, number>>> {
  const rows = await session.query<Record<StandingCountName, number> & { unit_id: number }>(SELECT_STANDING, [unitIds, date]);
  return new Map(rows.map(({ unit_id, ...counts }) => [unit_id, counts]));
}
