import { describe, expect, it } from 'vitest';
import { findShippedRuleSet, validateRuleSet } from '../../geo/risk/index.ts';
import { ruleSetProblemText } from '../../client/src/admin/rule-set-problem-text.ts';

describe('rule-set problems in the UI language', () => {
  const bandsOf = (bands: Array<{ from: number; to: number | null; level: number }>) => {
    const doc = structuredClone(findShippedRuleSet('moh-4800')!) as unknown as { id: string; indicators: Array<{ bands: unknown }> };
    doc.id = 'problem-text';
    doc.indicators[0]!.bands = bands;
    return validateRuleSet(doc, []).map((p) => p.message);
  };

  it("says the validator's band problems in Vietnamese, with their figures", () => {
    const overlap = bandsOf([{ from: 0, to: 20, level: 1 }, { from: 10, to: null, level: 2 }]);
    expect(overlap.length).toBeGreaterThan(0);
    const vi = overlap.map((m) => ruleSetProblemText(m, 'vi'));
    expect(vi.some((m) => /^các khoảng của casesPer100kPerWeek chồng lấn nhau: .*20.* và .*10/.test(m)), vi.join('\n')).toBe(true);
    const gap = bandsOf([{ from: 0, to: 20, level: 1 }, { from: 30, to: null, level: 2 }]).map((m) => ruleSetProblemText(m, 'vi'));
    expect(gap.some((m) => m.startsWith('các khoảng của casesPer100kPerWeek để hở')), gap.join('\n')).toBe(true);
    const open = bandsOf([{ from: 0, to: 20, level: 1 }, { from: 20, to: 40, level: 2 }]).map((m) => ruleSetProblemText(m, 'vi'));
    expect(open.some((m) => m.startsWith('các khoảng của casesPer100kPerWeek dừng ở 40')), open.join('\n')).toBe(true);
  });

  it('keeps English as written, and an unknown message unchanged', () => {
    expect(ruleSetProblemText('bands for x overlap: [0, 2) and [1, ∞)', 'en')).toBe('bands for x overlap: [0, 2) and [1, ∞)');
    expect(ruleSetProblemText('tier id "a" is used twice', 'vi')).toBe('tier id "a" is used twice');
  });
});
