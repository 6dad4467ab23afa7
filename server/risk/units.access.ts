// Access rules applied to the risk API's answers: who may see which units,
// and small-number suppression (one rule, access/README.md) for callers
// without personal-data rights. The services compute; this file decides what
// of it leaves. List, children, detail and history all read the same cells
// (unit × day) with the same hidden ones, so a value hidden in one is never
// exact in another.
import type { Database } from '../db/database.ts';
import { canSeePersonalData, type Caller, type UnitPlace } from '../access/policy.ts';
import type { UnitLevel } from '../../geo/risk/index.ts';
import { visibleUnitIds } from '../access/guards.ts';
import {
  protectSeries, protectStanding, shapeIndicators, shapeReasons, shownCount, treeAround, treeForLevel, type ProtectedSeries, type ShownCount,
} from '../access/suppress-response.ts';
import type { TreeUnitRow } from '../access/suppress.repo.ts';
import { DAILY_SERIES, showShare, STANDING_COUNTS, type CountName, type IndicatorName } from '../../geo/risk/index.ts';
import { dayOf, toIsoDate } from './days.ts';
import type { UnitColumns } from './unit-risk.service.ts';

/** Days the list's windows cover (communityCases14d; cases7d is the last 7). */
const LIST_DAYS = 14;

const bandsOf = (row: TreeUnitRow | undefined) => ({
  total: row?.population ?? null, age18Plus: row?.population_18plus ?? null, age50Plus: row?.population_50plus ?? null, age65Plus: row?.population_65plus ?? null,
});

/** The list's two counts, its rate and coverage per unit as the caller sees them. */
function listFigures(series: ProtectedSeries, row: TreeUnitRow | undefined, id: number, rate: number | null, coverage: number | null, threshold: number) {
  const last = LIST_DAYS - 1;
  const communityCases14d = series.window('communityCases', id, 0, last);
  const cases7d = series.window('cases', id, last - 6, last);
  if (series.exact(id)) return { communityCases14d, cases7d, rate, coverage };
  return {
    communityCases14d, cases7d,
    rate: typeof communityCases14d === 'number' ? rate : null,
    coverage: showShare(coverage, row?.population_18plus ?? null, threshold),
  };
}

const listSeries = async (database: Database, caller: Caller, tree: TreeUnitRow[], date: string, threshold: number) =>
  protectSeries(database, caller, tree, ['communityCases', 'cases'], toIsoDate(dayOf(date) - LIST_DAYS + 1), date, threshold);

/** A level's columns: only the units the caller may see, suppressed where the caller may not see individuals. */
export async function shapeLevelColumns(database: Database, caller: Caller, level: UnitLevel, columns: UnitColumns, threshold: number): Promise<UnitColumns> {
  const visible = await visibleUnitIds(database, caller, level);
  const keep = columns.id.map((id) => visible === 'all' || visible.has(id));
  const pick = <T,>(values: T[]) => values.filter((_, i) => keep[i]);
  const shown: UnitColumns = {
    ...columns, id: pick(columns.id), tier: pick(columns.tier), population: pick(columns.population), communityCases14d: pick(columns.communityCases14d),
    cases7d: pick(columns.cases7d), casesPer100kPerWeek: pick(columns.casesPer100kPerWeek), coverage1Dose18: pick(columns.coverage1Dose18),
  };
  if (shown.id.length === 0) return shown;
  const tree = await treeForLevel(database, level);
  const rows = new Map(tree.map((u) => [u.id, u]));
  const series = await listSeries(database, caller, tree, columns.date, threshold);
  if (shown.id.every((id) => series.exact(id))) return shown;
  const figures = shown.id.map((id, i) => listFigures(series, rows.get(id), id, shown.casesPer100kPerWeek[i] ?? null, shown.coverage1Dose18[i] ?? null, threshold));
  return {
    ...shown,
    communityCases14d: figures.map((f) => f.communityCases14d) as never,
    cases7d: figures.map((f) => f.cases7d) as never,
    casesPer100kPerWeek: figures.map((f) => f.rate),
    coverage1Dose18: figures.map((f) => f.coverage),
  };
}

/** A unit's children: only those the caller may see, suppressed as the list suppresses them. */
export async function shapeChildren<R extends { id: number; level: string; communityCases14d: number | string; cases7d: number | string; casesPer100kPerWeek: number | null }>(
  database: Database,
  caller: Caller,
  children: R[],
  date: string,
  threshold: number,
): Promise<R[]> {
  const level = children[0]?.level as UnitLevel | undefined;
  if (!level) return children;
  const visible = await visibleUnitIds(database, caller, level);
  const kept = visible === 'all' ? children : children.filter((c) => visible.has(c.id));
  if (kept.length === 0) return kept;
  const tree = await treeAround(database, caller, kept.map((c) => c.id));
  const rows = new Map(tree.map((u) => [u.id, u]));
  const series = await listSeries(database, caller, tree, date, threshold);
  return kept.map((c) => {
    const f = listFigures(series, rows.get(c.id), c.id, c.casesPer100kPerWeek, null, threshold);
    return { ...c, communityCases14d: f.communityCases14d, cases7d: f.cases7d, casesPer100kPerWeek: f.rate };
  });
}

interface HistoryLike {
  from: string;
  to: string;
  counts: Array<{ date: string; cases: number | string; communityCases: number | string; tests: number | string; positives: number | string; doses: Array<number | string> }>;
  weeks?: Week[];
}

type Week = { from: string; to: string; cases: ShownCount; communityCases: ShownCount; tests: ShownCount; positives: ShownCount };

