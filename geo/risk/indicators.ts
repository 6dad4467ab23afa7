/**
 * Indicator formulas: from one unit's daily rollup series, its population and
 * an assessment date D to the named indicators of indicator-catalog.ts.
 *
 * Windows (all inclusive, counted back from D): "7d" = D-6 … D, "14d" =
 * D-13 … D, "this week" = D-6 … D, "the week before" = D-13 … D-7. Records
 * dated after D or with an invalid date are ignored (and counted in
 * `ignoredRecords`). A day with no record counts as zero events. Two records
 * with the same date are both added. Vaccination figures are cumulative and
 * taken from the latest record on or before D that carries them.
 *
 * Rates are computed as `count × 100,000 / (weeks × population)` — multiply
 * first, so whole inputs give exact edges (40 cases in 2 weeks for 100,000
 * people is exactly 20). Zero, negative or unknown population or denominator
 * gives null, never NaN or Infinity.
 */
import { toDayNumber } from './dates.ts';
import type { CountValues, IndicatorValues } from './indicator-catalog.ts';

/** People counted in a population or vaccination figure, by age band (each band includes all older people). */
export interface AgeBandCounts {
  total: number | null;
  age18Plus: number | null;
  age50Plus: number | null;
  age65Plus: number | null;
}

/** Cumulative people vaccinated as of a day, by age band. */
export interface VaccinationCounts {
  atLeastOneDose: AgeBandCounts;
  fullyVaccinated: AgeBandCounts;
  booster: AgeBandCounts;
}

/** One day of a unit's rollup. Event counts are events on that day only (not cumulative). */
export interface DailyRollup {
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  /** New cases found in the community (not imported, not in quarantine). */
  communityCases: number;
  /** New imported cases. */
  importedCases: number;
  /** New cases found inside quarantine facilities. */
  quarantineCases: number;
  testsPcr: number;
  testsAntigen: number;
  positivePcr: number;
  positiveAntigen: number;
  /** New severe cases (oxygen or ventilation) that day. */
  severeCases: number;
  deaths: number;
  /** Doses given that day by dose number ("1", "2", "3" …); informational. */
  dosesByNumber?: Record<string, number>;
  /** Cumulative people vaccinated at the end of the day; omit when not known that day. */
  vaccinated?: VaccinationCounts;
  /** Active (not yet recovered) cases at the end of the day; informational. */
  activeCases?: number;
  /** Households with their first new case (F0) that day. */
  newCaseHouseholds: number;
  /** Of those, households whose case had contact with other households. */
  newCaseHouseholdsWithContact: number;
}

/** Input of computeIndicators. */
export interface IndicatorInput {
  series: readonly DailyRollup[];
  /** Resident population by age band; null fields are unknown. */
  population: AgeBandCounts;
  /** Assessment date D (ISO), the last day included in every window. */
  assessmentDate: string;
  /**
   * First date the series covers (ISO). Default: the earliest valid record date.
   * Used only by `daysSinceLastCaseHousehold` when no case household is on record.
   */
  recordsFrom?: string;
}

/** Output of computeIndicators. */
export interface IndicatorResult {
  indicators: IndicatorValues;
  counts: CountValues;
  /** Records dated after D or with an invalid date. */
  ignoredRecords: number;
}

/** `numerator / denominator`, or null when the denominator is zero, negative, unknown or either is not finite. */
export function divideOrNull(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null) return null;
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator <= 0) return null;
  return numerator / denominator;
}

/** Events per 100,000 people per week over `weeks` weeks: `count × 100,000 / (weeks × population)`; null on bad population. */
export function ratePer100kPerWeek(count: number, population: number | null, weeks: number): number | null {
  if (population === null || !(population > 0) || !(weeks > 0)) return null;
  return divideOrNull(count * 100_000, weeks * population);
}

/** The per-day event fields summed over the 7- and 14-day windows. */
export const WINDOW_FIELDS = ['communityCases', 'importedCases', 'quarantineCases', 'testsPcr', 'positivePcr',
  'severeCases', 'deaths', 'newCaseHouseholds', 'newCaseHouseholdsWithContact'] as const;

/** A per-day event field that indicators sum over a window. */
export type WindowField = (typeof WINDOW_FIELDS)[number];

