// Daily tiers of one unit from its rollup rows, with the pure engine in
// geo/risk. No I/O here: tier.service.ts loads the rows and stores the runs.
import {
  computeIndicators, computeIndicatorsFromSums, COUNT_NAMES, emptyWindowCounts, evaluateRisk, INDICATOR_NAMES, rollUpChildTiers,
  WINDOW_FIELDS, type AgeBandCounts, type CapacityInput, type CountValues, type DailyRollup, type IndicatorResult,
  type IndicatorValues, type RiskResult, type RuleSet, type VaccinationCounts, type WindowField,
} from '../../geo/risk/index.ts';
import type { ValueColumn } from '../aggregate/rollup-sql.ts';
import { previousAssessmentDay, toIsoDate } from './days.ts';

/** Days of rollup before D that an assessment reads (the engine's longest window is D-13 … D; 2716 looks at D-14). */
export const LOOKBACK_DAYS = 14;

export type RollupValues = Record<ValueColumn, number>;

export interface RollupRow extends RollupValues {
  day: number;
}

/**
 * Columns kept as running totals (standing values): people vaccinated, and the
 * households entering and leaving the sets "a new case in the last 7 / 14 days"
 * (HCMC Plan 2716 case households, counted as the plan's text says).
 */
export const VACCINATION_COLUMNS = [
  'dose1_people', 'dose1_18plus', 'dose1_50plus', 'dose1_65plus', 'full_people', 'full_18plus', 'full_50plus', 'full_65plus',
  'booster_people', 'booster_18plus', 'booster_50plus', 'booster_65plus',
  'case_households_in7_new', 'case_households_in7_left', 'case_households_in14_new', 'case_households_in14_left',
] as const satisfies readonly ValueColumn[];

/** Cumulative people per vaccination column (and household-set entries/exits). */
export type VaccinationTotals = Record<(typeof VACCINATION_COLUMNS)[number], number>;

export interface CapacityRow {
  fromDay: number;
  capacity: CapacityInput;
}

/** A run of equal tiers starting on `day`. */
export interface TierRun {
  day: number;
  tier: string;
  /** Version of the rule set that graded the run (a run never spans two versions). */
  ruleSetVersion?: string;
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
  /** False to skip the results' plain-words summaries (bulk grading stores tiers and reasons only). Default true. */
  summaries?: boolean;
  /** The version of a rule set in force on a day (rule sets apply as dated); default: the set itself. */
  versionOn?: (ruleSet: RuleSet, day: number) => RuleSet;
}

/** Rollup column behind each window field of the engine. */
const WINDOW_COLUMNS: Record<WindowField, ValueColumn> = {
  communityCases: 'cases_community', importedCases: 'cases_imported', quarantineCases: 'cases_quarantine',
  testsPcr: 'tests_pcr', positivePcr: 'positive_pcr', severeCases: 'cases_severe', deaths: 'deaths',
  newCaseHouseholds: 'case_households_new', newCaseHouseholdsWithContact: 'case_households_new_contact',
};

/**
 * Running sums over a unit's day series from `start`: window sums in O(1)
 * per day instead of re-reading the 15 days of each window. Values are whole
 * counts, so sums are exact whatever their order.
 */
class DaySeries {
  /** prefix[f][i] = sum of field f over days start … start + i - 1. */
  private readonly prefix = new Map<WindowField, Float64Array>();
  private readonly totals: VaccinationTotals[] = [];
  /** Latest day ≤ start + i with a new case household, or -Infinity. */
  private readonly lastCaseHousehold: Float64Array;

  constructor(private readonly start: number, end: number, rows: ReadonlyMap<number, RollupValues>, prefix: VaccinationTotals) {
    const n = end - start + 1;
    for (const field of WINDOW_FIELDS) this.prefix.set(field, new Float64Array(n + 1));
    this.lastCaseHousehold = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
    let running = prefix;
    let last = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const row = rows.get(start + i);
      for (const field of WINDOW_FIELDS) {
        const sums = this.prefix.get(field) as Float64Array;
        sums[i + 1] = (sums[i] as number) + (row ? row[WINDOW_COLUMNS[field]] : 0);
      }
      if (row) {
        running = { ...running };
        for (const c of VACCINATION_COLUMNS) running[c] += row[c];
        if (row.case_households_new > 0) last = start + i;
      }
      this.totals.push(running);
      this.lastCaseHousehold[i] = last;
    }
  }

  private windowSums(day: number, windowDays: number): Record<WindowField, number> {
    const out = emptyWindowCounts();
    const hi = day - this.start + 1;
    const lo = Math.max(0, hi - windowDays);
    for (const field of WINDOW_FIELDS) {
      const sums = this.prefix.get(field) as Float64Array;
      out[field] = (sums[hi] as number) - (sums[lo] as number);
    }
    return out;
  }

  /**
   * What computeDayIndicators gives for `day` (the series holds D-14 … D):
   * vaccination as of D (cumulative totals never fall, so the latest figures
   * are D's own), days since the last case household in D-14 … D, else the 15 days covered.
   */
  indicatorsOn(day: number, population: AgeBandCounts): { indicators: IndicatorValues; counts: CountValues } {
    const i = day - this.start;
    const last = this.lastCaseHousehold[i] as number;
    const totals = this.totals[i] as VaccinationTotals;
    // Case households (Plan 2716): households with a new case in the window, each once, whatever its number of cases.
    const days7 = { ...this.windowSums(day, 7), newCaseHouseholds: totals.case_households_in7_new - totals.case_households_in7_left };
    const days14 = { ...this.windowSums(day, 14), newCaseHouseholds: totals.case_households_in14_new - totals.case_households_in14_left };
    return computeIndicatorsFromSums({
      sums: { days7, days14 },
      vaccinated: toVaccinated(this.totals[i] as VaccinationTotals) ?? null,
      population,
      daysSinceLastCaseHousehold: last >= day - LOOKBACK_DAYS ? day - last : LOOKBACK_DAYS + 1,
      known: true,
    });
  }
}

