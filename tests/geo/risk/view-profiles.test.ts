import { describe, expect, it } from 'vitest';
import { SHIPPED_RULE_SETS, SHIPPED_VIEW_PROFILES, parseViewProfile, validateViewProfile } from '../../../geo/risk/index.ts';

const levels = { city: 'moh-4800', district: 'moh-4800', ward: 'moh-4800', neighbourhood: 'hcmc-2716', block: 'hcmc-2716' };
const profile = { id: 'p', name: { vi: 'Hồ sơ', en: 'Profile' }, levels };

describe('validateViewProfile', () => {
  it('accepts every shipped profile against the shipped rule sets', () => {
    for (const doc of SHIPPED_VIEW_PROFILES) expect(validateViewProfile(doc, SHIPPED_RULE_SETS)).toEqual([]);
  });

  it.each([
    ['not an object', [], ''],
    ['a bad id', { ...profile, id: 'Bad Id' }, '/id'],
    ['a name without English', { ...profile, name: { vi: 'x' } }, '/name'],
    ['no levels', { ...profile, levels: undefined }, '/levels'],
    ['a level missing', { ...profile, levels: { ...levels, block: undefined } }, '/levels/block'],
    ['an unknown level', { ...profile, levels: { ...levels, street: 'moh-4800' } }, '/levels/street'],
    ['an unknown rule set', { ...profile, levels: { ...levels, ward: 'nope' } }, '/levels/ward'],
    ['a rule set that does not grade its level', { ...profile, levels: { ...levels, ward: 'hcmc-2716' } }, '/levels/ward'],
  ])('reports %s with its path', (_, doc, path) => {
    const problems = validateViewProfile(doc, SHIPPED_RULE_SETS);
    expect(problems.map((p) => p.path)).toContain(path);
  });

  it('names the levels a misplaced rule set grades', () => {
    const [problem] = validateViewProfile({ ...profile, levels: { ...levels, city: 'hcmc-2716' } }, SHIPPED_RULE_SETS);
    expect(problem?.message).toBe('rule set hcmc-2716 grades neighbourhood, block, not city');
  });

  it('parses a valid profile and throws listing every problem of a bad one', () => {
    expect(parseViewProfile(profile, SHIPPED_RULE_SETS).levels.block).toBe('hcmc-2716');
    expect(() => parseViewProfile({ ...profile, id: '', levels: { ...levels, ward: 'nope' } }, SHIPPED_RULE_SETS)).toThrow(/\/id: .*; \/levels\/ward: no rule set with id "nope"/);
  });
});
