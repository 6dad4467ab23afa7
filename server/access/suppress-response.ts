// Small-number suppression of the API's answers for callers who may not see
// individuals: the one rule of geo/risk/disclosure.ts applied to the cells
// (unit × day, or a unit's standing count) behind every figure, and the
// indicator catalog's `disclosure` deciding what every indicator is. No list
// of count names is kept here: a catalog entry marked as a count is a count.
// See README.md in this folder for the rule and its limits.
import {
  COUNT_DISCLOSURE, hideCells, INDICATOR_CATALOG, isCountName, isIndicatorName, showCell, showShare, showWindow,
  STANDING_COUNTS, type CountName, type DailySeriesName, type Disclosure, type IndicatorName, type ShownCount, type StandingCountName,
} from '../../geo/risk/index.ts';
import type { Database } from '../db/database.ts';
import { dayOf } from '../risk/days.ts';
import { canSeePersonalData, type Caller } from './policy.ts';
import { selectDailySeries, selectStandingCounts, selectTreeAround, selectTreeAtLevels, type TreeUnitRow } from './suppress.repo.ts';
import { UNIT_LEVELS, type UnitLevel } from '../../geo/risk/index.ts';

export type { ShownCount };

/** True when the caller sees this unit's counts exactly (a ward official inside their unit). */
export const seesExactly = (caller: Caller, row: TreeUnitRow): boolean =>
  canSeePersonalData(caller, { unitId: row.id, level: row.level, wardId: row.ward_id, districtId: row.district_id });

/** The units whose cells decide suppression of a whole level: that level and every level above it. */
export async function treeForLevel(database: Database, level: UnitLevel): Promise<TreeUnitRow[]> {
  return database.withSession((s) => selectTreeAtLevels(s, UNIT_LEVELS.slice(0, UNIT_LEVELS.indexOf(level) + 1)));
}

/** The units whose cells decide suppression of the given units (and of a ward official's own unit, whose exact cells they know). */
export async function treeAround(database: Database, caller: Caller, unitIds: readonly number[]): Promise<TreeUnitRow[]> {
  const ids = caller.jurisdiction ? [...unitIds, caller.jurisdiction.unitId] : [...unitIds];
  return database.withSession((s) => selectTreeAround(s, ids));
}

/** Daily cells of a tree over from … to with the caller's hidden cells; answers windows and days as the caller may see them. */
export interface ProtectedSeries {
  /** Days from `from`: cell i is from + i. */
  cells: number;
  exact(unitId: number): boolean;
  /** Sum of cells first … last (inclusive) of a unit. */
  window(series: DailySeriesName, unitId: number, first: number, last: number): ShownCount;
  day(series: DailySeriesName, unitId: number, cell: number): ShownCount;
}

export async function protectSeries(
  database: Database, caller: Caller, tree: readonly TreeUnitRow[], series: readonly DailySeriesName[], from: string, to: string, threshold: number,
): Promise<ProtectedSeries> {
  const cells = dayOf(to) - dayOf(from) + 1;
  const rows = new Map(tree.map((u) => [u.id, u]));
  const exact = (id: number) => { const row = rows.get(id); return row !== undefined && seesExactly(caller, row); };
  const values = await database.withSession((s) => selectDailySeries(s, [...rows.keys()], series, from, to, cells));
  const units = tree.map((u) => ({ id: u.id, parentId: u.parent_id }));
  const hidden = new Map(series.map((s) => [s, hideCells({ units, values: values.get(s) as Map<number, number[]>, cells, threshold, exact })]));
  const zeros = Array.from({ length: cells }, () => 0);
  const noneHidden = zeros.map(() => false);
  const valuesOf = (s: DailySeriesName, id: number) => values.get(s)?.get(id) ?? zeros;
  const hiddenOf = (s: DailySeriesName, id: number) => (exact(id) ? noneHidden : hidden.get(s)?.get(id) ?? noneHidden);
  return {
    cells,
    exact,
    window: (s, id, first, last) => exact(id)
      ? valuesOf(s, id).slice(Math.max(0, first), last + 1).reduce((a, b) => a + b, 0)
      : showWindow(valuesOf(s, id), hiddenOf(s, id), first, last, threshold),
    day: (s, id, cell) => showCell(valuesOf(s, id)[cell] ?? 0, hiddenOf(s, id)[cell] ?? false, threshold),
  };
}

