/**
 * Vietnamese phone numbers to E.164 ("+84…"). Mobile numbers have 10
 * digits since 2018 (0 + 9); landlines have 11 (0 + 2xx area code + 8).
 */
import { fail, succeed, type NormaliseResult, type RepairFlag } from './quality-codes.ts';
import { DEFAULT_MAX_FIELD_LENGTH, isTooLong } from './text.ts';

/**
 * Old 11-digit mobile prefixes (with the leading 0) and their 2018
 * replacements: Viettel 0162–0169 → 032–039; MobiFone 0120→070, 0121→079,
 * 0122→077, 0126→076, 0128→078; VinaPhone 0123→083, 0124→084, 0125→085,
 * 0127→081, 0129→082; Vietnamobile 0186→056, 0188→058; Gmobile 0199→059.
 */
export const LEGACY_MOBILE_PREFIXES: Readonly<Record<string, string>> = {
  '0162': '032', '0163': '033', '0164': '034', '0165': '035', '0166': '036', '0167': '037', '0168': '038', '0169': '039',
  '0120': '070', '0121': '079', '0122': '077', '0126': '076', '0128': '078',
  '0123': '083', '0124': '084', '0125': '085', '0127': '081', '0129': '082',
  '0186': '056', '0188': '058', '0199': '059',
};

const MOBILE = /^0[35789]\d{8}$/;
const LANDLINE = /^02\d{9}$/;

/**
 * Normalises a phone number to E.164. Steps: take the first of several
 * numbers separated by / , ; or "hoặc" (flag PHONE_MULTIPLE_TAKE_FIRST);
 * keep digits; +84/84/0084 → 0; 9-digit mobiles regain their 0 (flag
 * PHONE_LEADING_ZERO_RESTORED); legacy 11-digit prefixes → 10 digits (flag
 * PHONE_LEGACY_PREFIX); accept 10-digit mobiles (03, 05, 07, 08, 09) and
 * 11-digit landlines (02x). Anything else → PHONE_MALFORMED. Empty →
 * FIELD_MISSING. "0168 123 4567" → "+84381234567".
 */
export function normalisePhone(raw: string | undefined, maxLength: number = DEFAULT_MAX_FIELD_LENGTH): NormaliseResult<string> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING', 'The phone number is empty.');
  if (isTooLong(raw, maxLength)) return fail('FIELD_TOO_LONG', `The phone number is longer than ${maxLength} characters.`);
  const flags: RepairFlag[] = [];
  const pieces = raw.split(/[/,;]|\bhoặc\b|\bhoac\b|\bor\b/i).filter((p) => /\d/.test(p));
  if (pieces.length > 1) flags.push('PHONE_MULTIPLE_TAKE_FIRST');
  const first = pieces[0] ?? '';
  let digits = first.normalize('NFKC').replace(/\D/g, '');
  if (/^\s*\+/.test(first) && !digits.startsWith('84')) {
    return fail('PHONE_MALFORMED', `"${raw.slice(0, 40)}" is not a Vietnamese number (+84).`);
  }
  if (digits.startsWith('0084')) digits = `0${digits.slice(4)}`;
  else if (digits.startsWith('84') && digits.length >= 11) digits = `0${digits.slice(2)}`;
  if (/^[35789]\d{8}$/.test(digits) || /^1\d{9}$/.test(digits)) {
    digits = `0${digits}`;
    flags.push('PHONE_LEADING_ZERO_RESTORED');
  }
  const legacy = digits.length === 11 ? LEGACY_MOBILE_PREFIXES[digits.slice(0, 4)] : undefined;
  if (legacy !== undefined) {
    digits = legacy + digits.slice(4);
    flags.push('PHONE_LEGACY_PREFIX');
  }
  if (!MOBILE.test(digits) && !LANDLINE.test(digits)) {
    return fail('PHONE_MALFORMED', `"${raw.slice(0, 40)}" is not a 10-digit mobile or 11-digit landline number.`);
  }
  return succeed(`+84${digits.slice(1)}`, flags);
}