function sameValues<K extends string>(a: Record<K, number | null>, b: Record<K, number | null>, keys: readonly K[]): boolean {
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * Daily results of every own-indicator rule set for days fromDay … toDay.
 * Indicators come from running sums over the day series; a rule set is
 * re-evaluated only when its inputs change (indicator values, capacity or the
 * previous assessment's tier), as the engine is a pure function of them.
 */
export function computeUnitResults(ruleSets: readonly RuleSet[], input: UnitSeriesInput): UnitResults {
  const rows = new Map(input.rows.map((r) => [r.day, r]));
  const series = new DaySeries(input.fromDay - LOOKBACK_DAYS, input.toDay, rows, input.prefix);
  const out = new Map<string, RiskResult[]>(ruleSets.map((rs) => [rs.id, []]));
  const weekly = ruleSets.map(isWeeklyAssessed);
  const memo: ({ version: number; set: RuleSet; previous: string | null; capacity: CapacityInput | undefined; result: RiskResult } | null)[] = ruleSets.map(() => null);
  let current: { indicators: IndicatorValues; counts: CountValues } | null = null;
  let version = 0;
  const indicatorsByDay: IndicatorValues[] = [];
  for (let d = input.fromDay; d <= input.toDay; d++) {
    const next = series.indicatorsOn(d, input.population);
    if (current === null || !sameValues(current.indicators, next.indicators, INDICATOR_NAMES) || !sameValues(current.counts, next.counts, COUNT_NAMES)) {
      current = next;
      version++;
    }
    indicatorsByDay.push(current.indicators);
    const capacity = capacityAt(input.capacities, d);
    for (const [k, rs] of ruleSets.entries()) {
      const list = out.get(rs.id) as RiskResult[];
      let previousTierId: string | null = null;
      if (weekly[k]) {
        const a = previousAssessmentDay(d);
        previousTierId = a >= input.fromDay ? (list[a - input.fromDay]?.tier ?? null) : input.tierBefore(rs, a);
      }
      const set = input.versionOn ? input.versionOn(rs, d) : rs;
      const hit = memo[k];
      const result = hit && hit.version === version && hit.set === set && hit.previous === previousTierId && sameCapacity(hit.capacity, capacity)
        ? hit.result
        : evaluateRisk(set, {
          indicators: current.indicators, counts: current.counts, population: input.population.total,
          previousTierId, ...(capacity ? { capacity } : {}),
        }, { summary: input.summaries ?? true });
      memo[k] = { version, set, previous: previousTierId, capacity, result };
      list.push(result);
    }
  }
  return { results: out, indicatorsByDay };
}

/** Same capacity input (by content, as capacity rows are separate objects). */
function sameCapacity(a: CapacityInput | undefined, b: CapacityInput | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return a.treatmentCapacityMet === b.treatmentCapacityMet && a.responseCapacity === b.responseCapacity;
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

/**
 * Runs from daily results starting on fromDay, given the tier (and the rule
 * set version, when known) of the day before: a run starts where the tier or
 * the version changes, so history across a version change shows both.
 */
export function compressRuns(results: readonly RiskResult[], fromDay: number, tierBefore: string,
  indicatorsByDay: readonly IndicatorValues[] = [], versionBefore: string | null = null): TierRun[] {
  const runs: TierRun[] = [];
  let previous = tierBefore;
  let previousVersion = versionBefore ?? results[0]?.ruleSetVersion ?? null;
  results.forEach((result, i) => {
    if (result.tier === previous && result.ruleSetVersion === previousVersion) return;
    previous = result.tier;
    previousVersion = result.ruleSetVersion;
    runs.push({
      day: fromDay + i, tier: result.tier, ruleSetVersion: result.ruleSetVersion, tierOrder: result.tierOrder, insufficient: result.insufficientData,
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
