// Parsing of the OGC API Features query parameters that JSON Schema cannot
// check on its own (bbox, datetime). Each throws BAD_REQUEST with what is wrong.
import { AppError } from '../errors.ts';
import type { Bbox } from './ogc.repo.ts';

/**
 * bbox=minLon,minLat,maxLon,maxLat in WGS84 degrees (CRS84). Boxes across the
 * antimeridian (minLon > maxLon) and 3D boxes (6 numbers) are refused.
 */
export function parseBbox(raw: string | undefined): Bbox | null {
  if (raw === undefined || raw === '') return null;
  const parts = raw.split(',');
  const numbers = parts.map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if (numbers.length !== 4 || !numbers.every(Number.isFinite)) {
    throw new AppError('BAD_REQUEST', `bbox must be four numbers minLon,minLat,maxLon,maxLat; got "${raw.slice(0, 100)}"`);
  }
  const [minLon, minLat, maxLon, maxLat] = numbers as Bbox;
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    throw new AppError('BAD_REQUEST', `bbox ${raw} is outside WGS84 (longitude −180…180, latitude −90…90)`);
  }
  if (minLon > maxLon || minLat > maxLat) {
    throw new AppError('BAD_REQUEST', `bbox ${raw}: the minimum must not exceed the maximum (boxes across the antimeridian are not supported)`);
  }
  return [minLon, minLat, maxLon, maxLat];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * datetime → the day whose tiers to show (YYYY-MM-DD), or null for the latest.
 * A date is that day; an RFC 3339 instant is the calendar day as written in its own
 * offset (2021-09-02T03:00:00+07:00 → 2021-09-02). Intervals are refused.
 */
export function parseDatetime(raw: string | undefined): string | null {
  if (raw === undefined || raw === '') return null;
  if (raw.includes('/')) {
    throw new AppError('BAD_REQUEST', `datetime ${raw.slice(0, 60)}: intervals are not supported; give a date (2021-09-01) or an instant (2021-09-01T08:00:00+07:00)`);
  }
  if (isCalendarDate(raw)) return raw;
  const instant = INSTANT.exec(raw);
  if (instant && isCalendarDate(instant[1]!) && !Number.isNaN(Date.parse(raw))) return instant[1]!;
  throw new AppError('BAD_REQUEST', `datetime "${raw.slice(0, 60)}" is not a date (2021-09-01) or an RFC 3339 instant (2021-09-01T08:00:00Z)`);
}
