import { describe, expect, it } from 'vitest';
import { simulateHistory } from '../../../geo/simulate/history.ts';
import { DEFAULT_PARAMETERS } from '../../../geo/simulate/parameters.ts';
import { classifyGroup, computePlan2716Shares, listNewCaseHouseholdDays, SEPTEMBER_2021_SHARES } from '../../../geo/simulate/plan-2716.ts';
import { buildTestCity } from './test-city.ts';

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
});

describe('listNewCaseHouseholdDays', () => {
  it('counts a household again only after 14 days without a case, and never for imported cases', () => {
    const found = listNewCaseHouseholdDays([
      { person: 1, household: 7, confirmedDay: 10, classification: 'community' },
      { person: 2, household: 7, confirmedDay: 20, classification: 'community' },
      { person: 3, household: 7, confirmedDay: 40, classification: 'quarantine' },
      { person: 4, household: 8, confirmedDay: 12, classification: 'imported' },
    ]);
    expect(found).toEqual([{ household: 7, day: 10 }, { household: 7, day: 40 }]);
  });
});

describe('the September 2021 shape on a test-sized city', () => {
  // 40,000 people, 6 wards, 108 residential groups, 90 days to 2021-09-30 with
  // the default parameters. One group is ~1% of the shares and runs differ
  // by ±10 points from seed to seed, so the test averages four seeds and
  // allows ±8 points per class around 58 / 25 / 8 / 13 % (risk-models.md §3),
  // counting case households over the last 7 days (the rule set's documented
  // alternative; with its default 14-day count the yellow share cannot reach
  // 25% — see geo/simulate/README.md).
  it('lands within 8 points of 58% new normal, 25% at risk, 8% high, 13% very high', { timeout: 0 }, () => {
    const population = buildTestCity(40_000);
    const seeds = ['shape-1', 'shape-2', 'shape-3', 'shape-4'];
    const mean = { newNormal: 0, atRisk: 0, high: 0, veryHigh: 0 };
    for (const seed of seeds) {
      const history = simulateHistory(population, DEFAULT_PARAMETERS, seed);
      const shares = computePlan2716Shares(population, history.cases, history.days - 1, 7);
      for (const k of Object.keys(mean) as (keyof typeof mean)[]) mean[k] += shares[k] / seeds.length;
    }
    expect(population.groups.length).toBeGreaterThan(100);
    for (const k of Object.keys(mean) as (keyof typeof mean)[]) {
      expect(Math.abs(mean[k] - SEPTEMBER_2021_SHARES[k]), `${k}: ${mean[k].toFixed(3)}`).toBeLessThanOrEqual(0.08);
    }
  });
});
