/**
 * Sex as written in Vietnamese records.
 */
import { fail, succeed, type NormaliseResult } from './quality-codes.ts';
import { foldKey, isTooLong } from './text.ts';

/** Recorded sex. */
export type Sex = 'male' | 'female';

/**
 * How a source codes sex as a number **[unconfirmed]**: 'none' (numbers are
 * rejected, the default, because sources disagree), 'male1-female0' or
 * 'male1-female2' (the GSO census coding). A per-source setting.
 */
export type NumericSexCoding = 'none' | 'male1-female0' | 'male1-female2';

const WORDS: Readonly<Record<string, Sex>> = {
  nam: 'male', m: 'male', male: 'male', man: 'male', trai: 'male', 'gioi nam': 'male', 'nam gioi': 'male',
  nu: 'female', f: 'female', female: 'female', woman: 'female', gai: 'female', 'gioi nu': 'female', 'nu gioi': 'female',
  'w': 'female',
};

/**
 * Normalises sex: "Nam", "nam", "M", "male", "trai" → 'male'; "Nữ", "nu",
 * "F", "female", "gái" → 'female'. Digits follow `numericCoding` (default
 * 'none': SEX_UNKNOWN). Anything else → SEX_UNKNOWN; empty → FIELD_MISSING.
 */
export function normaliseSex(raw: string | undefined, numericCoding: NumericSexCoding = 'none'): NormaliseResult<Sex> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING', 'Sex is empty.');
  if (isTooLong(raw, 50)) return fail('FIELD_TOO_LONG', 'Sex is longer than 50 characters.');
  const key = foldKey(raw);
  const word = WORDS[key];
  if (word !== undefined) return succeed(word);
  if (numericCoding !== 'none' && /^\d+$/.test(key)) {
    if (key === '1') return succeed('male');
    if (key === (numericCoding === 'male1-female0' ? '0' : '2')) return succeed('female');
  }
  return fail('SEX_UNKNOWN', `"${raw.trim().slice(0, 20)}" is not a known sex value.`);
}
