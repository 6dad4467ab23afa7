/**
 * Vietnamese address lines: "123/3/5B Lê Lợi, KP 3, P. Bến Thành, Q.1,
 * TP.HCM" → house number, street, residential group, ward, district, city.
 * Order is house number and street, residential group (tổ dân phố / khu
 * phố / ấp), ward (phường / xã / thị trấn), district (quận / huyện / thị xã
 * / thành phố Thủ Đức), city. Parsing is accent- and case-insensitive.
 */
import { collapseWhitespace, DEFAULT_MAX_FIELD_LENGTH, foldSameLength, isTooLong } from './text.ts';
import { memoiseText } from './memo.ts';
import { fail, succeed, type NormaliseResult } from './quality-codes.ts';

/** Parts of an address line as written (NFC, trimmed); null when absent. */
export interface ParsedAddress {
  /** "123/3/5B", "12A"; upper-cased letters. */
  houseNumber: string | null;
  /** Street without a leading "Đường"/"đ.": "Lê Lợi". */
  street: string | null;
  /** Residential group with its type word: "Khu phố 3", "Tổ 5", "Ấp 2". */
  residentialGroup: string | null;
  /** Ward as written with the type word expanded: "Phường 7", "Phường Bến Thành", "Xã An Phú". */
  ward: string | null;
  /** District with the type word expanded: "Quận 1", "Huyện Củ Chi", "Thành phố Thủ Đức". */
  district: string | null;
  /** City when stated, canonical "Thành phố Hồ Chí Minh" for every HCMC spelling. */
  city: string | null;
}

type PartKind = 'city' | 'district' | 'ward' | 'group';

/** Prefix patterns on folded text, most specific first; `expand` is the canonical type word. */
const PREFIXES: readonly { kind: PartKind; pattern: RegExp; expand: string }[] = [
  { kind: 'city', pattern: /^(tp\.?\s*hcm|tphcm|tp\.?\s*ho chi minh|thanh pho ho chi minh|ho chi minh|hcm|sai gon|sg)$/, expand: '' },
  { kind: 'district', pattern: /^(thanh pho|tp\.?)\s*(?=thu duc)/, expand: 'Thành phố' },
  { kind: 'district', pattern: /^(quan|q\.|q(?=\s*\d))\s*/, expand: 'Quận' },
  { kind: 'district', pattern: /^(huyen|h\.)\s*/, expand: 'Huyện' },
  { kind: 'district', pattern: /^(thi xa|tx\.?)\s+/, expand: 'Thị xã' },
  { kind: 'ward', pattern: /^(phuong|ph\.|p\.|p(?=\s*\d)|f\.|f(?=\s*\d))\s*/, expand: 'Phường' },
  { kind: 'ward', pattern: /^(thi tran|tt\.?)\s+/, expand: 'Thị trấn' },
  { kind: 'ward', pattern: /^(xa|x\.)\s+(?!lo\b)/, expand: 'Xã' },
  { kind: 'group', pattern: /^(khu pho|kp\.?)\s*/, expand: 'Khu phố' },
  { kind: 'group', pattern: /^(to dan pho|tdp\.?)\s*/, expand: 'Tổ dân phố' },
  { kind: 'group', pattern: /^(to)\s+(?=\d)/, expand: 'Tổ' },
  { kind: 'group', pattern: /^(ap)\s+/, expand: 'Ấp' },
];

/** Mid-part markers where a comma-less line is split (folded text, preceded by a space). */
const SPLIT_BEFORE =
  / (?=(phuong|p\.|ph\.|p\d+|f\.?\d+|quan|q\.|q\d+|huyen|thi tran|tt\.|khu pho|kp\.?|to dan pho|to(?= \d)|ap(?= \d)|tphcm|hcm|tp\.?|thanh pho|sai gon|sg)\b)|(?<!\btp\.?|\bthanh pho) (?=ho chi minh\b)/g;