const HISTORY_SERIES = ['cases', 'communityCases', 'tests', 'positives'] as const;

/** Consecutive 7-day windows over cells 0 … cells−1 of `from`, the last ending on the last cell; a partial week at the start is left out. */
export function weeksOf(from: string, cells: number, sum: (series: (typeof HISTORY_SERIES)[number], first: number, last: number) => ShownCount): Week[] {
  const weeks: Week[] = [];
  for (let last = cells - 1; last - 6 >= 0; last -= 7) {
    const first = last - 6;
    weeks.unshift({
      from: toIsoDate(dayOf(from) + first), to: toIsoDate(dayOf(from) + last),
      cases: sum('cases', first, last), communityCases: sum('communityCases', first, last), tests: sum('tests', first, last), positives: sum('positives', first, last),
    });
  }
  return weeks;
}

/** History days and weeks from protected cells (the caller's view of `unitId`). */
function historyFrom<H extends HistoryLike>(history: H, series: ProtectedSeries, unitId: number, offset: number): H {
  const cellOf = (date: string) => dayOf(date) - dayOf(history.from) + offset;
  const counts = history.counts.map((c) => {
    const i = cellOf(c.date);
    return {
      ...c, cases: series.day('cases', unitId, i), communityCases: series.day('communityCases', unitId, i), tests: series.day('tests', unitId, i),
      positives: series.day('positives', unitId, i), doses: c.doses.map((_, d) => series.day(`dose${d + 1}` as 'dose1', unitId, i)),
    };
  });
  const days = dayOf(history.to) - dayOf(history.from) + 1;
  const weeks = weeksOf(history.from, days, (s, first, last) => series.window(s, unitId, first + offset, last + offset));
  return { ...history, counts, weeks };
}

const HISTORY_SERIES_ALL = [...HISTORY_SERIES, 'dose1', 'dose2', 'dose3', 'dose4', 'dose5'] as const;

/** A unit's history, suppressed when the caller may not see individuals there. */
export async function shapeHistory<H extends HistoryLike>(database: Database, caller: Caller, place: UnitPlace, history: H, threshold: number): Promise<H> {
  if (canSeePersonalData(caller, place)) return history;
  const tree = await treeAround(database, caller, [place.unitId]);
  const series = await protectSeries(database, caller, tree, HISTORY_SERIES_ALL, history.from, history.to, threshold);
  return historyFrom(history, series, place.unitId, 0);
}

interface DetailLike {
  unit: { id: number; population: number | null; population18Plus: number | null; population50Plus: number | null; population65Plus: number | null };
  date: string;
  tier: { label: { vi: string; en: string } };
  summary: { vi: string; en: string };
  reasons: unknown[];
  indicators: Record<string, number | null> | null;
  standing: Record<string, number | string>;
  history: HistoryLike;
  dataProblems?: { code: string; indicator: string; numerator: number | string; denominator: number | null }[];
}

/**
 * One unit's detail (its place already resolved by the guard), suppressed when the
 * caller may not see individuals there: every catalog count and what is derived
 * from it, reasons, standing counts and the history, all from the same cells.
 */
export async function shapeUnitDetail<D extends DetailLike>(database: Database, caller: Caller, place: UnitPlace, detail: D, threshold: number): Promise<D & { suppressed: boolean }> {
  if (canSeePersonalData(caller, place)) return { ...detail, suppressed: false };
  const id = place.unitId;
  const tree = await treeAround(database, caller, [id]);
  const from = [detail.history.from, toIsoDate(dayOf(detail.date) - LIST_DAYS + 1)].sort()[0] as string;
  const series = await protectSeries(database, caller, tree, DAILY_SERIES, from, detail.date, threshold);
  const lastCell = series.cells - 1;
  const count = (name: CountName | IndicatorName) => shownCount(name, series, id, lastCell);
  const indicators = detail.indicators && shapeIndicators(detail.indicators, count, {
    total: detail.unit.population, age18Plus: detail.unit.population18Plus, age50Plus: detail.unit.population50Plus, age65Plus: detail.unit.population65Plus,
  }, threshold);
  const withheld = new Set(Object.entries(indicators ?? {}).filter(([key, value]) => value === null && detail.indicators?.[key] !== null).map(([key]) => key));
  const reasons = shapeReasons(detail.reasons, withheld, count);
  const standingOf = await protectStanding(database, caller, tree, detail.date, threshold);
  const standing = Object.fromEntries(Object.keys(detail.standing).map((name) => [name, (STANDING_COUNTS as readonly string[]).includes(name) ? standingOf(id, name as 'activeCases') : detail.standing[name]]));
  // The summary spells the reasons' values: replaced only when a reason lost one.
  const summary = JSON.stringify(reasons) === JSON.stringify(detail.reasons) ? detail.summary : {
    vi: `${detail.tier.label.vi}. Một số giá trị nhỏ được ẩn để bảo vệ cá nhân.`,
    en: `${detail.tier.label.en}. Some small values are withheld to protect individuals.`,
  };
  const history = historyFrom(detail.history, series, id, dayOf(detail.history.from) - dayOf(from));
  // A coverage above 100% says only that the people vaccinated exceed the (public) population, not how many.
  const dataProblems = detail.dataProblems?.map((p) => ({ ...p, numerator: p.denominator === null ? '?' : `>${p.denominator}` }));
  return { ...detail, indicators, reasons, standing, summary, history, ...(dataProblems ? { dataProblems } : {}), suppressed: true };
}
