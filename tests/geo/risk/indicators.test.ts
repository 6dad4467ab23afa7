import { describe, expect, it } from 'vitest';
import { computeIndicators, type DailyRollup } from '../../../geo/risk/indicators.ts';

const day = (date: string, over: Partial<DailyRollup> = {}): DailyRollup => ({
  date, communityCases: 0, importedCases: 0, quarantineCases: 0, testsPcr: 0, testsAntigen: 0, positivePcr: 0,
  positiveAntigen: 0, severeCases: 0, deaths: 0, newCaseHouseholds: 0, newCaseHouseholdsWithContact: 0, ...over,
});
const pop = (total: number | null) => ({ total, age18Plus: total, age50Plus: total, age65Plus: total });
const D = '2021-10-14';

describe('computeIndicators', () => {
  it('counts this week (D-6…D) and the week before (D-13…D-7); ignores older and later days', () => {
    const series = [
      day('2021-09-30', { communityCases: 100 }), // D-14: outside
      day('2021-10-01', { communityCases: 10, importedCases: 5, quarantineCases: 5 }), // D-13
      day('2021-10-08', { communityCases: 20 }), // D-6
      day('2021-10-14', { communityCases: 10 }), // D
      day('2021-10-15', { communityCases: 1000 }), // after D: ignored
    ];
    const { indicators, counts, ignoredRecords } = computeIndicators({ series, population: pop(100_000), assessmentDate: D });
    expect(indicators.casesPer100kPerWeek).toBe(20); // 40 × 100,000 / (2 × 100,000)
    expect(indicators.allCasesPer100kPerWeek).toBe(25);
    expect(indicators.casesPer100k7d).toBe(30);
    expect(indicators.dailyCasesPer100k7dMean).toBeCloseTo(30 / 7, 10);
    expect(counts.communityCases14d).toBe(40);
    expect(ignoredRecords).toBe(1);
  });
  it('Hàng Trống: 1 community case in 2 weeks, population 5,716 → 8.75', () => {
    const { indicators } = computeIndicators({ series: [day('2021-10-10', { communityCases: 1 })], population: pop(5716), assessmentDate: D });
    expect(indicators.casesPer100kPerWeek).toBeCloseTo(8.7474, 4);
  });
  it.each([
    { what: 'population 0', total: 0 },
    { what: 'population unknown', total: null },
    { what: 'population negative', total: -5 },
  ])('$what → rates and coverage null, never NaN/Infinity', ({ total }) => {
    const vaccinated = { atLeastOneDose: pop(10), fullyVaccinated: pop(10), booster: pop(1) };
    const { indicators } = computeIndicators({ series: [day('2021-10-10', { communityCases: 3, vaccinated })], population: pop(total), assessmentDate: D });
    for (const name of ['casesPer100kPerWeek', 'casesPer100k7d', 'dailyCasesPer100k7dMean', 'severePer100kPerWeek', 'coverage1Dose18', 'fullCoverage65'] as const) {
      expect(indicators[name]).toBeNull();
    }
    expect(JSON.stringify(indicators)).not.toMatch(/Infinity|NaN/);
  });
  it('positivity from PCR only over 7 days; null with no tests', () => {
    const series = [day('2021-10-10', { testsPcr: 100, positivePcr: 5, testsAntigen: 50, positiveAntigen: 40 }), day('2021-10-01', { testsPcr: 10, positivePcr: 10 })];
    expect(computeIndicators({ series, population: pop(1000), assessmentDate: D }).indicators.positivity7d).toBe(0.05);
    expect(computeIndicators({ series: [], population: pop(1000), assessmentDate: D }).indicators.positivity7d).toBeNull();
  });
  it('coverage from the latest vaccination figures on or before D, per age band', () => {
    const v = (one: number, full: number) => ({
      atLeastOneDose: { total: one, age18Plus: one, age50Plus: one, age65Plus: one },
      fullyVaccinated: { total: full, age18Plus: full, age50Plus: full, age65Plus: full / 2 },
      booster: { total: 0, age18Plus: 0, age50Plus: 0, age65Plus: 0 },
    });
    const series = [day('2021-10-01', { vaccinated: v(10, 5) }), day('2021-10-12', { vaccinated: v(70, 40) }), day('2021-10-20', { vaccinated: v(99, 99) })];
    const { indicators } = computeIndicators({ series, population: { total: 200, age18Plus: 100, age50Plus: 50, age65Plus: 20 }, assessmentDate: D });
    expect(indicators.coverage1Dose18).toBe(0.7);
    expect(indicators.fullCoverageTotal).toBe(0.2);
    expect(indicators.fullCoverage50).toBe(0.8);
    expect(indicators.fullCoverage65).toBe(1);
    expect(indicators.boosterCoverage18).toBe(0);
  });
  it.each([
    { what: 'case household today', dates: ['2021-10-14'], recordsFrom: undefined, days: 0, h7: 1, h14: 1 },
    { what: 'last 7 days ago (outside the 7-day window)', dates: ['2021-10-07'], recordsFrom: undefined, days: 7, h7: 0, h14: 1 },
    { what: 'last 14 days ago (outside both windows)', dates: ['2021-09-30'], recordsFrom: undefined, days: 14, h7: 0, h14: 0 },
    { what: 'none on record, series covers 20 days', dates: [], recordsFrom: '2021-09-25', days: 20, h7: 0, h14: 0 },
  ])('case households: $what', ({ dates, recordsFrom, days, h7, h14 }) => {
    const series = [day('2021-10-14'), ...dates.map((d) => day(d, { newCaseHouseholds: 1 }))];
    const { indicators } = computeIndicators({ series, population: pop(300), assessmentDate: D, ...(recordsFrom ? { recordsFrom } : {}) });
    expect(indicators).toMatchObject({ daysSinceLastCaseHousehold: days, caseHouseholds7d: h7, caseHouseholds14d: h14 });
  });
  it('empty series: no days-since value; invalid D: everything null', () => {
    expect(computeIndicators({ series: [], population: pop(300), assessmentDate: D }).indicators.daysSinceLastCaseHousehold).toBeNull();
    const bad = computeIndicators({ series: [day(D, { communityCases: 1 })], population: pop(300), assessmentDate: '2021-13-01' });
    expect(Object.values(bad.indicators).every((v) => v === null)).toBe(true);
    expect(bad.ignoredRecords).toBe(1);
  });
});
