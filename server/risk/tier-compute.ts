// Daily tiers of one unit from its rollup rows, with the pure engine in
// geo/risk. No I/O here: tier.service.ts loads the rows and stores the runs.
import {
  computeIndicators, evaluateRisk, rollUpChildTiers, type AgeBandCounts, type CapacityInput, type DailyRollup,
  type IndicatorResult, type IndicatorValues, type RiskResult, type RuleSet, type VaccinationCounts,
} from '../../geo/risk/index.ts';
import type { ValueColumn } from '../aggregate/rollup-sql.ts';
import { previousAssessmentDay, toIsoDate } from './days.ts';

/** Days of rollup before D that an assessment reads (the engine's longest window is D-13 … D; 2716 looks at D-14). */
export const LOOKBACK_DAYS = 14;

export type RollupValues = Record<ValueColumn, number>;

export interface RollupRow extends RollupValues {
  day: number;
}

export const VACCINATION_COLUMNS = [
  'dose1_people', 'dose1_18plus', 'dose1_50plus', 'dose1_65plus', 'full_people', 'full_18plus', 'full_50plus', 'full_65plus',
  'booster_people', 'booster_18plus', 'booster_50plus', 'booster_65plus',
] as const satisfies readonly ValueColumn[];

/** Cumulative people per vaccination column. */
export type VaccinationTotals = Record<(typeof VACCINATION_COLUMNS)[number], number>;

export interface CapacityRow {
  fromDay: number;
  capacity: CapacityInput;
}

/** A run of equal tiers starting on `day`. */
export interface TierRun {
  day: number;
  tier: string;
  tierOrder: number | null;
  insufficient: boolean;
  indicators: unknown;
  reasons: unknown;
}

/** A rule set is assessed weekly when a rule compares with last week's tier (MoH 4800 criterion 3). */
export function isWeeklyAssessed(ruleSet: RuleSet): boolean {
  return ruleSet.tierAdjustments.some((a) => a.kind === 'notBelowPrevious');
}

export function emptyTotals(): VaccinationTotals {
  return Object.fromEntries(VACCINATION_COLUMNS.map((c) => [c, 0])) as VaccinationTotals;
}

function toVaccinated(t: VaccinationTotals): VaccinationCounts | undefined {
  // Nobody vaccinated on record means "unknown", as for a unit with no data at all.
  if (t.dose1_people === 0) return undefined;
  return {
    atLeastOneDose: { total: t.dose1_people, age18Plus: t.dose1_18plus, age50Plus: t.dose1_50plus, age65Plus: t.dose1_65plus },
    fullyVaccinated: { total: t.full_people, age18Plus: t.full_18plus, age50Plus: t.full_50plus, age65Plus: t.full_65plus },
    booster: { total: t.booster_people, age18Plus: t.booster_18plus, age50Plus: t.booster_50plus, age65Plus: t.booster_65plus },
  };
}

function toDailyRollup(day: number, row: RollupValues | undefined, totals: VaccinationTotals): DailyRollup {
  const vaccinated = toVaccinated(totals);
  return {
    date: toIsoDate(day),
    communityCases: row?.cases_community ?? 0, importedCases: row?.cases_imported ?? 0, quarantineCases: row?.cases_quarantine ?? 0,
    testsPcr: row?.tests_pcr ?? 0, testsAntigen: row?.tests_antigen ?? 0, positivePcr: row?.positive_pcr ?? 0,
    positiveAntigen: row?.positive_antigen ?? 0, severeCases: row?.cases_severe ?? 0, deaths: row?.deaths ?? 0,
    newCaseHouseholds: row?.case_households_new ?? 0, newCaseHouseholdsWithContact: row?.case_households_new_contact ?? 0,
    ...(vaccinated ? { vaccinated } : {}),
  };
}

/** Indicators of a unit on day D from the rows of D-14 … D and the vaccination totals as of each of those days. */
export function computeDayIndicators(day: number, rows: ReadonlyMap<number, RollupValues>,
  totalsAt: (day: number) => VaccinationTotals, population: AgeBandCounts): IndicatorResult {
  const series: DailyRollup[] = [];
  for (let d = day - LOOKBACK_DAYS; d <= day; d++) {
    const row = rows.get(d);
    if (row || d === day) series.push(toDailyRollup(d, row, totalsAt(d)));
  }
  return computeIndicators({ series, population, assessmentDate: toIsoDate(day), recordsFrom: toIsoDate(day - LOOKBACK_DAYS) });
}

/** The tier of a unit with nothing on record: what a missing run means. */
export function evaluateBaseline(ruleSet: RuleSet, population: AgeBandCounts): RiskResult {
  if (ruleSet.combine.mode === 'childShares') return rollUpChildTiers(ruleSet, []);
  const { indicators, counts } = computeDayIndicators(0, new Map(), emptyTotals, population);
  return evaluateRisk(ruleSet, { indicators, counts, population: population.total });
}

export function capacityAt(capacities: readonly CapacityRow[], day: number): CapacityInput | undefined {
  let found: CapacityInput | undefined;
  for (const row of capacities) if (row.fromDay <= day) found = row.capacity;
  return found;
}

