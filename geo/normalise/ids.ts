/**
 * Vietnamese identity document numbers: CCCD (citizen identity card, 12
 * digits), CMND (old identity card, 9 digits or 12 from 2012) and
 * passports. Excel drops leading zeros; those are restored and flagged.
 */
import { fail, succeed, type NormaliseResult, type RepairFlag } from './quality-codes.ts';
import { DEFAULT_MAX_FIELD_LENGTH, isTooLong } from './text.ts';

/**
 * Kind of document. 12-digit CMND cards (2012–2016) use the CCCD layout and
 * cannot be told apart from a CCCD, so every 12-digit number is 'cccd'.
 */
export type NationalIdKind = 'cccd' | 'cmnd' | 'passport';

/** A normalised ID number. */
export interface NationalId {
  kind: NationalIdKind;
  /** Digits only for cccd/cmnd; upper-case letters and digits for passports. */
  number: string;
}

/** What a CCCD number encodes (`PPP G YY RRRRRR`). */
export interface CccdParts {
  /** Province of birth registration, 3 digits: "079" Hồ Chí Minh, "001" Hà Nội. */
  provinceCode: string;
  /** Birth century from G: 1900, 2000, 2100, 2200 or 2300. */
  century: number;
  /** Sex from G: even digit male, odd female. */
  sex: 'male' | 'female';
  /** Full birth year: century + YY. */
  birthYear: number;
  /** The final 6 digits. */
  serial: string;
}

/** Which part of a CCCD disagrees with the stated details. */
export type IdMismatchPart = 'birthCentury' | 'birthYear' | 'sex';

/** Highest province code used in CCCD numbers (096 Cà Mau). */
const MAX_PROVINCE_CODE = 96;
const PASSPORT = /^[A-Z]{1,2}\d{6,8}$/;

/**
 * Reads a 12-digit CCCD number into its parts; null when the string is not
 * 12 digits or the province code is 000 or above 096.
 */
export function describeCccd(number: string): CccdParts | null {
  if (!/^\d{12}$/.test(number)) return null;
  const province = Number(number.slice(0, 3));
  if (province === 0 || province > MAX_PROVINCE_CODE) return null;
  const g = Number(number[3]);
  const century = 1900 + Math.floor(g / 2) * 100;
  return {
    provinceCode: number.slice(0, 3),
    century,
    sex: g % 2 === 0 ? 'male' : 'female',
    birthYear: century + Number(number.slice(4, 6)),
    serial: number.slice(6),
  };
}

/**
 * Classifies an already cleaned ID string: 12 digits → 'cccd', 9 → 'cmnd',
 * passport pattern (1–2 letters then 6–8 digits, e.g. "C1234567") →
 * 'passport'; anything else → null.
 */
export function classifyNationalId(cleaned: string): NationalIdKind | null {
  if (/^\d{12}$/.test(cleaned)) return 'cccd';
  if (/^\d{9}$/.test(cleaned)) return 'cmnd';
  if (PASSPORT.test(cleaned)) return 'passport';
  return null;
}

/**
 * Compares a CCCD's century/sex digit and birth-year digits with a stated
 * birth date (ISO "YYYY-MM-DD" or "YYYY") and sex. Returns the parts that
 * disagree; [] when all agree, when the ID is not a CCCD or when nothing is
 * stated to compare with.
 */
export function checkCccdAgainstPerson(
  id: NationalId,
  person: { birthDate?: string | null; sex?: 'male' | 'female' | null },
): IdMismatchPart[] {
  if (id.kind !== 'cccd') return [];
  const parts = describeCccd(id.number);
  if (parts === null) return [];
  const mismatches: IdMismatchPart[] = [];
  const year = person.birthDate ? Number(person.birthDate.slice(0, 4)) : NaN;
  if (Number.isInteger(year)) {
    if (Math.floor(year / 100) * 100 !== parts.century) mismatches.push('birthCentury');
    if (year % 100 !== parts.birthYear % 100) mismatches.push('birthYear');
  }
  if (person.sex && person.sex !== parts.sex) mismatches.push('sex');
  return mismatches;
}

/** Strips spaces, dots, dashes and underscores; upper-cases letters. */
function cleanIdText(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s.\-_]/g, '').toUpperCase();
}

/**
 * Normalises an ID number. Empty → ID_MISSING; letters in a number, wrong
 * length, a placeholder of one repeated digit or an impossible CCCD
 * province → ID_MALFORMED. 11 and 8 digits get their lost leading zero back
 * (flag ID_LEADING_ZERO_RESTORED). When `person` is given and the ID is a
 * CCCD whose century/sex digit or year digits disagree with it, the result
 * is BASIC_INFO_MISMATCH with `details.mismatched` and `details.number`.
 */
export function normaliseNationalId(
  raw: string | undefined,
  person?: { birthDate?: string | null; sex?: 'male' | 'female' | null },
  maxLength: number = DEFAULT_MAX_FIELD_LENGTH,
): NormaliseResult<NationalId> {
  if (raw === undefined || raw.trim() === '') return fail('ID_MISSING', 'No ID number.');
  if (isTooLong(raw, maxLength)) return fail('FIELD_TOO_LONG', `The ID number is longer than ${maxLength} characters.`);
  const flags: RepairFlag[] = [];
  let cleaned = cleanIdText(raw);
  if (cleaned !== raw.trim().toUpperCase()) flags.push('ID_SEPARATORS_REMOVED');
  if (/^\d{11}$|^\d{8}$/.test(cleaned)) {
    cleaned = `0${cleaned}`;
    flags.push('ID_LEADING_ZERO_RESTORED');
  }
  const kind = classifyNationalId(cleaned);
  if (kind === null) return fail('ID_MALFORMED', `"${raw.slice(0, 40)}" is not a CCCD (12 digits), CMND (9) or passport number.`);
  if (kind !== 'passport' && /^(\d)\1+$/.test(cleaned)) return fail('ID_MALFORMED', `"${cleaned}" is a placeholder, not an ID number.`);
  if (kind === 'cccd' && describeCccd(cleaned) === null) {
    return fail('ID_MALFORMED', `"${cleaned}" has no valid province code (001–096).`);
  }
  const id: NationalId = { kind, number: cleaned };
  const mismatched = person ? checkCccdAgainstPerson(id, person) : [];
  if (mismatched.length > 0) {
    return fail('BASIC_INFO_MISMATCH', `The CCCD disagrees with the stated ${mismatched.join(', ')}.`, {
      mismatched,
      number: cleaned,
    });
  }
  return succeed(id, flags);
}
