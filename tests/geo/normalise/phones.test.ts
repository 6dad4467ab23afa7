import { describe, expect, it } from 'vitest';
import { LEGACY_MOBILE_PREFIXES, normalisePhone } from '../../../geo/normalise/phones.ts';

describe('normalisePhone', () => {
  it.each([
    ['0901234567', '+84901234567', []],
    ['090 123 4567', '+84901234567', []],
    ['090.123.4567', '+84901234567', []],
    ['+84 90 123 4567', '+84901234567', []],
    ['84901234567', '+84901234567', []],
    ['0084901234567', '+84901234567', []],
    ['901234567', '+84901234567', ['PHONE_LEADING_ZERO_RESTORED']],
    ['0168 123 4567', '+84381234567', ['PHONE_LEGACY_PREFIX']],
    ['01201234567', '+84701234567', ['PHONE_LEGACY_PREFIX']],
    ['+841231234567', '+84831234567', ['PHONE_LEGACY_PREFIX']],
    ['1991234567', '+84591234567', ['PHONE_LEADING_ZERO_RESTORED', 'PHONE_LEGACY_PREFIX']],
    ['028 3829 5555', '+842838295555', []],
    ['0901234567 / 0912345678', '+84901234567', ['PHONE_MULTIPLE_TAKE_FIRST']],
    ['0901234567 hoặc 0912345678', '+84901234567', ['PHONE_MULTIPLE_TAKE_FIRST']],
  ])('%s → %s', (input, value, flags) => expect(normalisePhone(input)).toEqual({ ok: true, value, flags }));

  it('maps every legacy prefix to a valid 10-digit number', () => {
    for (const [old, next] of Object.entries(LEGACY_MOBILE_PREFIXES)) {
      const r = normalisePhone(`${old}1234567`);
      expect(r).toEqual({ ok: true, value: `+84${next.slice(1)}1234567`, flags: ['PHONE_LEGACY_PREFIX'] });
    }
  });

  it.each([
    ['', 'FIELD_MISSING'], [undefined, 'FIELD_MISSING'], ['12345', 'PHONE_MALFORMED'], ['0101234567', 'PHONE_MALFORMED'],
    ['01301234567', 'PHONE_MALFORMED'], ['+1 415 555 0100', 'PHONE_MALFORMED'], ['không có', 'PHONE_MALFORMED'],
    ['09012345678', 'PHONE_MALFORMED'], ['9'.repeat(2000), 'FIELD_TOO_LONG'],
  ])('%s → %s', (input, code) => {
    const r = normalisePhone(input);
    expect(r.ok ? null : r.error.code).toBe(code);
  });
});
