import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../geo/random.ts';
import {
  computeAgeYears, HCMC_2019_PYRAMID, sampleAgeYears, sampleBirthDate, sampleBirthDateForAge, splitPopulationByAge,
} from '../../../geo/synth/age-pyramid.ts';
import { apportionLargestRemainder } from '../../../geo/synth/apportion.ts';

describe('HCMC_2019_PYRAMID', () => {
  it('sums to 1 and has the documented shares', () => {
    expect(HCMC_2019_PYRAMID.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1, 9);
    const split = splitPopulationByAge(1_000_000);
    expect(split.age0to17 / 1e6).toBeCloseTo(0.23, 2);
    expect(split.age65plus / 1e6).toBeGreaterThan(0.06);
    expect(split.age65plus / 1e6).toBeLessThan(0.07);
    expect(split.age50plus / 1e6).toBeCloseTo(0.228, 2);
  });
});

describe('splitPopulationByAge', () => {
  it.each([0, 1, 7, 17, 100, 23_258, 8_993_082])('gives consistent integers for %i people', (total) => {
    const s = splitPopulationByAge(total);
    expect(s.total).toBe(total);
    expect(s.byYear.reduce((a, b) => a + b, 0)).toBe(total);
    expect(s.byBand.reduce((a, b) => a + b, 0)).toBe(total);
    expect(s.age0to17 + s.age18plus).toBe(total);
    expect(s.age18plus).toBeGreaterThanOrEqual(s.age50plus);
    expect(s.age50plus).toBeGreaterThanOrEqual(s.age65plus);
    expect([...s.byYear, ...s.byBand, s.age0to17, s.age65plus].every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
  });
  it('refuses a negative or fractional total', () => {
    expect(() => splitPopulationByAge(-1)).toThrow(RangeError);
    expect(() => splitPopulationByAge(2.5)).toThrow(RangeError);
  });
});

describe('apportionLargestRemainder', () => {
  it.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [0, [1, 2], [0, 0]],
    [5, [0, 0], [3, 2]],
    [0, [], []],
  ])('splits %i over %j', (total, weights, expected) => {
    expect(apportionLargestRemainder(total, weights)).toEqual(expected);
  });
  it('refuses a positive total with no weights', () => {
    expect(() => apportionLargestRemainder(3, [])).toThrow(RangeError);
  });
});

describe('birth dates', () => {
  it('follow the pyramid', () => {
    const rng = createRandom('ages');
    const ages = Array.from({ length: 20_000 }, () => computeAgeYears(sampleBirthDate(rng, '2021-10-01'), '2021-10-01'));
    const share = (f: (a: number) => boolean): number => ages.filter(f).length / ages.length;
    expect(share((a) => a < 18)).toBeGreaterThan(0.21);
    expect(share((a) => a < 18)).toBeLessThan(0.25);
    expect(share((a) => a >= 65)).toBeGreaterThan(0.055);
    expect(share((a) => a >= 65)).toBeLessThan(0.08);
  });
  it.each([
    ['2021-10-01', 0], ['2021-10-01', 17], ['2021-10-01', 18], ['2024-02-29', 3], ['2021-02-28', 1], ['2021-03-01', 65],
  ])('at %s, age %i: every sampled birth date gives that age', (ref, age) => {
    const rng = createRandom(`${ref}/${age}`);
    for (let i = 0; i < 400; i++) expect(computeAgeYears(sampleBirthDateForAge(rng, ref, age), ref)).toBe(age);
  });
  it('limits ages to a range', () => {
    const rng = createRandom('range');
    for (let i = 0; i < 500; i++) {
      const a = sampleAgeYears(rng, HCMC_2019_PYRAMID, 22, 85);
      expect(a).toBeGreaterThanOrEqual(22);
      expect(a).toBeLessThanOrEqual(85);
    }
    expect(() => sampleAgeYears(rng, HCMC_2019_PYRAMID, 150, 160)).toThrow(RangeError);
  });
  it('refuses a malformed reference date', () => {
    expect(() => sampleBirthDate(createRandom('x'), '2021-02-30')).toThrow(RangeError);
  });
});
