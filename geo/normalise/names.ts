/**
 * Vietnamese personal names: NFC, whitespace, mojibake repair, tone-mark
 * placement, title case, family/middle/given split and keys for linkage.
 * Order is family name, middle name(s), given name; the given name is the
 * last word.
 */
import { fail, succeed, type NormaliseResult, type RepairFlag } from './quality-codes.ts';
import { collapseWhitespace, DEFAULT_MAX_FIELD_LENGTH, foldKey, isTooLong } from './text.ts';
import { canonicaliseToneMarks } from './tone-marks.ts';
import { memoiseText } from './memo.ts';
import { repairMojibake } from './mojibake.ts';

/** A normalised name and its parts. All strings NFC; `middle` may be "". */
export interface PersonName {
  /** Display form: "Nguyễn Thị Thúy Hòa". */
  full: string;
  /** First word: "Nguyễn". Equals `given` for a one-word name. */
  family: string;
  /** Words between family and given name, space-separated: "Thị Thúy"; "" when none. */
  middle: string;
  /** Last word: "Hòa". */
  given: string;
  /** Accent-free lower-case key of the full name: "nguyen thi thuy hoa". */
  accentFreeKey: string;
  /** Linkage key: accent-free with regional equivalents merged (see buildNameLinkageKey). */
  linkageKey: string;
}

/** Characters a legacy-font mojibake leaves behind that a real name never has. */
const MOJIBAKE_RESIDUE = /[¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾×÷]/;

/**
 * Title-cases each word Vietnamese-aware (đ→Đ, ễ→Ễ), lower-casing the rest:
 * "NGUYỄN VĂN AN" → "Nguyễn Văn An". Letters after a hyphen or apostrophe are
 * capitalised too ("h'hen niê" → "H'Hen Niê"). Input should be NFC.
 */
export function titleCaseVietnamese(text: string): string {
  return text
    .toLocaleLowerCase('vi')
    .replace(/(^|[\s'’-])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toLocaleUpperCase('vi'));
}

/**
 * Splits a normalised full name into family (first word), middle (words in
 * between) and given (last word). A one-word name is both family and given
 * name, with middle "". Empty input gives three empty strings.
 */
export function splitName(full: string): { family: string; middle: string; given: string } {
  const words = full.split(' ').filter((w) => w.length > 0);
  const family = words[0] ?? '';
  const given = words[words.length - 1] ?? '';
  return { family, middle: words.slice(1, -1).join(' '), given };
}

/**
 * Regional variants that name one family name: Huỳnh is the southern form of
 * Hoàng, Võ of Vũ. Keys and values are accent-free lower case.
 */
export const NAME_EQUIVALENTS: Readonly<Record<string, string>> = { huynh: 'hoang', vo: 'vu' };

/**
 * The key two spellings of one person's name share: accent-free, lower case,
 * each word mapped through NAME_EQUIVALENTS. "Huỳnh Văn Võ" and "Hoàng Van
 * Vũ" both give "hoang van vu". Empty input gives "".
 */
export function buildNameLinkageKey(name: string): string {
  return foldKey(name)
    .split(' ')
    .filter((w) => w.length > 0)
    .map((w) => NAME_EQUIVALENTS[w] ?? w)
    .join(' ');
}

/** Repairs mojibake when possible; reports the residue of unrepairable mojibake. */
function repairText(text: string, flags: RepairFlag[]): string | null {
  const repair = repairMojibake(text);
  if (repair.repaired !== null) {
    flags.push('NAME_MOJIBAKE_REPAIRED');
    return repair.repaired;
  }
  return MOJIBAKE_RESIDUE.test(text) ? null : text;
}

/**
 * Normalises a person's name. Steps: length guard (FIELD_TOO_LONG before
 * any regex), NFC, mojibake repair (NAME_MOJIBAKE when residue remains),
 * whitespace collapse, letters-only check (NAME_MALFORMED for digits or
 * symbols other than space, hyphen, apostrophe, dot), tone marks to the old
 * convention, title case. Empty or blank → FIELD_MISSING. Results are
 * shared between equal inputs and frozen (see memo.ts).
 */
export function normaliseName(raw: string | undefined, maxLength: number = DEFAULT_MAX_FIELD_LENGTH): NormaliseResult<PersonName> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING', 'The name is empty.');
  if (isTooLong(raw, maxLength)) return fail('FIELD_TOO_LONG', `The name is longer than ${maxLength} characters.`);
  return normaliseNameOnce(raw);
}

const normaliseNameOnce = memoiseText(normaliseNameText);

/** normaliseName of a non-blank name within the length limit. */
function normaliseNameText(raw: string): NormaliseResult<PersonName> {
  const flags: RepairFlag[] = [];
  let text = raw.normalize('NFC');
  if (text !== raw) flags.push('TEXT_NFC_APPLIED');
  const repaired = repairText(text, flags);
  if (repaired === null) return fail('NAME_MOJIBAKE', `The name "${raw}" looks like TCVN3/VNI mojibake that could not be repaired.`);
  text = collapseWhitespace(repaired);
  if (!/^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u.test(text) || !/\p{L}/u.test(text)) {
    return fail('NAME_MALFORMED', `The name "${text}" contains characters a name cannot have.`);
  }
  text = text.replace(/\s*-\s*/g, '-');
  const toned = canonicaliseToneMarks(text);
  if (toned !== text) flags.push('NAME_TONE_MARKS_MOVED');
  const full = titleCaseVietnamese(toned);
  if (full !== toned) flags.push('NAME_CASE_FIXED');
  if (/^[a-z .'’-]+$/i.test(full) && full.includes(' ')) flags.push('NAME_NO_DIACRITICS');
  const parts = splitName(full);
  return succeed({ full, ...parts, accentFreeKey: foldKey(full), linkageKey: buildNameLinkageKey(full) }, flags);
}
