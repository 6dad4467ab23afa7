import { addDays } from '../panel/series.ts';

/** The next date of the player or the step buttons: one day or one week on, held within [first, last] (no wrap: the player stops at the end). */
export function stepDate(date: string, stepDays: number, first: string, last: string): string {
  const next = addDays(date, stepDays);
  if (next > last) return last;
  if (next < first) return first;
  return next;
}

/** A date held within the data's days; null when it already is. */
export function clampToData(date: string, first: string | null, last: string): { date: string; side: 'before' | 'after' } | null {
  if (first !== null && date < first) return { date: first, side: 'before' };
  if (date > last) return { date: last, side: 'after' };
  return null;
}

/** Whole days from `from` to `to` (YYYY-MM-DD, UTC calendar days). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface DateTick {
  date: string;
  /** Days from `first`: the slider value of the tick. */
  offset: number;
  /** Short label, "DD/MM". */
  label: string;
}

/**
 * Labelled ticks under the slider: the first and last day, and between them
 * month starts (or Mondays every `weeks` weeks when the span is short), at
 * most `maxTicks` in all, none crowding the ends (within `endMargin` of the span).
 */
export function computeDateTicks(first: string, last: string, maxTicks = 6, endMargin = 0.1): DateTick[] {
  const span = daysBetween(first, last);
  const tick = (date: string): DateTick => ({ date, offset: daysBetween(first, date), label: `${date.slice(8, 10)}/${date.slice(5, 7)}` });
  if (span <= 0) return [tick(first)];
  const inner: string[] = [];
  const monthly = span > 75;
  for (let d = addDays(first, 1); d < last; d = addDays(d, 1)) {
    if (monthly ? d.endsWith('-01') : new Date(`${d}T00:00:00Z`).getUTCDay() === 1) inner.push(d);
  }
  const room = inner.filter((d) => daysBetween(first, d) > span * endMargin && daysBetween(d, last) > span * endMargin);
  const every = Math.max(1, Math.ceil(room.length / Math.max(1, maxTicks - 2)));
  return [tick(first), ...room.filter((_, i) => i % every === 0).map(tick), tick(last)];
}
