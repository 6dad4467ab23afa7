import { describe, expect, it } from 'vitest';
import { evaluateRisk } from '../../../geo/risk/evaluate.ts';
import type { RiskInput } from '../../../geo/risk/risk-result.ts';
import { findShippedRuleSet } from '../../../geo/risk/rule-sets.ts';
import type { RuleSet } from '../../../geo/risk/rule-set-schema.ts';
import { ratePer100kPerWeek } from '../../../geo/risk/indicators.ts';

const get = (id: string): RuleSet => {
  const rs = findShippedRuleSet(id);
  if (!rs) throw new Error(`missing ${id}`);
  return rs;
};
const moh4800 = get('moh-4800');
const moh218 = get('moh-218');
const hcmc = get('hcmc-2716');

describe('MoH 4800 worked cases', () => {
  it.each([
    { name: 'Hàng Trống', cases2w: 1, population: 5716, coverage: 0.95, raw: 8.75, used: 9, band: 1, tier: '1' },
    { name: 'La Khê', cases2w: 3, population: 39335, coverage: 0.95, raw: 3.81, used: 4, band: 1, tier: '1' },
  ])('$name: $cases2w cases in 2 weeks, pop $population → $used → tier $tier', (c) => {
    const rate = ratePer100kPerWeek(c.cases2w, c.population, 2);
    expect(rate).toBeCloseTo(c.raw, 2);
    const result = evaluateRisk(moh4800, { indicators: { casesPer100kPerWeek: rate, coverage1Dose18: c.coverage }, population: c.population });
    expect(result.tier).toBe(c.tier);
    const band = result.reasons.find((r) => r.kind === 'band');
    expect(band).toMatchObject({ valueUsed: c.used, band: { level: c.band }, interval: '[0, 20)' });
    expect(result.summary.en).toContain('in band [0, 20)');
  });
  it.each([
    { name: 'Đống Đa district', rate: 177, coverage: 0.95, tier: '3', cell: 'met' },
    { name: 'Hà Nội city', rate: 20, coverage: 0.939, tier: '2', cell: 'met' },
    { name: 'band 3, low coverage', rate: 60, coverage: 0.5, tier: '3', cell: 'notMet' },
    { name: 'band 4, low coverage', rate: 150, coverage: 0.69, tier: '4', cell: 'notMet' },
    { name: 'coverage exactly 70%', rate: 60, coverage: 0.7, tier: '2', cell: 'met' },
    { name: 'coverage unknown → not met', rate: 60, coverage: null, tier: '3', cell: 'notMet' },
  ])('$name → tier $tier', (c) => {
    const result = evaluateRisk(moh4800, { indicators: { casesPer100kPerWeek: c.rate, coverage1Dose18: c.coverage }, population: 1_000_000 });
    expect(result.tier).toBe(c.tier);
    expect(result.reasons.find((r) => r.kind === 'matrix')).toMatchObject({ column: c.cell });
  });
  it.each([
    { what: 'elderly target missed raises one', elderly: 0.5, cases: 5, tier: '3' },
    { what: 'elderly target met', elderly: 0.8, cases: 5, tier: '2' },
    { what: 'no cases: no raise', elderly: 0.5, cases: 0, tier: '2' },
    { what: 'elderly unknown: no raise', elderly: null, cases: 5, tier: '2' },
  ])('$what', (c) => {
    const result = evaluateRisk(moh4800, {
      indicators: { casesPer100kPerWeek: 30, coverage1Dose18: 0.9, fullCoverage65: c.elderly },
      counts: { communityCases14d: c.cases }, population: 100_000,
    });
    expect(result.tier).toBe(c.tier);
  });
  it('does not raise past level 4', () => {
    const result = evaluateRisk(moh4800, { indicators: { casesPer100kPerWeek: 500, coverage1Dose18: 0.1, fullCoverage65: 0.1 },
      counts: { communityCases14d: 900 }, population: 100_000 });
    expect(result.tier).toBe('4');
    expect(result.reasons.find((r) => r.kind === 'adjustment' && r.id === 'elderly-target-missed')).toMatchObject({ applied: false });
  });
  it.each([
    { what: 'capacity not met keeps last week', met: false, previous: '3', tier: '3', applied: true },
    { what: 'capacity met allows lowering', met: true, previous: '3', tier: '1', applied: false },
    { what: 'capacity unknown: not applied', met: undefined, previous: '3', tier: '1', applied: false },
    { what: 'previous unknown: not applied', met: false, previous: null, tier: '1', applied: false },
    { what: 'previous lower: unchanged', met: false, previous: '1', tier: '1', applied: false },
  ])('$what', (c) => {
    const capacity = c.met === undefined ? {} : { treatmentCapacityMet: c.met };
    const result = evaluateRisk(moh4800, { indicators: { casesPer100kPerWeek: 5, coverage1Dose18: 0.9 }, population: 100_000, capacity, previousTierId: c.previous });
    expect(result.tier).toBe(c.tier);
    expect(result.reasons.find((r) => r.kind === 'adjustment' && r.id === 'treatment-capacity-not-met')).toMatchObject({ applied: c.applied });
  });
});

