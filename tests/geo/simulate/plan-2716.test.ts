import { describe, expect, it } from 'vitest';
import { simulateHistory } from '../../../geo/simulate/history.ts';
import { classifyGroup, computePlan2716Shares, listNewCaseHouseholdDays, SEPTEMBER_2021_SHARES } from '../../../geo/simulate/plan-2716.ts';
import { addDays } from '../../../geo/simulate/calendar.ts';
import { mergeParameters } from '../../../geo/simulate/parameters.ts';
import type { SimPopulation } from '../../../geo/simulate/population.ts';
import type { SimulatedHistory } from '../../../geo/simulate/history.ts';
import { buildDemoCity, buildTestCity } from './test-city.ts';

describe('classifyGroup (Plan 2716, rule set hcmc-2716)', () => {
  it.each([
    [[], 30, 14, 'xanh'],
    [[15], 30, 14, 'xanh'], // 15 days ago: more than 14
    [[16], 30, 14, 'can-xanh'], // 14 days ago: not more than 14, but 7 or more
    [[23], 30, 14, 'can-xanh'], // 7 days ago
    [[24], 30, 14, 'vang'], // 6 days ago: within the last 7
    [[17, 24], 30, 14, 'cam'], // two in 14 days
    [[16, 24], 30, 14, 'vang'], // the first is 14 days back: outside D-13…D
    [[17, 20, 24], 30, 14, 'do'],
    [[17, 20, 24], 30, 7, 'vang'], // a 7-day count sees only the last one
    [[24, 25, 30], 30, 7, 'do'],
    [[40], 30, 14, 'xanh'], // a future day does not count
  ] as const)('days %j on day %i counting %i days → %s', (days, asOf, window, colour) => {
    expect(classifyGroup(days, asOf, window)).toBe(colour);
  });

  it.each([
    [[24], [24], 30, 14, 'cam'], // one case household, with contact with other households
    [[18], [18], 30, 14, 'can-xanh'], // the time rules come first
    [[20, 26], [20], 30, 7, 'vang'], // the contact falls outside a 7-day count
    [[17, 20, 24], [24], 30, 14, 'do'],
  ] as const)('days %j with contact on %j, day %i counting %i days → %s', (days, contact, asOf, window, colour) => {
    expect(classifyGroup(days, asOf, window, contact)).toBe(colour);
  });
});

describe('listNewCaseHouseholdDays', () => {
  it('counts a household again only after 14 days without a case, and never for imported cases', () => {
    const found = listNewCaseHouseholdDays([
      { person: 1, household: 7, confirmedDay: 10, classification: 'community' },
      { person: 2, household: 7, confirmedDay: 20, classification: 'community' },
      { person: 3, household: 7, confirmedDay: 40, classification: 'quarantine' },
      { person: 4, household: 8, confirmedDay: 12, classification: 'imported' },
    ]);
    expect(found).toEqual([{ household: 7, day: 10, contact: false }, { household: 7, day: 40, contact: false }]);
  });

  it('keeps whether the case that made the household new had contact with other households', () => {
    const found = listNewCaseHouseholdDays([
      { person: 1, household: 7, confirmedDay: 10, classification: 'community', contactWithOtherHouseholds: true },
      { person: 2, household: 7, confirmedDay: 12, classification: 'community', contactWithOtherHouseholds: false },
      { person: 3, household: 9, confirmedDay: 11, classification: 'community', contactWithOtherHouseholds: false },
    ]);
    expect(found).toEqual([{ household: 7, day: 10, contact: true }, { household: 9, day: 11, contact: false }]);
  });
});

type ShareKey = 'newNormal' | 'atRisk' | 'high' | 'veryHigh';
const KEYS: ShareKey[] = ['newNormal', 'atRisk', 'high', 'veryHigh'];