/** Sums of each window field over D-6 … D (`days7`) and D-13 … D (`days14`). */
export interface WindowSums {
  days7: Record<WindowField, number>;
  days14: Record<WindowField, number>;
}

/**
 * What the indicator formulas read for one unit at date D, already summed:
 * computeIndicators builds it from a series; a caller holding running sums
 * over a day series (server/risk) builds it directly, so both share the formulas.
 */
export interface IndicatorSums {
  sums: WindowSums;
  /** Cumulative vaccination as of D (the latest figures on or before D); null = unknown. */
  vaccinated: VaccinationCounts | null;
  population: AgeBandCounts;
  /** See computeIndicators; null = unknown. */
  daysSinceLastCaseHousehold: number | null;
  /** False when D is not a valid date: every indicator and count is then null. */
  known: boolean;
}

interface DatedRollup {
  day: number;
  record: DailyRollup;
}

/** Zeroed window sums. */
export function emptyWindowCounts(): Record<WindowField, number> {
  return {
    communityCases: 0, importedCases: 0, quarantineCases: 0, testsPcr: 0, positivePcr: 0, severeCases: 0, deaths: 0,
    newCaseHouseholds: 0, newCaseHouseholdsWithContact: 0,
  };
}

function sumWindows(records: readonly DatedRollup[], lastDay: number): WindowSums {
  const days7 = emptyWindowCounts();
  const days14 = emptyWindowCounts();
  for (const { day, record } of records) {
    if (day > lastDay) continue;
    const in7 = day > lastDay - 7;
    const in14 = day > lastDay - 14;
    if (!in14) continue;
    for (const field of WINDOW_FIELDS) {
      const value = finiteOrZero(record[field]);
      days14[field] += value;
      if (in7) days7[field] += value;
    }
  }
  return { days7, days14 };
}

function finiteOrZero(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) ? value : 0;
}

function latestVaccination(records: readonly DatedRollup[]): VaccinationCounts | null {
  let best: DatedRollup | null = null;
  for (const entry of records) {
    if (entry.record.vaccinated && (best === null || entry.day >= best.day)) best = entry;
  }
  return best?.record.vaccinated ?? null;
}

function daysSinceLastCaseHousehold(records: readonly DatedRollup[], d: number, recordsFrom: number | null): number | null {
  let last: number | null = null;
  for (const { day, record } of records) {
    if (finiteOrZero(record.newCaseHouseholds) > 0 && (last === null || day > last)) last = day;
  }
  if (last !== null) return d - last;
  // None on record: the series proves at least this many clear days (a lower bound).
  return recordsFrom === null || recordsFrom > d ? null : d - recordsFrom + 1;
}

/**
 * Computes every catalog indicator and raw count for one unit at date D.
 *
 * - `casesPer100kPerWeek` (MoH 4800 criterion 1): (community cases this week +
 *   the week before) × 100,000 / (2 × population). Excludes imported and quarantine cases.
 * - `allCasesPer100kPerWeek`, `severePer100kPerWeek`, `deathsPer100kPerWeek`: same
 *   two-week average over all cases, new severe cases, deaths.
 * - `casesPer100k7d`: all new cases in D-6 … D per 100,000; `dailyCasesPer100k7dMean` = that / 7.
 * - `positivity7d`: PCR positives / PCR tests in D-6 … D (fraction); null with no tests.
 * - coverage indicators: cumulative people / population of the same age band (fraction).
 * - `caseHouseholds7d|14d`, `caseHouseholdsWithContact7d|14d`: households with a new case in the window.
 * - `daysSinceLastCaseHousehold`: D minus the date of the latest new case household
 *   (0 = today). With none on record, the days the series covers up to D
 *   (`D - recordsFrom + 1`, a lower bound); null for an empty series.
 * Invalid D gives all indicators null.
 */
