import { describe, expect, it } from 'vitest';
import { compareBirthDates, compareExact, compareKeys, editDistance } from '../../../geo/linkage/compare.ts';
import { buildBlockingKeys } from '../../../geo/linkage/blocking.ts';
import { DEFAULT_LINKAGE_MODEL, weightOf } from '../../../geo/linkage/model.ts';
import { decideLink, scorePair, type LinkagePerson } from '../../../geo/linkage/score.ts';

describe('comparators', () => {
  it.each([
    ['', '', 0], ['abc', '', 3], ['kitten', 'sitting', 3], ['anh', 'nah', 1], ['anh', 'hna', 2], ['anh', 'ahn', 1], ['hoa', 'hoa', 0], ['thuy', 'thu', 1],
  ])('editDistance(%j, %j) = %s', (a, b, d) => expect(editDistance(a, b)).toBe(d));
  it('stops early past the limit', () => expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3));
  it.each([
    ['1985-03-05', '1985-03-05', 'agree'], ['1985-03-05', '1985-05-03', 'partial'], ['1985-03-05', '1986-03-05', 'partial'],
    ['1985-03-05', '1985-03-06', 'partial'], ['1985-03-05', '1985', 'partial'], ['1985', '1985', 'agree'],
    ['1985-03-05', '1990-07-21', 'disagree'], ['1985', '1986', 'disagree'], ['1985-03-05', null, 'missing'], ['', '1985', 'missing'],
  ])('compareBirthDates(%s, %s) = %s', (a, b, level) => expect(compareBirthDates(a, b)).toBe(level));
  it.each([
    ['thuy', 'thuy', 1, 'agree'], ['thuy', 'thuyy', 1, 'partial'], ['an', 'anh', 1, 'disagree'], ['hoa', 'hoang', 1, 'disagree'],
    ['nguyen van an', 'nguyen van anh', 2, 'partial'], ['nguyen van an', 'tran van an', 2, 'disagree'], [null, 'x', 1, 'missing'],
  ] as const)('compareKeys(%s, %s, %s) = %s', (a, b, edits, level) => expect(compareKeys(a, b, edits)).toBe(level));
  it.each([['a', 'a', 'agree'], ['a', 'b', 'disagree'], [null, 'b', 'missing'], ['', '', 'missing']])(
    'compareExact(%j, %j) = %s', (a, b, level) => expect(compareExact(a, b)).toBe(level));
});

const AN: LinkagePerson = {
  nameKey: 'nguyen van an', givenName: 'an', familyName: 'nguyen', birthDate: '1985-03-05', sex: 'male',
  phone: '+84901234567', idHash: 'h1', addressKey: '26743|12|le loi',
};

describe('scorePair', () => {
  it('links identical records and explains every field', () => {
    const s = scorePair(AN, AN);
    expect(s.decision).toBe('link');
    expect(s.contributions.map((c) => c.field)).toEqual(['idHash', 'nameKey', 'givenName', 'familyName', 'birthDate', 'sex', 'phone', 'addressKey']);
    expect(s.contributions.every((c) => c.level === 'agree' && c.weight > 0)).toBe(true);
    expect(s.score).toBeCloseTo(s.contributions.reduce((t, c) => t + c.weight, 0));
  });
  it('gives the family name little weight', () => {
    const family = weightOf(DEFAULT_LINKAGE_MODEL.fields.familyName, 'agree');
    expect(family).toBeLessThan(3);
    expect(family).toBeLessThan(weightOf(DEFAULT_LINKAGE_MODEL.fields.givenName, 'agree'));
  });
  it.each([
    ['day/month swapped, no ID/phone', { birthDate: '1985-05-03', idHash: null, phone: null, addressKey: null }, 'link'],
    ['given-name typo, no ID', { nameKey: 'nguyen van ann', givenName: 'ann', idHash: null }, 'link'],
    ['father of the same name at the address, other ID', { birthDate: '1960-01-01', idHash: 'h2' }, 'review'],
    ['same name elsewhere, other birth date', { birthDate: '1960-01-01', idHash: 'h2', phone: null, addressKey: null }, 'new'],
    ['sibling in the household', { nameKey: 'nguyen thi hoa', givenName: 'hoa', birthDate: '1988-09-09', sex: 'female', idHash: null }, 'new'],
    ['twin brother', { nameKey: 'nguyen van binh', givenName: 'binh', idHash: null }, 'review'],
    ['same name, nothing else known', { birthDate: null, idHash: null, phone: null, addressKey: null, sex: null }, 'review'],
  ] as const)('%s → %s', (_label, change, decision) => {
    expect(scorePair(AN, { ...AN, ...change }).decision).toBe(decision);
  });
  it('scores two empty records 0 and decides new', () => {
    expect(scorePair({}, {})).toMatchObject({ score: 0, decision: 'new' });
  });
  it.each([[25, 'link'], [20, 'link'], [19.9, 'review'], [12, 'review'], [11.9, 'new'], [-40, 'new']] as const)(
    'decideLink(%s) = %s', (score, decision) => expect(decideLink(score)).toBe(decision));
});

describe('buildBlockingKeys', () => {
  it('builds every key a full record has', () => {
    expect(buildBlockingKeys(AN)).toEqual(['g:an|1985', 'f:nguyen|1985-03-05', 'p:+84901234567', 'i:h1', 'a:26743|12|le loi|1985']);
  });
  it('omits keys with missing parts', () => {
    expect(buildBlockingKeys({ givenName: 'an', birthDate: '1985' })).toEqual(['g:an|1985']);
    expect(buildBlockingKeys({})).toEqual([]);
  });
});