/** Mean Plan 2716 shares (7-day count), attack rate and hot-spot concentration over seeds, ending 2021-09-30 after `days` days. */
function runSeeds(population: SimPopulation, days: number, seeds: readonly string[]) {
  const params = mergeParameters({ startDate: addDays('2021-09-30', -(days - 1)), endDate: '2021-09-30' });
  const mean: Record<ShareKey, number> = { newNormal: 0, atRisk: 0, high: 0, veryHigh: 0 };
  const runs: Array<{ history: SimulatedHistory; attack: number }> = [];
  for (const seed of seeds) {
    const history = simulateHistory(population, params, seed);
    const shares = computePlan2716Shares(population, history.cases, history.days - 1, 7);
    for (const k of KEYS) mean[k] += shares[k] / seeds.length;
    runs.push({ history, attack: history.cases.length / population.people.length });
  }
  return { mean, runs, attack: runs.reduce((s, r) => s + r.attack, 0) / runs.length };
}

function expectShape(mean: Record<ShareKey, number>, tolerance: number): void {
  for (const k of KEYS) expect(Math.abs(mean[k] - SEPTEMBER_2021_SHARES[k]), `${k}: ${mean[k].toFixed(3)}`).toBeLessThanOrEqual(tolerance);
}

describe('the September 2021 shape', () => {
  // One group is ~1% of the shares and single seeds differ by up to ±12
  // points, so each city averages six seeds and allows ±5 points per class
  // around 58 / 25 / 8 / 13 % (risk-models.md §3; they add to 104%, so not
  // every class can be met exactly). Case households are counted over the
  // last 7 days, the rule set's documented alternative: with the default
  // 14-day count a group is vàng only with exactly one case household in 14
  // days, found in the last 7 — at most ~18% of groups when incidence is
  // level or falling, as it was in HCMC in late September (README.md,
  // "Calibration"). Figures: bench/epidemic-shape.ts.
  const seeds = ['shape-1', 'shape-2', 'shape-3', 'shape-4', 'shape-5', 'shape-6'];

  it('lands within 5 points on the test-sized city (40,000 people, 108 groups, 90 days), confirming 3–6.5% of people', { timeout: 0 }, () => {
    const population = buildTestCity(40_000);
    const { mean, runs, attack } = runSeeds(population, 90, seeds);
    expect(population.groups.length).toBeGreaterThan(100);
    expectShape(mean, 0.05);
    expect(attack).toBeGreaterThanOrEqual(0.03);
    expect(attack).toBeLessThanOrEqual(0.065);
    // Hot spots stay visible: in the last 14 days the tenth of groups with the most cases holds over 40% of them (an even spread would give ~15%).
    for (const { history } of runs) {
      const perGroup = population.groups.map(() => 0);
      for (const c of history.cases) {
        const g = population.households[c.household]!.group;
        if (c.classification !== 'imported' && c.confirmedDay >= history.days - 14 && g >= 0) perGroup[g]! += 1;
      }
      const sorted = [...perGroup].sort((a, b) => b - a);
      const top = sorted.slice(0, Math.ceil(sorted.length / 10)).reduce((a, b) => a + b, 0);
      expect(top / sorted.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.4);
    }
    // Contact with other households (Plan 2716's cam criterion) is recorded, for a minority of cases.
    const withContact = runs[0]!.history.cases.filter((c) => c.contactWithOtherHouseholds).length;
    expect(withContact).toBeGreaterThan(0);
    expect(withContact).toBeLessThan(runs[0]!.history.cases.length / 2);
    // Household clustering: a case household has more than one case on average.
    const households = new Set(runs[0]!.history.cases.map((c) => c.household));
    expect(runs[0]!.history.cases.length / households.size).toBeGreaterThan(1.2);
  });

  it('lands within 5 points on the demo city (40,000 people, 24 wards, the 60 days to 2021-09-30)', { timeout: 0 }, () => {
    const population = buildDemoCity(addDays('2021-09-30', -59));
    const { mean, attack } = runSeeds(population, 60, seeds.map((s) => s.replace('shape', 'demo')));
    expect(population.groups.length).toBeGreaterThan(100);
    expectShape(mean, 0.05);
    expect(attack).toBeGreaterThanOrEqual(0.03);
    expect(attack).toBeLessThanOrEqual(0.065);
  });
});
