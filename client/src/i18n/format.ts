// Numbers, percentages, counts and dates in the language's locale: one place,
// so "39,7%" and "39.7%" never sit side by side.
import type { Language } from './messages.ts';

export const localeOf = (language: Language) => (language === 'vi' ? 'vi-VN' : 'en-GB');

/** A number with at most `digits` decimals (fewer when whole); "—" for null/undefined/NaN. */
export function formatNumber(value: number | null | undefined, language: Language, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString(localeOf(language), { maximumFractionDigits: digits });
}

/** A share 0–1 as a percentage, e.g. 0.397 → "39,7%" (vi) / "39.7%" (en); "—" when unknown. */
export function formatPercent(share: number | null | undefined, language: Language, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return share.toLocaleString(localeOf(language), { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A count as the API gives it: a number, or a withheld small count such as "<5" (kept as is). */
export function formatCount(value: number | string | null | undefined, language: Language): string {
  if (typeof value === 'string') return value;
  return formatNumber(value, language, 0);
}

/** An ISO date (YYYY-MM-DD) as people write it: 31/10/2021 (vi), 31 Oct 2021 (en). Anything else unchanged. */
export function formatDate(iso: string | null | undefined, language: Language): string {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso ?? '—';
  const [y, m, d] = iso.split('-');
  if (language === 'vi') return `${d}/${m}/${y}`;
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A short date for chart axes: 31/10 (vi), 31 Oct (en). */
export function formatShortDate(iso: string, language: Language): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  if (language === 'vi') return `${iso.slice(8, 10)}/${iso.slice(5, 7)}`;
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** A band interval such as "[100, ∞)" with its numbers in the locale ("[1.000, ∞)" in Vietnamese). */
export function formatInterval(interval: string, language: Language, scale = 1): string {
  return interval.replace(/-?\d+(?:\.\d+)?/g, (n) => formatNumber(Number(n) * scale, language, scale === 1 ? 2 : 1) + (scale === 100 ? '%' : ''));
}

/** [lng, lat] as "10,80000° B, 106,70000° Đ" (vi) / "10.80000° N, 106.70000° E" (en). */
export function formatPoint(point: readonly number[] | null | undefined, language: Language): string {
  if (!point || point.length < 2) return '—';
  const [lng, lat] = point as [number, number];
  const f = (v: number) => Math.abs(v).toLocaleString(localeOf(language), { minimumFractionDigits: 5, maximumFractionDigits: 5 });
  const [north, south, east, west] = language === 'vi' ? ['B', 'N', 'Đ', 'T'] : ['N', 'S', 'E', 'W'];
  return `${f(lat)}° ${lat >= 0 ? north : south}, ${f(lng)}° ${lng >= 0 ? east : west}`;
}
