import { describe, expect, it } from 'vitest';
import { rollUpChildTiers } from '../../../geo/risk/roll-up.ts';
import { findShippedRuleSet } from '../../../geo/risk/rule-sets.ts';

const rs = findShippedRuleSet('moh-2686-rollup');
if (!rs) throw new Error('missing');
const kids = (spec: Partial<Record<string, number>>) =>
  Object.entries(spec).flatMap(([tier, n]) => Array.from({ length: n ?? 0 }, () => ({ tier: tier === 'none' ? null : tier })));

describe('rollUpChildTiers (Decision 2686)', () => {
  it.each([
    { what: 'all new normal', spec: { 1: 10 }, tier: '1' },
    { what: 'one at risk', spec: { 1: 9, 2: 1 }, tier: '2' },
    { what: 'one very high → high', spec: { 1: 9, 4: 1 }, tier: '3' },
    { what: 'exactly 30% high → high', spec: { 1: 7, 3: 3 }, tier: '3' },
    { what: 'just under 30% high (2 of 7)', spec: { 1: 5, 3: 2 }, tier: '2' },
    { what: 'exactly 50% at risk → high', spec: { 1: 5, 2: 5 }, tier: '3' },
    { what: 'just under 50% at risk (4 of 9)', spec: { 1: 5, 2: 4 }, tier: '2' },
    { what: 'at-risk share counts higher tiers (3 at risk + 2 high of 10)', spec: { 1: 5, 2: 3, 3: 2 }, tier: '3' },
    { what: 'exactly 30% very high → very high', spec: { 1: 7, 4: 3 }, tier: '4' },
    { what: 'just under 30% very high (2 of 7) → high', spec: { 1: 5, 4: 2 }, tier: '3' },
    { what: 'exactly 50% high → very high', spec: { 1: 5, 3: 5 }, tier: '4' },
    { what: 'children without data are left out of shares', spec: { 1: 7, 4: 3, none: 5 }, tier: '4' },
  ])('$what → $tier', ({ spec, tier }) => {
    expect(rollUpChildTiers(rs, kids(spec)).tier).toBe(tier);
  });
  it.each([
    { what: 'no children', spec: {} },
    { what: 'only children without data', spec: { none: 3 } },
    { what: 'only the insufficient tier id', spec: { insufficient: 2 } },
  ])('$what → insufficient', ({ spec }) => {
    const result = rollUpChildTiers(rs, kids(spec));
    expect(result.insufficientData).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/Infinity|NaN/);
  });
  it('counts unknown tier ids and leaves them out', () => {
    const result = rollUpChildTiers(rs, [{ tier: '1' }, { tier: 'purple' }]);
    expect(result.tier).toBe('1');
    expect(result.reasons[0]).toMatchObject({ kind: 'childShares', unknownTierIds: ['purple'], childrenWithData: 1 });
  });
  it('refuses a set that does not roll up', () => {
    const moh = findShippedRuleSet('moh-4800');
    if (!moh) throw new Error('missing');
    expect(() => rollUpChildTiers(moh, [])).toThrow(RangeError);
  });
});
