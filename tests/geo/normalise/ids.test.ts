import { describe, expect, it } from 'vitest';
import { checkCccdAgainstPerson, classifyNationalId, describeCccd, normaliseNationalId } from '../../../geo/normalise/ids.ts';

describe('normaliseNationalId', () => {
  it.each([
    ['079 2 01 012345', { kind: 'cccd', number: '079201012345' }, ['ID_SEPARATORS_REMOVED']],
    ['079201012345', { kind: 'cccd', number: '079201012345' }, []],
    ['79201012345', { kind: 'cccd', number: '079201012345' }, ['ID_LEADING_ZERO_RESTORED']],
    ['025.123.456', { kind: 'cmnd', number: '025123456' }, ['ID_SEPARATORS_REMOVED']],
    ['25123456', { kind: 'cmnd', number: '025123456' }, ['ID_LEADING_ZERO_RESTORED']],
    ['c1234567', { kind: 'passport', number: 'C1234567' }, []],
    ['N 1234567', { kind: 'passport', number: 'N1234567' }, ['ID_SEPARATORS_REMOVED']],
  ])('%j → %j', (input, value, flags) => expect(normaliseNationalId(input)).toEqual({ ok: true, value, flags }));

  it.each([
    [undefined, 'ID_MISSING'], ['', 'ID_MISSING'], ['   ', 'ID_MISSING'],
    ['07920101234A', 'ID_MALFORMED'], ['1234567', 'ID_MALFORMED'], ['1234567890123', 'ID_MALFORMED'],
    ['000000000', 'ID_MALFORMED'], ['999201012345', 'ID_MALFORMED'], ['000201012345', 'ID_MALFORMED'],
    ['chưa có', 'ID_MALFORMED'], ['1'.repeat(5000), 'FIELD_TOO_LONG'],
  ])('%s → %s', (input, code) => {
    const r = normaliseNationalId(input);
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it.each([
    ['079085012345', '1985-03-04', 'male', []],
    ['079185012345', '1985-03-04', 'female', []],
    ['079301012345', '2001-01-01', 'female', []], ['079201012345', '2001-01-01', 'male', []],
    ['079401012345', '2101-01-01', 'male', []],
    ['079085012345', '1985-03-04', 'female', ['sex']],
    ['079085012345', '1986-03-04', 'male', ['birthYear']],
    ['079285012345', '1985-03-04', 'male', ['birthCentury']],
    ['079185012345', '2086-01-01', 'male', ['birthCentury', 'birthYear', 'sex']],
  ] as const)('checks %s against born %s, %s → %j', (number, birthDate, sex, mismatched) => {
    expect(checkCccdAgainstPerson({ kind: 'cccd', number }, { birthDate, sex })).toEqual(mismatched);
    const r = normaliseNationalId(number, { birthDate, sex });
    if (mismatched.length === 0) expect(r.ok).toBe(true);
    else expect(r).toMatchObject({ ok: false, error: { code: 'BASIC_INFO_MISMATCH', details: { mismatched, number } } });
  });

  it('does not check CMND or passports against the person, nor without details', () => {
    expect(normaliseNationalId('025123456', { birthDate: '2001-01-01', sex: 'female' }).ok).toBe(true);
    expect(normaliseNationalId('079085012345', {}).ok).toBe(true);
    expect(normaliseNationalId('079085012345', { birthDate: null, sex: null }).ok).toBe(true);
  });
});

describe('describeCccd and classifyNationalId', () => {
  it('reads the parts of a CCCD', () => {
    expect(describeCccd('079303123456')).toEqual({ provinceCode: '079', century: 2000, sex: 'female', birthYear: 2003, serial: '123456' });
    expect(describeCccd('001099000001')).toMatchObject({ provinceCode: '001', century: 1900, sex: 'male', birthYear: 1999 });
  });
  it.each([['12345678901'], ['097000000001'], ['abc']])('describeCccd(%s) is null', (n) => expect(describeCccd(n)).toBeNull());
  it.each([
    ['079303123456', 'cccd'], ['025123456', 'cmnd'], ['C1234567', 'passport'], ['AB123456', 'passport'], ['12345', null], ['', null],
  ])('classifyNationalId(%s) = %s', (n, kind) => expect(classifyNationalId(n)).toBe(kind));
});