describe('MoH 218', () => {
  it.each([
    { what: 'transmission 2 + medium → 2', cases: 100, capacity: 'medium' as const, tier: '2' },
    { what: 'transmission 3 + high → 2', cases: 300, capacity: 'high' as const, tier: '2' },
    { what: 'transmission 1 + low → 2', cases: 10, capacity: 'low' as const, tier: '2' },
    { what: 'transmission 4 + low → 4', cases: 601, capacity: 'low' as const, tier: '4' },
    { what: 'exactly 600 is level 3 (upper-inclusive)', cases: 600, capacity: 'medium' as const, tier: '3' },
  ])('$what', (c) => {
    const result = evaluateRisk(moh218, {
      indicators: { allCasesPer100kPerWeek: c.cases, severePer100kPerWeek: 0, fullCoverageTotal: 0.9, fullCoverage50: 0.95, deathsPer100kPerWeek: 0 },
      population: 100_000, capacity: { responseCapacity: c.capacity },
    });
    expect(result.tier).toBe(c.tier);
  });
  it.each([
    { what: 'severe band higher than cases decides', severe: 6, coverage: 0.9, deaths: 0, level: 3 },
    { what: 'vaccination minimum missed: +1', severe: 0, coverage: 0.7, deaths: 0, level: 3 },
    { what: 'deaths exactly 6: no raise', severe: 0, coverage: 0.9, deaths: 6, level: 2 },
    { what: 'deaths above 6: +1', severe: 0, coverage: 0.9, deaths: 6.01, level: 3 },
    { what: 'both raises stack', severe: 0, coverage: 0.7, deaths: 7, level: 4 },
    { what: 'raises cap at 4', severe: 11, coverage: 0.7, deaths: 7, level: 4 },
  ])('$what → transmission level $level', (c) => {
    const result = evaluateRisk(moh218, {
      indicators: { allCasesPer100kPerWeek: 100, severePer100kPerWeek: c.severe, fullCoverageTotal: c.coverage, fullCoverage50: 0.95, deathsPer100kPerWeek: c.deaths },
      population: 100_000, capacity: { responseCapacity: 'medium' },
    });
    expect(result.reasons.find((r) => r.kind === 'matrix')).toMatchObject({ level: c.level });
  });
  it('unknown capacity uses medium and says so', () => {
    const result = evaluateRisk(moh218, { indicators: { allCasesPer100kPerWeek: 100 }, population: 100_000 });
    expect(result.reasons.find((r) => r.kind === 'matrix')).toMatchObject({ column: 'medium', assumed: true });
    expect(result.reasons.find((r) => r.kind === 'indicatorMissing')).toMatchObject({ indicator: 'severePer100kPerWeek' });
  });
});

describe('HCMC 2716', () => {
  const run = (days: number, households14d: number, withContact14d = 0) =>
    evaluateRisk(hcmc, { indicators: { daysSinceLastCaseHousehold: days, caseHouseholds14d: households14d, caseHouseholdsWithContact14d: withContact14d }, population: 300 }).tier;
  it.each([
    { what: '15 days clear → xanh', days: 15, n: 0, contact: 0, tier: 'xanh' },
    { what: 'exactly 14 days clear → cận xanh', days: 14, n: 1, contact: 0, tier: 'can-xanh' },
    { what: '7 days since last → cận xanh', days: 7, n: 3, contact: 1, tier: 'can-xanh' },
    { what: '6 days, 1 household → vàng', days: 6, n: 1, contact: 0, tier: 'vang' },
    { what: '1 household with contact → cam', days: 0, n: 1, contact: 1, tier: 'cam' },
    { what: '2 households → cam', days: 2, n: 2, contact: 0, tier: 'cam' },
    { what: '3 households → đỏ', days: 2, n: 3, contact: 0, tier: 'do' },
  ])('$what', (c) => expect(run(c.days, c.n, c.contact)).toBe(c.tier));
});

