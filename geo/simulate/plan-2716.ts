/**
 * Ho Chi Minh City Plan 2716 colours of residential groups, computed from
 * the true cases (to check that a simulation has the shape of September
 * 2021). Mirrors geo/risk/rule-sets/hcmc-2716.json: xanh when the last new
 * case household was found more than 14 days ago (or never), cận xanh 7 or
 * more days ago, then đỏ ≥ 3 new case households in the last 14 days, cam 2,
 * vàng 1, or cam when one of them had contact with other households (a
 * member caught it from another household of the block or group:
 * TrueCase.contactWithOtherHouseholds). A new case household is a household
 * with a confirmed case and no other case in it in the 14 days before.
 * Imported cases (arrivals quarantined on entry) do not make a case
 * household.
 */
import type { TrueCase } from './events.ts';
import type { SimPopulation } from './population.ts';

/** The five colours of rule set hcmc-2716, green to red. */
export type Plan2716Colour = 'xanh' | 'can-xanh' | 'vang' | 'cam' | 'do';

/** Groups per colour, and the four published classes as shares of all groups (0–1). */
export interface Plan2716Shares {
  groups: number;
  counts: Record<Plan2716Colour, number>;
  /** xanh + cận xanh. */
  newNormal: number;
  /** vàng. */
  atRisk: number;
  /** cam. */
  high: number;
  /** đỏ. */
  veryHigh: number;
}

/** September 2021 city figures (risk-models.md §3): 58 / 25 / 8 / 13 % (they add to 104% as published). */
export const SEPTEMBER_2021_SHARES = { newNormal: 0.58, atRisk: 0.25, high: 0.08, veryHigh: 0.13 } as const;

/** A household the day it became a new case household, and whether that case had contact with other households. */
export interface NewCaseHousehold {
  household: number;
  day: number;
  contact: boolean;
}

/** Days (index from the run start) on which each household became a new case household. */
export function listNewCaseHouseholdDays(cases: readonly TrueCase[]): NewCaseHousehold[] {
  const lastCase = new Map<number, number>();
  const found: NewCaseHousehold[] = [];
  for (const c of [...cases].sort((a, b) => a.confirmedDay - b.confirmedDay)) {
    if (c.classification === 'imported') continue;
    const previous = lastCase.get(c.household);
    if (previous === undefined || c.confirmedDay - previous > 14) found.push({ household: c.household, day: c.confirmedDay, contact: c.contactWithOtherHouseholds === true });
    lastCase.set(c.household, c.confirmedDay);
  }
  return found;
}

/**
 * The colour of one group given its new-case-household days, on day
 * `asOfDay`. `countWindowDays` is the window vàng/cam/đỏ count case
 * households over: 14 (the rule set's default [cfg]) or 7 (its documented
 * alternative, "count only the last week"). `contactDays` are the days of
 * those case households that had contact with other households (a subset
 * of `caseHouseholdDays`; one in the window makes the group cam).
 */
export function classifyGroup(caseHouseholdDays: readonly number[], asOfDay: number, countWindowDays: 7 | 14 = 14, contactDays: readonly number[] = []): Plan2716Colour {
  const past = caseHouseholdDays.filter((d) => d <= asOfDay);
  const last = past.length > 0 ? Math.max(...past) : -Infinity;
  if (asOfDay - last > 14) return 'xanh';
  if (asOfDay - last >= 7) return 'can-xanh';
  const inWindow = (d: number) => d <= asOfDay && asOfDay - d < countWindowDays;
  const recent = past.filter(inWindow).length;
  if (recent >= 3) return 'do';
  if (recent === 2 || contactDays.some(inWindow)) return 'cam';
  return 'vang';
}

/** Colours of every residential group on `asOfDay`; a population with no groups gives zero shares. */
export function computePlan2716Shares(population: SimPopulation, cases: readonly TrueCase[], asOfDay: number, countWindowDays: 7 | 14 = 14): Plan2716Shares {
  const daysByGroup = population.groups.map((): number[] => []);
  const contactDaysByGroup = population.groups.map((): number[] => []);
  for (const { household, day, contact } of listNewCaseHouseholdDays(cases)) {
    const g = population.households[household]?.group ?? -1;
    if (g < 0) continue;
    daysByGroup[g]!.push(day);
    if (contact) contactDaysByGroup[g]!.push(day);
  }
  const counts: Record<Plan2716Colour, number> = { xanh: 0, 'can-xanh': 0, vang: 0, cam: 0, do: 0 };
  daysByGroup.forEach((days, g) => { counts[classifyGroup(days, asOfDay, countWindowDays, contactDaysByGroup[g])] += 1; });
  const n = population.groups.length;
  const of = (k: number) => (n > 0 ? k / n : 0);
  return { groups: n, counts, newNormal: of(counts.xanh + counts['can-xanh']), atRisk: of(counts.vang), high: of(counts.cam), veryHigh: of(counts.do) };
}
