// What the tier step reads (units, rollup rows, vaccination prefixes,
// capacity, stored runs) and writes (runs), as named statements.
import type { AgeBandCounts, CapacityInput, UnitLevel } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';
import { csvLine } from '../db/csv.ts';
import { RECORD_DAY, VALUE_COLUMNS } from '../aggregate/rollup-sql.ts';
import { toIsoDate } from './days.ts';
import { VACCINATION_COLUMNS, type CapacityRow, type RollupRow, type TierRun, type VaccinationTotals } from './tier-compute.ts';

export interface UnitInfo {
  id: number;
  level: UnitLevel;
  parentId: number | null;
  districtId: number;
  population: AgeBandCounts;
}

export interface UnitInfoRow {
  id: number; level: UnitLevel; parent_id: number | null; district_id: number;
  population: number | null; population_18plus: number | null; population_50plus: number | null; population_65plus: number | null;
}

const UNIT_FIELDS = `id, level, parent_id, COALESCE(district_id, 0) AS district_id, population, population_18plus, population_50plus, population_65plus`;
const SELECT_UNITS = `SELECT ${UNIT_FIELDS} FROM unit WHERE id = ANY($1::int[])`;
const SELECT_CHILDREN = `SELECT ${UNIT_FIELDS} FROM unit WHERE parent_id = ANY($1::int[]) ORDER BY id`;
const SELECT_ALL_UNITS = `SELECT ${UNIT_FIELDS} FROM unit`;

const ROLLUP_VALUES = VALUE_COLUMNS.map((c) => (/^d\d$/.test(c) ? `r.doses[${c.slice(1)}] AS ${c}` : `r.${c}`)).join(', ');
const SELECT_ROLLUPS = `
SELECT r.unit_id, (r.day - DATE '1970-01-01') AS day, ${ROLLUP_VALUES}
FROM unnest($1::int[], $2::int[]) AS q(unit_id, from_day)
JOIN unit_day_rollup r ON r.unit_id = q.unit_id AND r.day >= DATE '1970-01-01' + q.from_day - 14 AND r.day <= DATE '1970-01-01' + $3::int
ORDER BY r.unit_id, r.day`;

const SELECT_PREFIXES = `
SELECT r.unit_id, ${VACCINATION_COLUMNS.map((c) => `sum(r.${c})::int AS ${c}`).join(', ')}
FROM unnest($1::int[], $2::int[]) AS q(unit_id, from_day)
JOIN unit_day_rollup r ON r.unit_id = q.unit_id AND r.day < DATE '1970-01-01' + q.from_day - 14
GROUP BY r.unit_id`;

const SELECT_CAPACITY = `
SELECT unit_id, (effective_from - DATE '1970-01-01') AS from_day, treatment_capacity_met, response_capacity
FROM unit_capacity WHERE unit_id = ANY($1::int[]) ORDER BY unit_id, effective_from`;

const SELECT_RUNS = `
SELECT unit_id, rule_set_id, (day - DATE '1970-01-01') AS day, tier FROM unit_tier
WHERE unit_id = ANY($1::int[]) ORDER BY unit_id, rule_set_id, day`;

const DELETE_RUNS_FROM = `
DELETE FROM unit_tier t USING unnest($1::int[], $2::int[]) AS q(unit_id, from_day)
WHERE t.unit_id = q.unit_id AND t.day >= DATE '1970-01-01' + q.from_day`;

// The last day a record is dated (a test, a dose, a case): rows that only carry a person entering an age
// band on a later birthday, a case or a pending retest ending, do not extend the days graded (they reach
// up to a year past the data and made every unit graded ~340 extra days). Walks the day index backwards.
const SELECT_LAST_DAY = `
SELECT (day - DATE '1970-01-01') AS day FROM unit_day_own
WHERE ${RECORD_DAY} ORDER BY day DESC LIMIT 1`;
const SELECT_LAST_CAPACITY_DAY = `SELECT (max(effective_from) - DATE '1970-01-01') AS day FROM unit_capacity`;
const SELECT_DATA_UNITS = `
SELECT x.unit_id, COALESCE(u.district_id, 0) AS district_id, min(x.from_day) AS from_day
FROM (SELECT unit_id, (min(day) - DATE '1970-01-01') AS from_day FROM unit_day_rollup GROUP BY unit_id
      UNION ALL
      SELECT unit_id, (min(effective_from) - DATE '1970-01-01') FROM unit_capacity GROUP BY unit_id) x
JOIN unit u ON u.id = x.unit_id
GROUP BY x.unit_id, u.district_id
ORDER BY COALESCE(u.district_id, 0), x.unit_id`;

const TIER_COLUMNS = ['district_id', 'unit_id', 'rule_set_id', 'rule_set_version', 'day', 'tier', 'tier_order', 'insufficient_data', 'indicators', 'reasons'];

export function toUnitInfo(r: UnitInfoRow): UnitInfo {
  return {
    id: r.id, level: r.level, parentId: r.parent_id, districtId: r.district_id,
    population: { total: r.population, age18Plus: r.population_18plus, age50Plus: r.population_50plus, age65Plus: r.population_65plus },
  };
}

export async function selectUnits(session: Session, ids: readonly number[]): Promise<UnitInfo[]> {
  return (await session.query<UnitInfoRow>(SELECT_UNITS, [ids])).map(toUnitInfo);
}

