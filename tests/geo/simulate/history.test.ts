import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../../geo/simulate/calendar.ts';
import { simulateCity } from '../../../geo/simulate/index.ts';
import { DEFAULT_PARAMETERS, mergeParameters } from '../../../geo/simulate/parameters.ts';
import { buildSimPopulation } from '../../../geo/simulate/population.ts';
import { simulateHistory } from '../../../geo/simulate/history.ts';
import { buildTestCity } from './test-city.ts';

const short = mergeParameters({ startDate: '2021-08-01', endDate: '2021-08-31' });

describe('simulateHistory', () => {
  it('gives deeply equal histories, sources and submissions for the same seed', { timeout: 0 }, () => {
    const population = buildTestCity(4_000, 1, 2);
    const a = simulateCity(population, short, 'same');
    const b = simulateCity(population, short, 'same');
    expect(a.history.events.length).toBeGreaterThan(1000);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('gives another history for another seed', () => {
    const population = buildTestCity(4_000, 1, 2);
    const a = simulateHistory(population, short, 'one');
    const b = simulateHistory(population, short, 'two');
    expect(JSON.stringify(b.events)).not.toBe(JSON.stringify(a.events));
  });

  it('handles an empty population', () => {
    const history = simulateHistory(buildSimPopulation([], '2021-08-01'), short, 'empty');
    expect(history.events).toEqual([]);
    expect(history.cases).toEqual([]);
  });

  it('tests with single and pooled RT-PCR and rapid antigen, with positivity rising with prevalence', { timeout: 0 }, () => {
    const population = buildTestCity(40_000);
    const history = simulateHistory(population, DEFAULT_PARAMETERS, 'positivity');
    const tests = history.events.filter((e) => e.kind === 'test');
    expect(tests.some((t) => t.method === 'pcr' && t.pooled)).toBe(true);
    expect(tests.some((t) => t.method === 'pcr' && !t.pooled)).toBe(true);
    expect(tests.some((t) => t.method === 'antigen')).toBe(true);
    // Staff screening (rapid antigen all along): positivity is higher in a city with ten times the infections from outside.
    const positivity = (h: typeof history) => {
      const screened = h.events.filter((e) => e.kind === 'test' && e.setting === 'business');
      return { infections: h.infectionsByDay.reduce((a, b) => a + b, 0), positivity: screened.filter((t) => t.kind === 'test' && t.result === 'positive').length / Math.max(1, screened.length) };
    };
    const outside = (perDay: number) => mergeParameters({ epidemic: { outsideHazard: [{ date: '2021-07-01', perDay }] } });
    const low = positivity(simulateHistory(population, outside(0.0001), 'positivity'));
    const high = positivity(simulateHistory(population, outside(0.001), 'positivity'));
    expect(high.infections).toBeGreaterThan(3 * low.infections);
    expect(high.positivity).toBeGreaterThan(1.3 * low.positivity);
  });

  it('gives second doses after each vaccine’s own interval', { timeout: 0 }, () => {
    const population = buildTestCity(40_000);
    const history = simulateHistory(population, DEFAULT_PARAMETERS, 'doses');
    const first = new Map<number, { day: number; brand: string }>();
    const gaps = new Map<string, number[]>();
    for (const e of history.events) {
      if (e.kind !== 'vaccination') continue;
      if (e.dose === 1) first.set(e.person, { day: e.day, brand: e.brand });
      if (e.dose === 2) {
        const f = first.get(e.person);
        if (f) gaps.set(f.brand, [...(gaps.get(f.brand) ?? []), e.day - f.day]);
      }
    }
    const within = (brand: string, min: number, max: number) => {
      const list = gaps.get(brand) ?? [];
      expect(list.length, brand).toBeGreaterThan(0);
      expect(Math.min(...list), brand).toBeGreaterThanOrEqual(min);
      expect(Math.max(...list), brand).toBeLessThanOrEqual(max + 14);
    };
    within('PFIZER', 21, 21);
    within('MODERNA', 28, 28);
    within('SINOPHARM', 21, 28);
    within('AZ', 56, 84);
    const firstDoses = [...first.values()];
    const share = (brand: string) => firstDoses.filter((f) => f.brand === brand).length / firstDoses.length;
    expect(share('AZ')).toBeGreaterThan(share('PFIZER'));
    expect(share('SINOPHARM')).toBeGreaterThan(share('MODERNA'));
    expect(daysBetween(DEFAULT_PARAMETERS.startDate, DEFAULT_PARAMETERS.endDate)).toBe(89);
  });
});
