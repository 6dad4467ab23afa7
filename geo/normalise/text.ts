/**
 * Text primitives shared by the normalisers: whitespace, accent folding,
 * comparison keys and the input length guard.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Default longest cell (characters) a normaliser will look at. Longer input is FIELD_TOO_LONG. */
export const DEFAULT_MAX_FIELD_LENGTH = 1000;

/**
 * True when `text` is longer than `maxLength` characters (UTF-16 units).
 * Callers check this before any regex so a 10 MB cell costs O(1).
 */
export function isTooLong(text: string, maxLength: number = DEFAULT_MAX_FIELD_LENGTH): boolean {
  return text.length > maxLength;
}

/**
 * Trims and collapses every run of whitespace (including NBSP, tabs,
 * newlines and zero-width spaces) into one ASCII space.
 */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u200b\u200c\u200d\ufeff]+/g, ' ').trim();
}

/**
 * Removes diacritics: NFD, drop combining marks, then map đ→d and Đ→D by
 * hand (NFD does not decompose đ). Case is kept. "Nguyễn Đức" → "Nguyen Duc".
 */
export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

/**
 * Folds one NFC string character by character to lower-case ASCII-like text
 * of the SAME length, so indices found by a regex on the folded copy slice
 * the original. Characters that do not fold to exactly one character are kept
 * lower-cased. Input should be NFC.
 */
export function foldSameLength(text: string): string {
  let out = '';
  for (const ch of text) {
    const folded = stripDiacritics(ch).toLowerCase();
    const kept = folded.length === ch.length ? folded : ch.toLowerCase();
    out += kept.length === ch.length ? kept : ch;
  }
  return out;
}

/**
 * A comparison key: accent-free, lower case, every run of characters other
 * than letters and digits turned into one space, trimmed.
 * "  Họ và TÊN / Ngày-sinh " → "ho va ten ngay sinh". Empty input gives "".
 */
export function foldKey(text: string): string {
  return stripDiacritics(text.normalize('NFC'))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Like foldKey but with no spaces at all: "Pfizer-BioNTech" → "pfizerbiontech". */
export function compactKey(text: string): string {
  return foldKey(text).replace(/ /g, '');
}