describe('insufficient data', () => {
  const base: Omit<RiskInput, 'population'> = { indicators: { casesPer100kPerWeek: 10, coverage1Dose18: 0.9 }, counts: { communityCases14d: 2 } };
  it.each([
    { what: 'population 0', population: 0 },
    { what: 'population unknown', population: null },
    { what: 'population below minimum', population: 999 },
    { what: 'population NaN', population: Number.NaN },
  ])('$what → insufficient with raw counts', (c) => {
    const result = evaluateRisk(moh4800, { ...base, population: c.population });
    expect(result).toMatchObject({ insufficientData: true, tier: 'insufficient', tierOrder: null });
    const reason = result.reasons[0];
    expect(reason).toMatchObject({ kind: 'insufficientData', counts: { communityCases14d: 2 } });
    expect(JSON.stringify(result)).not.toMatch(/Infinity|NaN/);
  });
  it.each([
    { what: 'indicator missing', value: null },
    { what: 'indicator infinite', value: Number.POSITIVE_INFINITY },
  ])('$what → insufficient', (c) => {
    const result = evaluateRisk(moh4800, { indicators: { casesPer100kPerWeek: c.value }, population: 50_000 });
    expect(result.insufficientData).toBe(true);
    expect(result.reasons[0]).toMatchObject({ missingIndicators: ['casesPer100kPerWeek'] });
  });
  it('minimum counts from the rule set are enforced', () => {
    const rs = structuredClone(moh4800);
    rs.insufficientData.minCounts = [{ count: 'testsPcr7d', min: 20 }];
    const result = evaluateRisk(rs, { indicators: { casesPer100kPerWeek: 1 }, population: 50_000, counts: { testsPcr7d: 19 } });
    expect(result.insufficientData).toBe(true);
    expect(result.summary.en).toContain('testsPcr7d 19 is below the minimum 20');
  });
  it('the Vietnamese summary names the causes in Vietnamese', () => {
    const result = evaluateRisk(moh4800, { ...base, population: 999 });
    expect(result.summary.vi).toContain('dân số 999 dưới mức tối thiểu 1000');
    expect(result.summary.vi).not.toMatch(/below|unknown|population/);
    const missing = evaluateRisk(moh4800, { indicators: { casesPer100kPerWeek: null }, population: 50_000 });
    expect(missing.summary.vi).toContain('không có số liệu ca mắc mới trong cộng đồng/100.000 dân/tuần');
  });
  it('minimum population exactly met is sufficient', () => {
    expect(evaluateRisk(moh4800, { ...base, population: 1000 }).insufficientData).toBe(false);
  });
});

describe('other models', () => {
  it('rollUp set refuses evaluateRisk', () => {
    expect(() => evaluateRisk(get('moh-2686-rollup'), { indicators: {}, population: 1 })).toThrow(RangeError);
  });
  it.each([
    { cases: 9, positivity: 0.09, tier: 'substantial', decidedBy: ['positivity7d'] },
    { cases: 100, positivity: 0.01, tier: 'high', decidedBy: ['casesPer100k7d'] },
    { cases: 60, positivity: null, tier: 'substantial', decidedBy: ['casesPer100k7d'] },
    { cases: 10, positivity: 0.05, tier: 'moderate', decidedBy: ['casesPer100k7d', 'positivity7d'] },
  ])('CDC: cases $cases, positivity $positivity → $tier', (c) => {
    const result = evaluateRisk(get('cdc-community-transmission'), { indicators: { casesPer100k7d: c.cases, positivity7d: c.positivity }, population: 10_000 });
    expect(result.tier).toBe(c.tier);
    expect(result.reasons.find((r) => r.kind === 'combineMax')).toMatchObject({ decidedBy: c.decidedBy });
  });
});
