import { describe, expect, it } from 'vitest';
import { normaliseSex } from '../../../geo/normalise/sex.ts';

describe('normaliseSex', () => {
  it.each([
    ['Nam', 'male'], ['NAM', 'male'], ['nam', 'male'], ['M', 'male'], ['male', 'male'], ['Trai', 'male'],
    ['Nữ', 'female'], ['NỮ', 'female'], ['nu', 'female'], ['F', 'female'], ['Female', 'female'], ['gái', 'female'],
  ])('%s → %s', (input, sex) => expect(normaliseSex(input)).toEqual({ ok: true, value: sex, flags: [] }));
  it.each([
    ['1', 'male1-female0', 'male'], ['0', 'male1-female0', 'female'], ['1', 'male1-female2', 'male'], ['2', 'male1-female2', 'female'],
  ] as const)('%s with %s → %s', (input, coding, sex) => expect(normaliseSex(input, coding)).toMatchObject({ ok: true, value: sex }));
  it.each([
    ['1', 'none'], ['0', 'none'], ['2', 'male1-female0'], ['0', 'male1-female2'], ['khác', 'none'], ['?', 'none'],
  ] as const)('%s with %s → SEX_UNKNOWN', (input, coding) => expect(normaliseSex(input, coding)).toMatchObject({ ok: false, error: { code: 'SEX_UNKNOWN' } }));
  it('reports empty as FIELD_MISSING', () => expect(normaliseSex(' ')).toMatchObject({ ok: false, error: { code: 'FIELD_MISSING' } }));
});
