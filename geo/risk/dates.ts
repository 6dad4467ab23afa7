/**
 * Calendar-day arithmetic on ISO dates (`YYYY-MM-DD`), independent of time
 * zone and clock: a date is turned into a whole day number (days since
 * 1970-01-01, proleptic Gregorian, UTC) and compared as an integer.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Day number of an ISO date (`YYYY-MM-DD`): days since 1970-01-01.
 * Returns null for anything that is not a real calendar date
 * (wrong shape, month 13, 30 February, a time part).
 */
export function toDayNumber(isoDate: string): number | null {
  const match = ISO_DATE.exec(isoDate);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return Math.round(ms / 86_400_000);
}

/** Whole days from `fromIsoDate` to `toIsoDate` (negative if `to` is earlier); null if either is not a valid date. */
export function daysBetween(fromIsoDate: string, toIsoDate: string): number | null {
  const from = toDayNumber(fromIsoDate);
  const to = toDayNumber(toIsoDate);
  return from === null || to === null ? null : to - from;
}
