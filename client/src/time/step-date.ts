import { addDays } from '../panel/series.ts';

/** The next date of the player: one day or one week on, wrapping to `first` after `last`. */
export function stepDate(date: string, stepDays: number, first: string, last: string): string {
  const next = addDays(date, stepDays);
  if (next > last) return stepDays > 0 ? first : last;
  if (next < first) return first;
  return next;
}
