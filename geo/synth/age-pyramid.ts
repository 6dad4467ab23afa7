/**
 * Age structure of the synthetic population and birth-date sampling.
 * Dates are ISO `YYYY-MM-DD` strings in the proleptic Gregorian calendar;
 * ages are completed years at a reference date that the caller supplies.
 */
import type { Random } from '../random.ts';
import { apportionLargestRemainder } from './apportion.ts';

/** A band of ages `minAge..maxAge` inclusive (years) and its share of the population (0–1). */
export interface AgeBand {
  minAge: number;
  maxAge: number;
  share: number;
}

/**
 * A young urban pyramid shaped after Ho Chi Minh City's 2019 census: 0–14 ≈ 19.6%,
 * 15–64 ≈ 73.7% (a bulge at 20–39 from migration), 65+ ≈ 6.7%; hence
 * 0–17 ≈ 23.0%, 18+ ≈ 77.0%, 50+ ≈ 22.8%. The five-year shares are an
 * approximation, not the published table. The open band 80+ is spread over
 * 80–99 with a 15% decline per year.
 */
export const HCMC_2019_PYRAMID: readonly AgeBand[] = [
  { minAge: 0, maxAge: 4, share: 0.068 }, { minAge: 5, maxAge: 9, share: 0.07 },
  { minAge: 10, maxAge: 14, share: 0.058 }, { minAge: 15, maxAge: 19, share: 0.056 },
  { minAge: 20, maxAge: 24, share: 0.086 }, { minAge: 25, maxAge: 29, share: 0.104 },
  { minAge: 30, maxAge: 34, share: 0.1 }, { minAge: 35, maxAge: 39, share: 0.088 },
  { minAge: 40, maxAge: 44, share: 0.076 }, { minAge: 45, maxAge: 49, share: 0.066 },
  { minAge: 50, maxAge: 54, share: 0.06 }, { minAge: 55, maxAge: 59, share: 0.054 },
  { minAge: 60, maxAge: 64, share: 0.047 }, { minAge: 65, maxAge: 69, share: 0.029 },
  { minAge: 70, maxAge: 74, share: 0.016 }, { minAge: 75, maxAge: 79, share: 0.01 },
  { minAge: 80, maxAge: 99, share: 0.012 },
];

/** Integer head counts of a unit by age. Every field is consistent: bands and years sum to `total`. */
export interface AgeSplit {
  total: number;
  /** Count per band of the pyramid, same order. */
  byBand: number[];
  /** Count per single year of age, index = age in years. */
  byYear: number[];
  age0to17: number;
  age18plus: number;
  age50plus: number;
  age65plus: number;
}

const singleYearCache = new WeakMap<readonly AgeBand[], Float64Array>();

/**
 * Weights per single year of age (index = age) summing to 1. Within a band
 * years share equally, except a band reaching 90 or beyond, whose weights
 * decline by 15% a year (an open "80+" band). Throws RangeError for an empty
 * pyramid or one whose shares do not sum to more than 0.
 */
export function expandPyramidToSingleYears(pyramid: readonly AgeBand[]): Float64Array {
  const cached = singleYearCache.get(pyramid);
  if (cached) return cached;
  const maxAge = Math.max(...pyramid.map((b) => b.maxAge));
  const total = pyramid.reduce((s, b) => s + b.share, 0);
  if (pyramid.length === 0 || !(total > 0)) throw new RangeError('pyramid shares must sum to more than 0');
  const weights = new Float64Array(maxAge + 1);
  for (const band of pyramid) {
    const open = band.maxAge >= 90;
    const raw = Array.from({ length: band.maxAge - band.minAge + 1 }, (_, k) => (open ? 0.85 ** k : 1));
    const rawSum = raw.reduce((s, w) => s + w, 0);
    raw.forEach((w, k) => { weights[band.minAge + k] = (weights[band.minAge + k] as number) + (band.share / total) * (w / rawSum); });
  }
  singleYearCache.set(pyramid, weights);
  return weights;
}

/**
 * Splits a unit's population (a non-negative integer) by age: single years
 * are apportioned by largest remainder, and bands and the 18+/50+/65+ totals
 * are sums of those years, so they are integers that add up exactly. A
 * total of 0 gives all zeros.
 */
