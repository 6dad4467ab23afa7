import { describe, expect, it } from 'vitest';
import { findBand, formatBand, roundForBanding } from '../../../geo/risk/bands.ts';
import { evaluateRisk } from '../../../geo/risk/evaluate.ts';
import { SHIPPED_RULE_SETS } from '../../../geo/risk/rule-sets.ts';

// Every band edge of every shipped model: exactly at the edge and just below it.
const JUST = 1e-6;
const edgeCases = SHIPPED_RULE_SETS.flatMap((rs) =>
  rs.indicators.flatMap((rule) => (rule.bands ?? []).flatMap((band, i, bands) => {
    if (band.from === 0) return [];
    const below = bands.find((b) => b.to === band.from);
    const atEdgeLevel = rule.edges === 'lowerInclusive' ? band.level : below?.level;
    const justBelowLevel = below?.level;
    const justAboveLevel = band.level;
    return [{ ruleSet: rs.id, indicator: rule.indicator, edge: band.from, edges: rule.edges, atEdgeLevel, justBelowLevel, justAboveLevel, i }];
  })));

describe('band edges of shipped models', () => {
  it('finds edges to test', () => expect(edgeCases.length).toBeGreaterThanOrEqual(18));
  it.each(edgeCases)('$ruleSet $indicator at $edge ($edges)', (c) => {
    const rs = SHIPPED_RULE_SETS.find((r) => r.id === c.ruleSet);
    const rule = rs?.indicators.find((r) => r.indicator === c.indicator);
    if (!rule?.bands) throw new Error('no bands');
    const levelAt = (v: number) => findBand(roundForBanding(v, rule.roundDecimals), rule.bands ?? [], rule.edges)?.level;
    expect(levelAt(c.edge)).toBe(c.atEdgeLevel);
    // "just below": the largest published value below the edge (whole numbers when rounded before banding).
    const below = rule.roundDecimals === 0 ? c.edge - 1 : c.edge - JUST;
    expect(levelAt(below)).toBe(c.justBelowLevel);
    const above = rule.roundDecimals === 0 ? c.edge + 1 : c.edge + JUST;
    expect(levelAt(above)).toBe(c.justAboveLevel);
  });
});

describe('rounding before banding (MoH 4800)', () => {
  const moh = SHIPPED_RULE_SETS.find((r) => r.id === 'moh-4800');
  if (!moh) throw new Error('missing');
  it.each([
    { value: 19.49, used: 19, level: 1 }, { value: 19.5, used: 20, level: 2 }, { value: 49.49, used: 49, level: 2 },
    { value: 49.5, used: 50, level: 3 }, { value: 149.49, used: 149, level: 3 }, { value: 149.5, used: 150, level: 4 },
  ])('$value is published as $used → band level $level', ({ value, used, level }) => {
    const result = evaluateRisk(moh, { indicators: { casesPer100kPerWeek: value, coverage1Dose18: 0.9 }, population: 100_000 });
    expect(result.reasons.find((r) => r.kind === 'band')).toMatchObject({ value, valueUsed: used, band: { level } });
  });
});

describe('band helpers', () => {
  it.each([
    { value: 8.75, decimals: 0, out: 9 }, { value: 3.81, decimals: 0, out: 4 }, { value: 1.005, decimals: 2, out: 1.01 },
    { value: 0.5, decimals: 0, out: 1 }, { value: 7.3, decimals: null, out: 7.3 },
  ])('roundForBanding($value, $decimals) = $out', ({ value, decimals, out }) => expect(roundForBanding(value, decimals)).toBe(out));
  it.each([
    { band: { from: 20, to: 50 }, edges: 'lowerInclusive' as const, text: '[20, 50)' },
    { band: { from: 150, to: null }, edges: 'lowerInclusive' as const, text: '[150, ∞)' },
    { band: { from: 0, to: 20 }, edges: 'upperInclusive' as const, text: '[0, 20]' },
    { band: { from: 600, to: null }, edges: 'upperInclusive' as const, text: '(600, ∞)' },
  ])('formatBand → $text', ({ band, edges, text }) => expect(formatBand(band, edges)).toBe(text));
  it.each([
    { value: -1 }, { value: Number.NaN }, { value: Number.POSITIVE_INFINITY },
  ])('no band for $value', ({ value }) => expect(findBand(value, [{ from: 0, to: null, level: 1 }], 'lowerInclusive')).toBeNull());
  it('upper-inclusive band from 0 includes 0', () => {
    expect(findBand(0, [{ from: 0, to: 1, level: 1 }, { from: 1, to: null, level: 2 }], 'upperInclusive')?.level).toBe(1);
  });
});