export interface UnitResults {
  /** Per rule set id, one result per day from fromDay. */
  results: Map<string, RiskResult[]>;
  /** Indicator values per day from fromDay (shared objects while unchanged). */
  indicatorsByDay: IndicatorValues[];
}

export interface UnitSeriesInput {
  fromDay: number;
  toDay: number;
  population: AgeBandCounts;
  /** Rollup rows from fromDay - 14 to toDay. */
  rows: readonly RollupRow[];
  /** Vaccination totals of the days before fromDay - 14. */
  prefix: VaccinationTotals;
  capacities: readonly CapacityRow[];
  /** Tier id on a day before fromDay (stored runs, else the baseline). */
  tierBefore: (ruleSet: RuleSet, day: number) => string;
}

/**
 * Daily results of every own-indicator rule set for days fromDay … toDay.
 * Indicators are recomputed only when the 15-day window changes (a row enters
 * or leaves, or a case household ages by a day); results are reused while
 * indicators, capacity and the previous assessment stay the same.
 */
export function computeUnitResults(ruleSets: readonly RuleSet[], input: UnitSeriesInput): UnitResults {
  const rows = new Map(input.rows.map((r) => [r.day, r]));
  const totals = new Map<number, VaccinationTotals>();
  let running = { ...input.prefix };
  for (let d = input.fromDay - LOOKBACK_DAYS; d <= input.toDay; d++) {
    const row = rows.get(d);
    if (row) {
      running = { ...running };
      for (const c of VACCINATION_COLUMNS) running[c] += row[c];
    }
    totals.set(d, running);
  }
  const totalsAt = (d: number) => totals.get(d) ?? input.prefix;
  const out = new Map<string, RiskResult[]>(ruleSets.map((rs) => [rs.id, []]));
  const memo = new Map<string, { key: string; result: RiskResult }>();
  let current: IndicatorResult | null = null;
  let version = 0;
  const indicatorsByDay: IndicatorValues[] = [];
  for (let d = input.fromDay; d <= input.toDay; d++) {
    const windowMoved = rows.has(d) || rows.has(d - LOOKBACK_DAYS - 1) ||
      [...Array(LOOKBACK_DAYS + 1).keys()].some((k) => (rows.get(d - k)?.case_households_new ?? 0) > 0);
    if (current === null || windowMoved) {
      current = computeDayIndicators(d, rows, totalsAt, input.population);
      version++;
    }
    indicatorsByDay.push(current.indicators);
    const capacity = capacityAt(input.capacities, d);
    for (const rs of ruleSets) {
      const list = out.get(rs.id) as RiskResult[];
      let previousTierId: string | null = null;
      if (isWeeklyAssessed(rs)) {
        const a = previousAssessmentDay(d);
        previousTierId = a >= input.fromDay ? (list[a - input.fromDay]?.tier ?? null) : input.tierBefore(rs, a);
      }
      const key = `${version}|${previousTierId}|${JSON.stringify(capacity ?? null)}`;
      const hit = memo.get(rs.id);
      const result = hit?.key === key ? hit.result : evaluateRisk(rs, {
        indicators: current.indicators, counts: current.counts, population: input.population.total,
        previousTierId, ...(capacity ? { capacity } : {}),
      });
      memo.set(rs.id, { key, result });
      list.push(result);
    }
  }
  return { results: out, indicatorsByDay };
}

/** Daily results of a roll-up (childShares) set from the children's tier on each day. */
export function computeRollUpResults(ruleSet: RuleSet, fromDay: number, toDay: number,
  childTierAt: (day: number) => (string | null)[]): RiskResult[] {
  const out: RiskResult[] = [];
  let lastKey = '';
  let last: RiskResult | null = null;
  for (let d = fromDay; d <= toDay; d++) {
    const tiers = childTierAt(d);
    const key = tiers.join(',');
    if (last === null || key !== lastKey) last = rollUpChildTiers(ruleSet, tiers.map((tier) => ({ tier })));
    lastKey = key;
    out.push(last);
  }
  return out;
}

/** Runs from daily results starting on fromDay, given the tier of the day before. */
export function compressRuns(results: readonly RiskResult[], fromDay: number, tierBefore: string,
  indicatorsByDay: readonly IndicatorValues[] = []): TierRun[] {
  const runs: TierRun[] = [];
  let previous = tierBefore;
  results.forEach((result, i) => {
    if (result.tier === previous) return;
    previous = result.tier;
    runs.push({
      day: fromDay + i, tier: result.tier, tierOrder: result.tierOrder, insufficient: result.insufficientData,
      indicators: indicatorsByDay[i] ?? {}, reasons: result.reasons,
    });
  });
  return runs;
}

/** Tier id on `day` from runs sorted by day, else the baseline tier. */
export function tierFromRuns(runs: readonly { day: number; tier: string }[], day: number, baseline: string): string {
  let tier = baseline;
  for (const run of runs) {
    if (run.day > day) break;
    tier = run.tier;
  }
  return tier;
}