export function splitPopulationByAge(total: number, pyramid: readonly AgeBand[] = HCMC_2019_PYRAMID): AgeSplit {
  const byYear = apportionLargestRemainder(total, Array.from(expandPyramidToSingleYears(pyramid)));
  const sumAges = (from: number, to: number): number => byYear.slice(from, to + 1).reduce((s, c) => s + c, 0);
  const age18plus = sumAges(18, byYear.length);
  return {
    total, byYear, byBand: pyramid.map((b) => sumAges(b.minAge, b.maxAge)),
    age0to17: total - age18plus, age18plus, age50plus: sumAges(50, byYear.length), age65plus: sumAges(65, byYear.length),
  };
}

const cumulativeCache = new WeakMap<readonly AgeBand[], Float64Array>();

/**
 * An age in completed years drawn from the pyramid, optionally limited to
 * `minAge..maxAge` (inclusive, rejection sampling; a range with no weight
 * throws RangeError).
 */
export function sampleAgeYears(rng: Random, pyramid: readonly AgeBand[] = HCMC_2019_PYRAMID, minAge = 0, maxAge = 200): number {
  let cumulative = cumulativeCache.get(pyramid);
  if (!cumulative) {
    const weights = expandPyramidToSingleYears(pyramid);
    cumulative = new Float64Array(weights.length);
    weights.reduce((s, w, i) => ((cumulative as Float64Array)[i] = s + w), 0);
    cumulativeCache.set(pyramid, cumulative);
  }
  const lo = minAge > 0 ? (cumulative[minAge - 1] ?? 1) : 0;
  const hi = cumulative[Math.min(maxAge, cumulative.length - 1)] ?? 0;
  if (!(hi > lo)) throw new RangeError(`no population aged ${minAge}–${maxAge} in the pyramid`);
  const target = lo + rng.next() * (hi - lo);
  let a = 0, b = cumulative.length - 1;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((cumulative[mid] as number) <= target) a = mid + 1; else b = mid;
  }
  return Math.max(minAge, Math.min(maxAge, a));
}

/** Parses `YYYY-MM-DD` (throws RangeError otherwise) into year, month (1–12), day. */
export function parseIsoDate(iso: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) throw new RangeError(`not a calendar date: ${iso}`);
  return { year, month, day };
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of the date `years` years before `iso`, with 29 February clamped to the 28th. */
function daysYearsBefore(iso: string, years: number): number {
  const { year, month, day } = parseIsoDate(iso);
  const y = year - years;
  const lastDay = new Date(Date.UTC(y, month, 0)).getUTCDate();
  return Date.UTC(y, month - 1, Math.min(day, lastDay)) / DAY_MS;
}

/** Formats days since 1970-01-01 as `YYYY-MM-DD`. */
function formatDays(days: number): string {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** Completed years between `birthDate` and `referenceDate` (a birthday on 29 February counts from 1 March in other years). */
export function computeAgeYears(birthDate: string, referenceDate: string): number {
  const b = parseIsoDate(birthDate);
  const r = parseIsoDate(referenceDate);
  const before = r.month < b.month || (r.month === b.month && r.day < b.day);
  return r.year - b.year - (before ? 1 : 0);
}

/** A birth date, uniform over the days on which someone is exactly `ageYears` old at `referenceDate`. */
export function sampleBirthDateForAge(rng: Random, referenceDate: string, ageYears: number): string {
  const latest = daysYearsBefore(referenceDate, ageYears);
  const earliest = daysYearsBefore(referenceDate, ageYears + 1) + 1;
  return formatDays(earliest + Math.floor(rng.next() * (latest - earliest + 1)));
}

/** A birth date whose age at `referenceDate` follows the pyramid (see `sampleAgeYears` for the limits). */
export function sampleBirthDate(
  rng: Random, referenceDate: string, pyramid: readonly AgeBand[] = HCMC_2019_PYRAMID, minAge = 0, maxAge = 200,
): string {
  return sampleBirthDateForAge(rng, referenceDate, sampleAgeYears(rng, pyramid, minAge, maxAge));
}
