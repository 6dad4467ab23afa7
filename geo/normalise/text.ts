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

/** The definition of accent folding; the fast paths below must agree with it exactly. */
function stripDiacriticsSlowly(text: string): string {
  return text.normalize('NFD').replace(COMBINING_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const ANY_MARK = /\p{M}/u;
/** Code units below this get a lazily filled per-character table (Latin, Greek, Cyrillic, Vietnamese U+1E00–U+1EFF). */
const TABLE_SIZE = 0x2000;
/**
 * stripDiacritics of one code unit, or null when that character may not be
 * folded on its own: its decomposition keeps a combining mark outside
 * U+0300–U+036F, which canonical reordering could move past a neighbour's.
 * Without such marks NFD of a string is the concatenation of its
 * characters' NFD with only removed marks reordered, so per-character
 * folding gives the same text.
 */
const STRIP_TABLE: (string | null | undefined)[] = new Array<string | null | undefined>(TABLE_SIZE);
const SAME_LENGTH_TABLE: (string | undefined)[] = new Array<string | undefined>(TABLE_SIZE);

function stripCodeUnit(code: number): string | null {
  let folded = STRIP_TABLE[code];
  if (folded === undefined) {
    const stripped = stripDiacriticsSlowly(String.fromCharCode(code));
    folded = ANY_MARK.test(stripped) ? null : stripped;
    STRIP_TABLE[code] = folded;
  }
  return folded;
}

/**
 * Removes diacritics: NFD, drop combining marks, then map đ→d and Đ→D by
 * hand (NFD does not decompose đ). Case is kept. "Nguyễn Đức" → "Nguyen Duc".
 * ASCII comes back as is; Latin and Vietnamese text is folded through a
 * per-character table (no NFD per call); anything else takes the NFD path.
 */
export function stripDiacritics(text: string): string {
  if (ASCII_ONLY.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const folded = code < TABLE_SIZE ? stripCodeUnit(code) : null;
    if (folded === null) return stripDiacriticsSlowly(text);
    out += folded;
  }
  return out;
}

/** foldSameLength of one character (one code point), by the definition. */
function foldCharacter(ch: string): string {
  const folded = stripDiacriticsSlowly(ch).toLowerCase();
  const kept = folded.length === ch.length ? folded : ch.toLowerCase();
  return kept.length === ch.length ? kept : ch;
}

/**
 * Folds one NFC string character by character to lower-case ASCII-like text
 * of the SAME length, so indices found by a regex on the folded copy slice
 * the original. Characters that do not fold to exactly one character are kept
 * lower-cased. Input should be NFC.
 */
export function foldSameLength(text: string): string {
  if (ASCII_ONLY.test(text)) return text.toLowerCase();
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch.length === 1 && code < TABLE_SIZE) {
      let folded = SAME_LENGTH_TABLE[code];
      if (folded === undefined) SAME_LENGTH_TABLE[code] = folded = foldCharacter(ch);
      out += folded;
    } else {
      out += foldCharacter(ch);
    }
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
