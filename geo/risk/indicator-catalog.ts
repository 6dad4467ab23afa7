/**
 * The closed list of indicators and raw counts a rule set may refer to, with
 * labels, units and windows. `computeIndicators` (indicators.ts) produces
 * exactly these names; `validateRuleSet` rejects any other name.
 *
 * Windows are counted back from the assessment date D, inclusive:
 * "7d" = D-6 … D; "14d" = D-13 … D; "this week" = D-6 … D and
 * "the week before" = D-13 … D-7. A window of 0 days means a value as of D
 * (cumulative vaccination, days since an event).
 */

/** How an indicator's value is expressed. `fraction` is 0–1 (0.7 = 70%) and may exceed 1 when registers disagree. */
export type IndicatorKind = 'ratePer100k' | 'fraction' | 'count' | 'days';

/** Text in Vietnamese and English. */
export interface LocalText {
  vi: string;
  en: string;
}

/** One catalog entry: what the indicator means, its unit and window. */
export interface IndicatorInfo {
  label: LocalText;
  kind: IndicatorKind;
  /** Days the indicator looks back over, counted back from D inclusive; 0 = as of D. */
  windowDays: number;
  /** What people it may reveal, and so how small-number suppression treats it (server/access/README.md). */
  disclosure: Disclosure;
}

/**
 * Daily counts the rollups keep per unit and day (events on that day only).
 * `cases` = community + imported + quarantine; `tests`/`positives` = PCR +
 * antigen; `dose1` … `dose5` = doses given by dose number.
 */
export const DAILY_SERIES = [
  'cases', 'communityCases', 'severeCases', 'deaths', 'testsPcr', 'positivePcr', 'tests', 'positives',
  'newCaseHouseholds', 'newCaseHouseholdsWithContact', 'dose1', 'dose2', 'dose3', 'dose4', 'dose5',
] as const;

/** Name of a daily count series. */
export type DailySeriesName = (typeof DAILY_SERIES)[number];

/** Standing (cumulative, as of D) counts of people per unit; the API shows them under these names. */
export const STANDING_COUNTS = ['activeCases', 'atLeastOneDose', 'fullyVaccinated', 'booster', 'pendingRetest'] as const;

/** Name of a standing count. */
export type StandingCountName = (typeof STANDING_COUNTS)[number];

/**
 * How a value can reveal individuals, which decides its small-number suppression:
 * - `count`: a sum of a daily series over the `windowDays` days ending on D; hidden
 *   when small, and coarsened when any day it covers is hidden;
 * - `standing`: a count of people as of D; hidden when small;
 * - `derived`: computed from the count `from` (a rate, a share of tests, days since);
 *   withheld whenever that count is not shown exactly;
 * - `share`: people with something / the population band `of`; withheld when the
 *   people with it or without it number 1 … threshold − 1;
 * - `none`: reveals no count of people (population on the register).
 */
export type Disclosure =
  | { kind: 'count'; series: DailySeriesName; windowDays: number }
  | { kind: 'standing'; series: StandingCountName }
  | { kind: 'derived'; from: CountName | IndicatorName }
  | { kind: 'share'; of: 'total' | 'age18Plus' | 'age50Plus' | 'age65Plus' }
  | { kind: 'none' };

/** Every indicator, in a fixed order. */
export const INDICATOR_NAMES = [
  'casesPer100kPerWeek',
  'allCasesPer100kPerWeek',
  'severePer100kPerWeek',
  'deathsPer100kPerWeek',
  'casesPer100k7d',
  'dailyCasesPer100k7dMean',
  'positivity7d',
  'coverage1Dose18',
  'coverage1DoseTotal',
  'fullCoverage18',
  'fullCoverage50',
  'fullCoverage65',
  'fullCoverageTotal',
  'boosterCoverage18',
  'caseHouseholds7d',
  'caseHouseholds14d',
  'caseHouseholdsWithContact7d',
  'caseHouseholdsWithContact14d',
  'daysSinceLastCaseHousehold',
] as const;

/** Name of an indicator a rule set may band or compare. */
export type IndicatorName = (typeof INDICATOR_NAMES)[number];

/** Values of every indicator; null when it cannot be computed (zero or unknown population or denominator, no data). Never NaN or Infinity. */
export type IndicatorValues = Record<IndicatorName, number | null>;

/** Every raw count, reported with "insufficient data" and usable in minimum-count rules and conditions. */
export const COUNT_NAMES = [
  'population',
  'communityCases14d',
  'communityCases7d',
  'allCases14d',
  'allCases7d',
  'severeCases14d',
  'deaths14d',
  'testsPcr7d',
  'positivePcr7d',
  'caseHouseholds14d',
] as const;

/** Name of a raw count. */
export type CountName = (typeof COUNT_NAMES)[number];

/** Raw counts; null when unknown (e.g. population not on record). */
export type CountValues = Record<CountName, number | null>;

const pct = (vi: string, en: string, of: 'total' | 'age18Plus' | 'age50Plus' | 'age65Plus'): IndicatorInfo =>
  ({ label: { vi, en }, kind: 'fraction', windowDays: 0, disclosure: { kind: 'share', of } });

/** What each raw count reveals (see Disclosure). */
export const COUNT_DISCLOSURE: Record<CountName, Disclosure> = {
  population: { kind: 'none' },
  communityCases14d: { kind: 'count', series: 'communityCases', windowDays: 14 },
  communityCases7d: { kind: 'count', series: 'communityCases', windowDays: 7 },
  allCases14d: { kind: 'count', series: 'cases', windowDays: 14 },
  allCases7d: { kind: 'count', series: 'cases', windowDays: 7 },
  severeCases14d: { kind: 'count', series: 'severeCases', windowDays: 14 },
  deaths14d: { kind: 'count', series: 'deaths', windowDays: 14 },
  testsPcr7d: { kind: 'count', series: 'testsPcr', windowDays: 7 },
  positivePcr7d: { kind: 'count', series: 'positivePcr', windowDays: 7 },
  caseHouseholds14d: { kind: 'count', series: 'newCaseHouseholds', windowDays: 14 },
};

