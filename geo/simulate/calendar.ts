/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in whole days, with no
 * clock and no time zone: a date is a label, days are counted in UTC.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2021-02-30). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/** Days since 1970-01-01 of an ISO date. Throws RangeError for anything else. */
export function toEpochDay(iso: string): number {
  if (!isIsoDate(iso)) throw new RangeError(`not a date as YYYY-MM-DD: "${iso}"`);
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

/** The ISO date `days` (may be negative) after `iso`. */
export function addDays(iso: string, days: number): string {
  return new Date((toEpochDay(iso) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toEpochDay(to) - toEpochDay(from);
}

/** Completed years of age on `onDate` for someone born on `birthDate` (both ISO). */
export function computeAgeOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** `HH:MM` for a minute of the day (0–1439). */
export function formatMinuteOfDay(minute: number): string {
  const m = Math.max(0, Math.min(1439, Math.floor(minute)));
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
