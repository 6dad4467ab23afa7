/**
 * Dates and date-times as written in Vietnamese spreadsheets and APIs, to
 * ISO 8601. Day comes before month in every slash, dash and dot form
 * (Vietnam writes dd/mm/yyyy); year-first forms are ISO. Date-times are
 * Vietnam wall-clock time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).
 */
import { fail, succeed, type NormaliseResult, type RepairFlag } from './quality-codes.ts';
import { DEFAULT_MAX_FIELD_LENGTH, isTooLong } from './text.ts';

/** Options shared by parseDate and parseDateTime. */
export interface DateOptions {
  /** Earliest allowed date, ISO "YYYY-MM-DD" inclusive. No bound when omitted. */
  min?: string;
  /** Latest allowed date, ISO "YYYY-MM-DD" inclusive (e.g. today for a birth date). No bound when omitted. */
  max?: string;
  /**
   * Two-digit years become the latest year ending in those digits that is
   * not after this year. Default 2049 (window 1950–2049). Pass the current
   * year for birth dates so "01/01/45" is 1945.
   */
  latestYear?: number;
  /** Longest input looked at (characters). */
  maxLength?: number;
  /** parseDate only: accept a bare 4-digit year ("1975") and return "1975". Default false. */
  allowYearOnly?: boolean;
}

const DAY_MS = 86_400_000;
/** Excel 1900-system day 0 for serials ≥ 61 (the phantom 1900-02-29 is serial 60). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const VIETNAM_OFFSET_MINUTES = 7 * 60;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** True when year-month-day is a real Gregorian date (rejects 31/02 and 29/02 in common years). */
export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (lengths[month - 1] ?? 0);
}

/**
 * Converts an Excel 1900-system serial (days, fraction = time of day) to an
 * ISO date-time "YYYY-MM-DDTHH:mm:ss". Serial 1 is 1900-01-01; serial 60 is
 * Excel's non-existent 1900-02-29 (the Lotus leap-year bug) and gives null,
 * as do serials below 1 or above 2958465 (9999-12-31).
 */
export function excelSerialToIso(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= 2958466 || Math.floor(serial) === 60) return null;
  const whole = Math.floor(serial);
  const seconds = Math.round((serial - whole) * 86400);
  const days = whole < 60 ? whole + 1 : whole;
  const date = new Date(EXCEL_EPOCH_MS + days * DAY_MS + seconds * 1000);
  return date.toISOString().slice(0, 19);
}

/** Expands a two-digit year to the latest year ≤ latestYear ending in those digits. */
export function expandTwoDigitYear(yy: number, latestYear: number): number {
  const candidate = Math.floor(latestYear / 100) * 100 + yy;
  return candidate > latestYear ? candidate - 100 : candidate;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  hasTime: boolean;
  /** Minutes east of UTC when the input carried Z or an offset. */
  offsetMinutes: number | null;
  flags: RepairFlag[];
}

const DMY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/;
const YMD = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const TIME = /^(\d{1,2})[:hH](\d{2})?(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/** Reads the date part; null when no format matches. */
function readDatePart(text: string, latestYear: number, flags: RepairFlag[]): [number, number, number] | null {
  let m = YMD.exec(text) ?? COMPACT.exec(text);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = DMY.exec(text);
  if (!m) return null;
  let year = Number(m[3]);
  if ((m[3] ?? '').length === 2) {
    year = expandTwoDigitYear(year, latestYear);
    flags.push('DATE_TWO_DIGIT_YEAR');
  }
  return [year, Number(m[2]), Number(m[1])];
}

/** Splits "date[ T]time" and reads both; null when unreadable. */
function readParts(text: string, latestYear: number): Parts | null {
  const flags: RepairFlag[] = [];
  if (/^\d{5}(\.\d+)?$/.test(text)) {
    const iso = excelSerialToIso(Number(text));
    if (iso === null) return null;
    flags.push('DATE_EXCEL_SERIAL');
    const [y, mo, d, h, mi, s] = iso.split(/[-T:]/).map(Number);
    return { year: y ?? 0, month: mo ?? 0, day: d ?? 0, hour: h ?? 0, minute: mi ?? 0, second: s ?? 0, hasTime: text.includes('.'), offsetMinutes: null, flags };
  }
  const split = /^(\S+?)(?:[T\s]+(.+))?$/.exec(text);
  const datePart = readDatePart(split?.[1] ?? '', latestYear, flags);
  if (datePart === null) return null;
  const [year, month, day] = datePart;
  const timeText = split?.[2]?.trim();
  if (timeText === undefined || timeText === '') {
    return { year, month, day, hour: 0, minute: 0, second: 0, hasTime: false, offsetMinutes: null, flags };
  }
  const t = TIME.exec(timeText.replace(/\s*(giờ|g)\s*/i, ':'));
  if (!t) return null;
  const zone = t[4];
  let offsetMinutes: number | null = null;
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone !== undefined) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  }
  return { year, month, day, hour: Number(t[1]), minute: Number(t[2] ?? 0), second: Number(t[3] ?? 0), hasTime: true, offsetMinutes, flags };
}