/** Standing counts (people as of a date) of a tree's units as the caller may see them. */
export async function protectStanding(database: Database, caller: Caller, tree: readonly TreeUnitRow[], date: string, threshold: number) {
  const rows = new Map(tree.map((u) => [u.id, u]));
  const exact = (id: number) => { const row = rows.get(id); return row !== undefined && seesExactly(caller, row); };
  const counts = await database.withSession((s) => selectStandingCounts(s, [...rows.keys()], date));
  const units = tree.map((u) => ({ id: u.id, parentId: u.parent_id }));
  const hidden = new Map(STANDING_COUNTS.map((name) => {
    const values = new Map([...counts].map(([id, c]) => [id, [c[name]]]));
    return [name, hideCells({ units, values, cells: 1, threshold, exact })] as const;
  }));
  return (unitId: number, name: StandingCountName): ShownCount => {
    const value = counts.get(unitId)?.[name] ?? 0;
    return exact(unitId) ? value : showCell(value, hidden.get(name)?.get(unitId)?.[0] ?? false, threshold);
  };
}

/** Every name the catalog marks as a count of people (a raw count or an indicator of kind count). */
export function countNames(): string[] {
  const isCount = (d: Disclosure) => d.kind === 'count' || d.kind === 'standing';
  return [
    ...Object.entries(COUNT_DISCLOSURE).filter(([, d]) => isCount(d)).map(([name]) => name),
    ...Object.entries(INDICATOR_CATALOG).filter(([, info]) => isCount(info.disclosure)).map(([name]) => name),
  ];
}

function disclosureOf(name: string): Disclosure | null {
  if (isIndicatorName(name)) return INDICATOR_CATALOG[name].disclosure;
  if (isCountName(name)) return COUNT_DISCLOSURE[name];
  return null;
}

/** The last `windowDays` cells up to `lastCell`, as the caller sees them, of a catalog count. */
export function shownCount(name: CountName | IndicatorName, protectedSeries: ProtectedSeries, unitId: number, lastCell: number): ShownCount | null {
  const d = disclosureOf(name);
  if (!d || d.kind !== 'count') return null;
  return protectedSeries.window(d.series, unitId, lastCell - d.windowDays + 1, lastCell);
}

/** Population of the band a share is taken of. */
export interface BandPopulations { total: number | null; age18Plus: number | null; age50Plus: number | null; age65Plus: number | null }

/**
 * Indicators as the caller may see them, each by its catalog disclosure:
 * counts shown exactly or withheld (null), derived values withheld with their
 * count, shares withheld when they would give a small count back.
 */
export function shapeIndicators(
  indicators: Record<string, number | null>, count: (name: CountName | IndicatorName) => ShownCount | null, populations: BandPopulations, threshold: number,
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const exactCount = (name: CountName | IndicatorName): boolean => typeof count(name) === 'number';
  for (const [name, value] of Object.entries(indicators)) {
    const d = disclosureOf(name);
    if (value === null || !d || d.kind === 'none') out[name] = value;
    else if (d.kind === 'count') out[name] = exactCount(name as IndicatorName) ? value : null;
    else if (d.kind === 'derived') out[name] = exactCount(d.from) ? value : null;
    else if (d.kind === 'share') out[name] = showShare(value, populations[d.of], threshold);
    else out[name] = null;
  }
  return out;
}

/**
 * Reasons with every value of a withheld indicator or count blanked (band values,
 * matrix basis, rule checks) and the counts of "insufficient data" as shown.
 */
export function shapeReasons(reasons: readonly unknown[], withheld: ReadonlySet<string>, count: (name: CountName) => ShownCount | null): unknown[] {
  const blankChecks = (checks: unknown) => Array.isArray(checks)
    ? checks.map((c: { subject?: string; value?: unknown }) => (c.subject && (withheld.has(c.subject) || (isCountName(c.subject) && typeof count(c.subject) === 'string')) ? { ...c, value: null } : c))
    : checks;
  return reasons.map((reason) => {
    const r = reason as Record<string, unknown> & { kind?: string; indicator?: string };
    if (r.kind === 'band' && r.indicator && withheld.has(r.indicator)) return { ...r, value: null, valueUsed: null };
    if (r.kind === 'matrix') {
      const basis = r.basis as { indicator?: string } | undefined;
      return basis?.indicator && withheld.has(basis.indicator) ? { ...r, basis: { ...basis, value: null } } : r;
    }
    if (r.kind === 'rule' || r.kind === 'adjustment') return { ...r, checks: blankChecks(r.checks) };
    if (r.kind === 'insufficientData') {
      const counts = Object.fromEntries(Object.entries((r.counts ?? {}) as Record<string, unknown>)
        .map(([name, value]) => [name, isCountName(name) ? (count(name) ?? value) : value]));
      return { ...r, counts };
    }
    return r;
  });
}

/**
 * Indicators stored with a tier run (OGC features), for a caller who may not see
 * individuals: without the unit's daily cells at hand, every count and every value
 * derived from one is withheld (null) — never more exact than the API shows it;
 * shares as shapeIndicators shows them.
 */
export function shapeStoredIndicators(indicators: unknown, populations: BandPopulations, threshold: number): unknown {
  if (!indicators || typeof indicators !== 'object') return indicators;
  return shapeIndicators(indicators as Record<string, number | null>, () => null, populations, threshold);
}