const HOUSE = /^(?:(?:so nha|so|sn)\.?\s*)?(\d+[a-z]?(?:[/-]\d*[a-z]?\d*)*)(?:\s+|$)/;

/** Classifies one part; returns its kind and its text with the type word expanded. */
function classifyPart(original: string): { kind: PartKind | null; text: string } {
  const folded = foldSameLength(original);
  for (const { kind, pattern, expand } of PREFIXES) {
    const m = pattern.exec(folded);
    if (!m) continue;
    if (kind === 'city') return { kind, text: 'Thành phố Hồ Chí Minh' };
    const rest = original.slice(m[0].length).trim();
    if (rest === '') continue;
    const number = /^0*(\d+)$/.exec(rest);
    return { kind, text: `${expand} ${number ? number[1] : rest}` };
  }
  return { kind: null, text: original };
}

/** Splits the line at commas, semicolons, " - " and before unit markers in comma-less text. */
function splitParts(line: string): string[] {
  const out: string[] = [];
  for (const piece of line.split(/[,;]| - /)) {
    const folded = foldSameLength(piece);
    let start = 0;
    for (const m of folded.matchAll(SPLIT_BEFORE)) {
      out.push(piece.slice(start, m.index));
      start = (m.index ?? 0) + 1;
    }
    out.push(piece.slice(start));
  }
  return out.map((p) => p.trim()).filter((p) => p.length > 0);
}

/** Reads the first free part into house number and street. */
function readStreet(part: string): { houseNumber: string | null; street: string | null } {
  const folded = foldSameLength(part);
  const m = HOUSE.exec(folded);
  const houseNumber = m ? (m[1] ?? '').toUpperCase() : null;
  let street = m ? part.slice(m[0].length).trim() : part;
  const prefix = /^(duong|d\.)\s*/.exec(foldSameLength(street));
  if (prefix) street = street.slice(prefix[0].length).trim();
  return { houseNumber, street: street === '' ? null : street };
}

/**
 * Parses an address line. Parts are recognised by their type word or
 * abbreviation (P., Ph., F., Phường; Q., Quận; H., Huyện; TX; TT; TP; KP;
 * Tổ; Ấp; TP.HCM/HCM/Sài Gòn/SG), with or without diacritics, any case,
 * separated by commas or not. Numbered units lose leading zeros ("P.07" →
 * "Phường 7"). The first unlabelled part is house number + street; the
 * last unlabelled parts after a labelled ward are taken as district/city
 * only when labelled. Empty → FIELD_MISSING; no part → ADDRESS_UNPARSEABLE.
 * Results are shared between equal inputs and frozen (see memo.ts).
 */
export function parseAddress(raw: string | undefined, maxLength: number = DEFAULT_MAX_FIELD_LENGTH): NormaliseResult<ParsedAddress> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING', 'The address is empty.');
  if (isTooLong(raw, maxLength)) return fail('FIELD_TOO_LONG', `The address is longer than ${maxLength} characters.`);
  return parseAddressOnce(raw);
}

const parseAddressOnce = memoiseText(parseAddressText);

/** parseAddress of a non-blank line within the length limit. */
function parseAddressText(raw: string): NormaliseResult<ParsedAddress> {
  const line = collapseWhitespace(raw.normalize('NFC'));
  const result: ParsedAddress = { houseNumber: null, street: null, residentialGroup: null, ward: null, district: null, city: null };
  const keys: Record<PartKind, keyof ParsedAddress> = { city: 'city', district: 'district', ward: 'ward', group: 'residentialGroup' };
  for (const part of splitParts(line)) {
    const { kind, text } = classifyPart(part);
    if (kind !== null) {
      if (result[keys[kind]] === null) result[keys[kind]] = text;
    } else if (result.street === null && result.houseNumber === null && result.ward === null) {
      Object.assign(result, readStreet(part));
    }
  }
  if (Object.values(result).every((v) => v === null)) {
    return fail('ADDRESS_UNPARSEABLE', `"${line.slice(0, 80)}" has no recognisable address part.`);
  }
  return succeed(result);
}
