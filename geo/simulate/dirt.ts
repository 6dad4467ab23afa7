/**
 * The kinds of dirt sites put in records, as pure string edits. Each
 * returns the dirty value, or the input unchanged when the dirt cannot
 * apply (no ID to mistype, a phone with no old prefix).
 */
import { LEGACY_MOBILE_PREFIXES } from '../normalise/phones.ts';
import type { Random } from '../random.ts';

/** New 3-digit prefix → the old 4-digit one it replaced in 2018 (e.g. 038 → 0168). */
const OLD_PREFIX_OF: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(LEGACY_MOBILE_PREFIXES).map(([old, now]) => [now, old]));

/** Removes Vietnamese diacritics, keeping case; đ/Đ become d/D (NFD does not split them). */
export function stripVietnameseMarks(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** Upper case, Vietnamese letters kept ("NGUYỄN THỊ ÁNH"). */
export function toAllCaps(text: string): string {
  return text.toLocaleUpperCase('vi');
}

/** Changes one digit of an ID number to another digit (a typo); an ID with no digits is returned as is. */
export function mistypeDigits(id: string, rng: Random): string {
  const positions = [...id].map((c, i) => (/\d/.test(c) ? i : -1)).filter((i) => i >= 3);
  if (positions.length === 0) return id;
  const at = rng.pick(positions);
  const old = Number(id[at]);
  const digit = (old + rng.int(1, 9)) % 10;
  return `${id.slice(0, at)}${digit}${id.slice(at + 1)}`;
}

/** Drops leading zeros, as a spreadsheet does when it reads an ID as a number ("079…" → "79…"). */
export function dropLeadingZeros(text: string): string {
  return text.replace(/^0+(?=\d)/, '');
}

/** A 10-digit national mobile number (0…) written with its old 11-digit prefix, or unchanged when its prefix had none. */
export function toOldPhonePrefix(national: string): string {
  const old = OLD_PREFIX_OF[national.slice(0, 3)];
  return old ? `${old}${national.slice(3)}` : national;
}

/** The national (0…) form of an E.164 Vietnamese number. */
export function toNationalPhone(e164: string): string {
  return e164.startsWith('+84') ? `0${e164.slice(3)}` : e164;
}