export function computeIndicators(input: IndicatorInput): IndicatorResult {
  const d = toDayNumber(input.assessmentDate);
  const records: DatedRollup[] = [];
  let ignoredRecords = 0;
  for (const record of input.series) {
    const day = toDayNumber(record.date);
    if (day === null || d === null || day > d) ignoredRecords++;
    else records.push({ day, record });
  }
  const lastDay = d ?? Number.NEGATIVE_INFINITY;
  const earliest = records.reduce<number | null>((m, r) => (m === null || r.day < m ? r.day : m), null);
  const recordsFrom = input.recordsFrom !== undefined ? toDayNumber(input.recordsFrom) : earliest;
  const known = d !== null;
  const { indicators, counts } = computeIndicatorsFromSums({
    sums: sumWindows(records, lastDay), vaccinated: latestVaccination(records), population: input.population,
    daysSinceLastCaseHousehold: known ? daysSinceLastCaseHousehold(records, lastDay, recordsFrom) : null, known,
  });
  return { indicators, counts, ignoredRecords };
}

/**
 * The indicator formulas of computeIndicators (see there) applied to window
 * sums: the one place the rates, shares and counts are computed.
 */
export function computeIndicatorsFromSums(input: IndicatorSums): { indicators: IndicatorValues; counts: CountValues } {
  const { days7, days14 } = input.sums;
  const pop = input.population;
  const total = validPopulation(pop.total);
  const known = input.known;
  const allCases7 = days7.communityCases + days7.importedCases + days7.quarantineCases;
  const allCases14 = days14.communityCases + days14.importedCases + days14.quarantineCases;
  const vac = input.vaccinated;
  const share = (people: number | null | undefined, band: number | null): number | null =>
    divideOrNull(people ?? null, validPopulation(band));

  const casesPer100k7d = ratePer100kPerWeek(allCases7, total, 1);
  const indicators: IndicatorValues = {
    casesPer100kPerWeek: ratePer100kPerWeek(days14.communityCases, total, 2),
    allCasesPer100kPerWeek: ratePer100kPerWeek(allCases14, total, 2),
    severePer100kPerWeek: ratePer100kPerWeek(days14.severeCases, total, 2),
    deathsPer100kPerWeek: ratePer100kPerWeek(days14.deaths, total, 2),
    casesPer100k7d,
    dailyCasesPer100k7dMean: casesPer100k7d === null ? null : casesPer100k7d / 7,
    positivity7d: divideOrNull(days7.positivePcr, days7.testsPcr),
    coverage1Dose18: share(vac?.atLeastOneDose.age18Plus, pop.age18Plus),
    coverage1DoseTotal: share(vac?.atLeastOneDose.total, pop.total),
    fullCoverage18: share(vac?.fullyVaccinated.age18Plus, pop.age18Plus),
    fullCoverage50: share(vac?.fullyVaccinated.age50Plus, pop.age50Plus),
    fullCoverage65: share(vac?.fullyVaccinated.age65Plus, pop.age65Plus),
    fullCoverageTotal: share(vac?.fullyVaccinated.total, pop.total),
    boosterCoverage18: share(vac?.booster.age18Plus, pop.age18Plus),
    caseHouseholds7d: known ? days7.newCaseHouseholds : null,
    caseHouseholds14d: known ? days14.newCaseHouseholds : null,
    caseHouseholdsWithContact7d: known ? days7.newCaseHouseholdsWithContact : null,
    caseHouseholdsWithContact14d: known ? days14.newCaseHouseholdsWithContact : null,
    daysSinceLastCaseHousehold: known ? input.daysSinceLastCaseHousehold : null,
  };
  const counts: CountValues = {
    population: pop.total !== null && Number.isFinite(pop.total) ? pop.total : null,
    communityCases14d: known ? days14.communityCases : null,
    communityCases7d: known ? days7.communityCases : null,
    allCases14d: known ? allCases14 : null,
    allCases7d: known ? allCases7 : null,
    severeCases14d: known ? days14.severeCases : null,
    deaths14d: known ? days14.deaths : null,
    testsPcr7d: known ? days7.testsPcr : null,
    positivePcr7d: known ? days7.positivePcr : null,
    caseHouseholds14d: known ? days14.newCaseHouseholds : null,
  };
  if (!known) for (const key of Object.keys(indicators) as (keyof IndicatorValues)[]) indicators[key] = null;
  return { indicators, counts };
}

function validPopulation(value: number | null): number | null {
  return value !== null && Number.isFinite(value) && value > 0 ? value : null;
}