/** Validates parts and converts an explicit offset to Vietnam time. */
function toVietnamParts(p: Parts): Parts | null {
  if (!isValidDate(p.year, p.month, p.day) || p.hour > 23 || p.minute > 59 || p.second > 59) return null;
  if (p.offsetMinutes === null || p.offsetMinutes === VIETNAM_OFFSET_MINUTES) return p;
  const utc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - p.offsetMinutes * 60_000;
  const d = new Date(utc + VIETNAM_OFFSET_MINUTES * 60_000);
  return {
    ...p, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
    flags: [...p.flags, 'DATE_TIME_ZONE_CONVERTED'],
  };
}

/** Shared parse: guard, read, validate, range-check. */
function parseParts(raw: string | undefined, options: DateOptions): NormaliseResult<Parts> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING', 'The date is empty.');
  const maxLength = options.maxLength ?? DEFAULT_MAX_FIELD_LENGTH;
  if (isTooLong(raw, Math.min(maxLength, 64))) return fail('FIELD_TOO_LONG', 'The date is longer than 64 characters.');
  const text = raw.normalize('NFKC').trim();
  const read = readParts(text, options.latestYear ?? 2049);
  const parts = read === null ? null : toVietnamParts(read);
  if (parts === null) return fail('DATE_UNPARSEABLE', `"${text}" is not a date (dd/mm/yyyy, yyyy-mm-dd or an Excel serial).`);
  const iso = `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`;
  const range = checkDateRange(iso, options);
  if (!range.ok) return range;
  return succeed(parts, parts.flags);
}

/**
 * Checks an ISO date (or the date part of a date-time) against inclusive
 * bounds `min`/`max` (ISO dates). DATE_OUT_OF_RANGE names the bound broken.
 */
export function checkDateRange(iso: string, bounds: { min?: string; max?: string }): NormaliseResult<string> {
  const day = iso.slice(0, 10);
  if (bounds.min !== undefined && day < bounds.min) return fail('DATE_OUT_OF_RANGE', `${day} is before ${bounds.min}.`, { min: bounds.min });
  if (bounds.max !== undefined && day > bounds.max) return fail('DATE_OUT_OF_RANGE', `${day} is after ${bounds.max}.`, { max: bounds.max });
  return succeed(iso);
}

/**
 * Parses a date to ISO "YYYY-MM-DD". Accepts dd/mm/yyyy, d/m/yy, dd-mm-yyyy,
 * dd.mm.yyyy, yyyy-mm-dd, yyyymmdd, ISO with a time (the time is dropped)
 * and Excel serials of five digits ("44392" = 2021-07-15; a bare 4-digit
 * number is a year, never a serial: see `allowYearOnly`). Impossible dates (31/02) → DATE_UNPARSEABLE;
 * outside options.min/max → DATE_OUT_OF_RANGE; empty → FIELD_MISSING.
 */
export function parseDate(raw: string | undefined, options: DateOptions = {}): NormaliseResult<string> {
  const year = raw?.trim() ?? '';
  if (options.allowYearOnly && /^\d{4}$/.test(year)) {
    if (Number(year) < 1) return fail('DATE_UNPARSEABLE', `"${year}" is not a year.`);
    const range = checkDateRange(year, { min: options.min?.slice(0, 4), max: options.max?.slice(0, 4) });
    return range.ok ? succeed(year) : range;
  }
  const r = parseParts(raw, options);
  if (!r.ok) return r;
  const p = r.value;
  return succeed(`${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, r.flags);
}

/**
 * Parses a date-time (sample or vaccination time) to Vietnam wall-clock ISO
 * "YYYY-MM-DDTHH:mm:ss". Accepts every parseDate form followed by a time
 * "HH:mm", "HH:mm:ss", "14h30", optionally with Z or an offset (converted to
 * UTC+7, flag DATE_TIME_ZONE_CONVERTED), and Excel serials with a fraction.
 * A bare date gives midnight with flag DATE_TIME_MISSING.
 */
export function parseDateTime(raw: string | undefined, options: DateOptions = {}): NormaliseResult<string> {
  const r = parseParts(raw, options);
  if (!r.ok) return r;
  const p = r.value;
  const flags: RepairFlag[] = p.hasTime ? r.flags : [...r.flags, 'DATE_TIME_MISSING'];
  return succeed(`${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`, flags);
}