export async function selectChildren(session: Session, parentIds: readonly number[]): Promise<UnitInfo[]> {
  return (await session.query<UnitInfoRow>(SELECT_CHILDREN, [parentIds])).map(toUnitInfo);
}

export async function selectAllUnits(session: Session): Promise<UnitInfo[]> {
  return (await session.query<UnitInfoRow>(SELECT_ALL_UNITS)).map(toUnitInfo);
}

/** Rollup rows of each unit from its fromDay - 14 to toDay, grouped by unit. */
export async function selectRollupWindows(session: Session, fromDays: ReadonlyMap<number, number>, toDay: number): Promise<Map<number, RollupRow[]>> {
  const rows = await session.query<RollupRow & { unit_id: number }>(SELECT_ROLLUPS, [[...fromDays.keys()], [...fromDays.values()], toDay]);
  const out = new Map<number, RollupRow[]>();
  for (const row of rows) {
    const list = out.get(row.unit_id) ?? [];
    list.push(row);
    out.set(row.unit_id, list);
  }
  return out;
}

/** Vaccination totals of the days before each unit's fromDay - 14. */
export async function selectVaccinationPrefixes(session: Session, fromDays: ReadonlyMap<number, number>): Promise<Map<number, VaccinationTotals>> {
  const rows = await session.query<VaccinationTotals & { unit_id: number }>(SELECT_PREFIXES, [[...fromDays.keys()], [...fromDays.values()]]);
  return new Map(rows.map(({ unit_id, ...totals }) => [unit_id, totals]));
}

export async function selectCapacities(session: Session, unitIds: readonly number[]): Promise<Map<number, CapacityRow[]>> {
  return capacityRowsByUnit(await session.query<CapacityDbRow>(SELECT_CAPACITY, [unitIds]));
}

export type CapacityDbRow = { unit_id: number; from_day: number; treatment_capacity_met: boolean | null; response_capacity: CapacityInput['responseCapacity'] | null };

/** Capacity rows (by unit, then effective_from) as each unit's dated inputs. */
export function capacityRowsByUnit(rows: readonly CapacityDbRow[]): Map<number, CapacityRow[]> {
  const out = new Map<number, CapacityRow[]>();
  for (const r of rows) {
    const capacity: CapacityInput = {};
    if (r.treatment_capacity_met !== null) capacity.treatmentCapacityMet = r.treatment_capacity_met;
    if (r.response_capacity !== null) capacity.responseCapacity = r.response_capacity;
    out.set(r.unit_id, [...(out.get(r.unit_id) ?? []), { fromDay: r.from_day, capacity }]);
  }
  return out;
}

export type StoredRuns = Map<number, Map<string, { day: number; tier: string }[]>>;

/** Stored runs of these units by unit and rule set, sorted by day. */
export async function selectRuns(session: Session, unitIds: readonly number[]): Promise<StoredRuns> {
  const rows = await session.query<{ unit_id: number; rule_set_id: string; day: number; tier: string }>(SELECT_RUNS, [unitIds]);
  const out: StoredRuns = new Map();
  for (const r of rows) {
    const bySet = out.get(r.unit_id) ?? new Map<string, { day: number; tier: string }[]>();
    bySet.set(r.rule_set_id, [...(bySet.get(r.rule_set_id) ?? []), { day: r.day, tier: r.tier }]);
    out.set(r.unit_id, bySet);
  }
  return out;
}

export async function deleteRunsFrom(session: Session, fromDays: ReadonlyMap<number, number>): Promise<void> {
  await session.query(DELETE_RUNS_FROM, [[...fromDays.keys()], [...fromDays.values()]]);
}

export interface RunToWrite extends TierRun {
  districtId: number;
  unitId: number;
  ruleSetId: string;
}

export async function insertRuns(session: Session, runs: readonly RunToWrite[]): Promise<void> {
  if (runs.length === 0) return;
  const lines = runs.map((r) => csvLine([r.districtId, r.unitId, r.ruleSetId, r.ruleSetVersion ?? null, toIsoDate(r.day), r.tier, r.tierOrder, r.insufficient, JSON.stringify(r.indicators), JSON.stringify(r.reasons)]));
  await session.copyCsv('unit_tier', TIER_COLUMNS, lines);
}

/** The last day with own rollups and the last capacity entry (day numbers), null when none. */
export async function selectDataEnd(session: Session): Promise<{ lastDay: number | null; lastCapacityDay: number | null }> {
  const [last] = await session.query<{ day: number | null }>(SELECT_LAST_DAY);
  const [capacity] = await session.query<{ day: number | null }>(SELECT_LAST_CAPACITY_DAY);
  return { lastDay: last?.day ?? null, lastCapacityDay: capacity?.day ?? null };
}

/** Every unit with rollups or capacity and its first such day, ordered by district then unit. */
export async function selectDataUnits(session: Session): Promise<{ unitId: number; fromDay: number }[]> {
  const rows = await session.query<{ unit_id: number; from_day: number }>(SELECT_DATA_UNITS);
  return rows.map((r) => ({ unitId: r.unit_id, fromDay: r.from_day }));
}

const TRUNCATE_TIERS = `TRUNCATE unit_tier`;
export async function deleteAllRuns(session: Session): Promise<void> {
  await session.exec(TRUNCATE_TIERS);
}
