import { describe, expect, it } from 'vitest';
import { findShippedRuleSet, SHIPPED_RULE_SETS } from '../../../geo/risk/rule-sets.ts';
import type { RuleSet } from '../../../geo/risk/rule-set-schema.ts';
import { parseRuleSet, validateRuleSet } from '../../../geo/risk/validate.ts';

const base = (): RuleSet => {
  const rs = findShippedRuleSet('moh-4800');
  if (!rs) throw new Error('missing');
  return structuredClone(rs);
};
const bands = (rs: RuleSet) => {
  const rule = rs.indicators[0];
  if (!rule?.bands) throw new Error('no bands');
  return rule.bands;
};

describe('validateRuleSet', () => {
  it.each(SHIPPED_RULE_SETS.map((rs) => ({ id: rs.id, rs })))('shipped $id is valid', ({ rs }) => {
    expect(validateRuleSet(rs, SHIPPED_RULE_SETS)).toEqual([]);
  });

  type Case = { what: string; edit: (rs: RuleSet) => unknown; path: string; message: string };
  const cases: Case[] = [
    { what: 'overlapping bands', path: '/indicators/0/bands', message: 'bands for casesPer100kPerWeek overlap: [20, 50) and [40, 150)',
      edit: (rs) => { const b = bands(rs); b[2] = { from: 40, to: 150, level: 3 }; return rs; } },
    { what: 'gap between bands', path: '/indicators/0/bands', message: 'bands for casesPer100kPerWeek leave a gap: nothing covers [50, 60)',
      edit: (rs) => { const b = bands(rs); b[2] = { from: 60, to: 150, level: 3 }; return rs; } },
    { what: 'bands not starting at 0', path: '/indicators/0/bands', message: 'bands for casesPer100kPerWeek do not start at 0: nothing covers [0, 5)',
      edit: (rs) => { const b = bands(rs); b[0] = { from: 5, to: 20, level: 1 }; return rs; } },
    { what: 'bands not reaching ∞', path: '/indicators/0/bands', message: 'bands for casesPer100kPerWeek stop at 1000',
      edit: (rs) => { const b = bands(rs); b[3] = { from: 150, to: 1000, level: 4 }; return rs; } },
    { what: 'empty band', path: '/indicators/0/bands', message: 'band [50, 50) of casesPer100kPerWeek is empty',
      edit: (rs) => { bands(rs).splice(2, 0, { from: 50, to: 50, level: 3 }); return rs; } },
    { what: 'unknown indicator', path: '/indicators/0/indicator', message: 'unknown indicator "casesPerWeek"',
      edit: (rs) => { (rs.indicators[0] as { indicator: string }).indicator = 'casesPerWeek'; return rs; } },
    { what: 'indicator used but not declared', path: '/combine/indicators/0', message: 'indicator positivity7d is used here but not declared',
      edit: (rs) => { rs.combine = { mode: 'maxOfBands', indicators: ['positivity7d'] }; return rs; } },
    { what: 'wrong window', path: '/indicators/0/windowDays', message: 'windowDays for casesPer100kPerWeek is 7 but the indicator is computed over 14 day(s)',
      edit: (rs) => { (rs.indicators[0] as { windowDays: number }).windowDays = 7; return rs; } },
    { what: 'matrix with too few rows', path: '/matrix/cells', message: 'matrix has 3 row(s) but the bands produce levels 1 to 4',
      edit: (rs) => { rs.matrix?.cells.pop(); return rs; } },
    { what: 'matrix row of the wrong width', path: '/matrix/cells/1', message: 'matrix row 2 has 3 cell(s) but there are 2 column(s)',
      edit: (rs) => { rs.matrix?.cells[1]?.push('2'); return rs; } },
    { what: 'matrix columns wrong', path: '/matrix/columns', message: 'matrix columns must be met, notMet',
      edit: (rs) => { if (rs.matrix) rs.matrix.columns = ['high', 'low']; return rs; } },
    { what: 'unknown tier id in matrix', path: '/matrix/cells/3/1', message: 'unknown tier id "5"',
      edit: (rs) => { const row = rs.matrix?.cells[3]; if (row) row[1] = '5'; return rs; } },
    { what: 'duplicate tier id', path: '/tiers/1/id', message: 'tier id "1" is used twice',
      edit: (rs) => { const t = rs.tiers[1]; if (t) t.id = '1'; return rs; } },
    { what: 'tier orders with a gap', path: '/tiers', message: 'tier orders must be 1, 2, … 4',
      edit: (rs) => { const t = rs.tiers[3]; if (t) t.order = 5; return rs; } },
    { what: 'effectiveTo before effectiveFrom', path: '/effectiveTo', message: 'effectiveTo 2021-10-01 is before effectiveFrom 2021-10-12',
      edit: (rs) => { rs.effectiveTo = '2021-10-01'; return rs; } },
    { what: 'invalid date', path: '/effectiveFrom', message: '"2021-02-30" is not a date',
      edit: (rs) => { rs.effectiveFrom = '2021-02-30'; return rs; } },
    { what: 'notBelowPrevious as a level adjustment', path: '/levelAdjustments/0', message: 'put it in tierAdjustments',
      edit: (rs) => { const adj = rs.tierAdjustments[1]; if (adj) rs.levelAdjustments = [adj]; return rs; } },
    { what: 'missing field', path: '/', message: 'missing field(s): tiers',
      edit: (rs) => { const { tiers: _tiers, ...rest } = rs; return rest; } },
    { what: 'unknown field', path: '/', message: 'unknown field(s): colour',
      edit: (rs) => ({ ...rs, colour: 'red' }) },
    { what: 'unknown combine mode', path: '/combine/mode', message: '"average" is not one of: maxOfBands, firstMatch, childShares',
      edit: (rs) => ({ ...rs, combine: { mode: 'average', indicators: ['casesPer100kPerWeek'] } }) },
    { what: 'not an object', path: '/', message: 'a rule set must be a JSON object', edit: () => [1, 2] },
  ];
  it.each(cases)('reports $what', ({ edit, path, message }) => {
    const problems = validateRuleSet(edit(base()));
    expect(problems).toEqual(expect.arrayContaining([{ path, message: expect.stringContaining(message) }]));
  });

  it('reports a wrong adjustment kind without noise from other branches', () => {
    const doc = base() as unknown as { tierAdjustments: Record<string, unknown>[] };
    const adj = doc.tierAdjustments[0];
    if (adj) adj['by'] = 0;
    const problems = validateRuleSet(doc);
    expect(problems).toEqual([{ path: '/tierAdjustments/0/by', message: 'must be >= 1' }]);
  });

  it.each([
    { what: 'overlapping dates, same levels', from: '2022-01-01', to: null, levels: ['ward'], jurisdiction: 'VN', clash: true },
    { what: 'adjacent dates', from: '2022-01-27', to: null, levels: ['ward'], jurisdiction: 'VN', clash: false },
    { what: 'overlap on the last day', from: '2022-01-26', to: '2022-03-01', levels: ['ward'], jurisdiction: 'VN', clash: true },
    { what: 'other levels', from: '2021-11-01', to: null, levels: ['block'], jurisdiction: 'VN', clash: false },
    { what: 'other jurisdiction', from: '2021-11-01', to: null, levels: ['ward'], jurisdiction: 'US', clash: false },
  ])('effective-date overlap: $what', (c) => {
    const existing = base();
    existing.levels = ['ward', 'district'];
    const doc = base();
    Object.assign(doc, { id: 'city-plan', effectiveFrom: c.from, effectiveTo: c.to, levels: c.levels, jurisdiction: c.jurisdiction });
    const problems = validateRuleSet(doc, [existing]);
    const overlap = problems.filter((p) => p.message.includes('overlap rule set moh-4800'));
    expect(overlap.length).toBe(c.clash ? 1 : 0);
  });

  it('parseRuleSet throws with every problem listed', () => {
    const rs = base();
    rs.effectiveTo = '2000-01-01';
    expect(() => parseRuleSet(rs)).toThrow(/\/effectiveTo: effectiveTo 2000-01-01 is before/);
  });
});