/** Labels, kinds and windows of every indicator. */
export const INDICATOR_CATALOG: Record<IndicatorName, IndicatorInfo> = {
  casesPer100kPerWeek: {
    label: { vi: 'ca mắc mới trong cộng đồng/100.000 dân/tuần', en: 'new community cases per 100k per week' },
    kind: 'ratePer100k',
    windowDays: 14,
    disclosure: { kind: 'derived', from: 'communityCases14d' },
  },
  allCasesPer100kPerWeek: {
    label: { vi: 'ca mắc mới/100.000 dân/tuần', en: 'new cases (all) per 100k per week' },
    kind: 'ratePer100k',
    windowDays: 14,
    disclosure: { kind: 'derived', from: 'allCases14d' },
  },
  severePer100kPerWeek: {
    label: { vi: 'ca bệnh nặng/100.000 dân/tuần', en: 'severe cases per 100k per week' },
    kind: 'ratePer100k',
    windowDays: 14,
    disclosure: { kind: 'derived', from: 'severeCases14d' },
  },
  deathsPer100kPerWeek: {
    label: { vi: 'ca tử vong/100.000 dân/tuần', en: 'deaths per 100k per week' },
    kind: 'ratePer100k',
    windowDays: 14,
    disclosure: { kind: 'derived', from: 'deaths14d' },
  },
  casesPer100k7d: {
    label: { vi: 'ca mắc mới/100.000 dân trong 7 ngày', en: 'new cases per 100k in 7 days' },
    kind: 'ratePer100k',
    windowDays: 7,
    disclosure: { kind: 'derived', from: 'allCases7d' },
  },
  dailyCasesPer100k7dMean: {
    label: { vi: 'ca mắc mới/100.000 dân/ngày (trung bình 7 ngày)', en: 'daily new cases per 100k (7-day mean)' },
    kind: 'ratePer100k',
    windowDays: 7,
    disclosure: { kind: 'derived', from: 'allCases7d' },
  },
  positivity7d: {
    label: { vi: 'tỷ lệ xét nghiệm PCR dương tính (7 ngày)', en: 'PCR (NAAT) test positivity (7 days)' },
    kind: 'fraction',
    windowDays: 7,
    disclosure: { kind: 'derived', from: 'positivePcr7d' },
  },
  coverage1Dose18: pct('tỷ lệ người từ 18 tuổi tiêm ít nhất 1 mũi', 'share of adults 18+ with at least one dose', 'age18Plus'),
  coverage1DoseTotal: pct('tỷ lệ dân số tiêm ít nhất 1 mũi', 'share of population with at least one dose', 'total'),
  fullCoverage18: pct('tỷ lệ người từ 18 tuổi tiêm đủ liều', 'share of adults 18+ fully vaccinated', 'age18Plus'),
  fullCoverage50: pct('tỷ lệ người từ 50 tuổi tiêm đủ liều', 'share of people 50+ fully vaccinated', 'age50Plus'),
  fullCoverage65: pct('tỷ lệ người từ 65 tuổi tiêm đủ liều', 'share of people 65+ fully vaccinated', 'age65Plus'),
  fullCoverageTotal: pct('tỷ lệ dân số tiêm đủ liều', 'share of population fully vaccinated', 'total'),
  boosterCoverage18: pct('tỷ lệ người từ 18 tuổi tiêm mũi nhắc', 'share of adults 18+ with a booster', 'age18Plus'),
  caseHouseholds7d: {
    label: { vi: 'hộ có ca mắc mới trong 7 ngày', en: 'households with a new case in 7 days' },
    kind: 'count',
    windowDays: 7,
    disclosure: { kind: 'count', series: 'newCaseHouseholds', windowDays: 7 },
  },
  caseHouseholds14d: {
    label: { vi: 'hộ có ca mắc mới trong 14 ngày', en: 'households with a new case in 14 days' },
    kind: 'count',
    windowDays: 14,
    disclosure: { kind: 'count', series: 'newCaseHouseholds', windowDays: 14 },
  },
  caseHouseholdsWithContact7d: {
    label: { vi: 'hộ có ca mắc mới có tiếp xúc với hộ khác (7 ngày)', en: 'case households with contact to other households (7 days)' },
    kind: 'count',
    windowDays: 7,
    disclosure: { kind: 'count', series: 'newCaseHouseholdsWithContact', windowDays: 7 },
  },
  caseHouseholdsWithContact14d: {
    label: { vi: 'hộ có ca mắc mới có tiếp xúc với hộ khác (14 ngày)', en: 'case households with contact to other households (14 days)' },
    kind: 'count',
    windowDays: 14,
    disclosure: { kind: 'count', series: 'newCaseHouseholdsWithContact', windowDays: 14 },
  },
  daysSinceLastCaseHousehold: {
    label: { vi: 'số ngày từ hộ có ca mắc mới gần nhất', en: 'days since the last new case household' },
    kind: 'days',
    windowDays: 0,
    disclosure: { kind: 'derived', from: 'caseHouseholds14d' },
  },
};

/** True if `name` is a known indicator name. */
export function isIndicatorName(name: string): name is IndicatorName {
  return (INDICATOR_NAMES as readonly string[]).includes(name);
}

/** True if `name` is a known raw-count name. */
export function isCountName(name: string): name is CountName {
  return (COUNT_NAMES as readonly string[]).includes(name);
}
