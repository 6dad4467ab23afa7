// Day numbers (days since 1970-01-01) ↔ ISO dates, and the weekly assessment day.
import { toDayNumber } from '../../geo/risk/index.ts';

const MS_PER_DAY = 86_400_000;

/** Weekly rule sets (MoH 4800, 218) are officially assessed on Mondays [cfg]. 1970-01-05 (day 4) was a Monday. */
export const ASSESSMENT_WEEKDAY_OFFSET = 4;

export function toIsoDate(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number of an ISO date; throws on a bad date (callers validate input first). */
export function dayOf(isoDate: string): number {
  const day = toDayNumber(isoDate);
  if (day === null) throw new RangeError(`not a date: ${isoDate}`);
  return day;
}

export function isAssessmentDay(dayNumber: number): boolean {
  return (((dayNumber - ASSESSMENT_WEEKDAY_OFFSET) % 7) + 7) % 7 === 0;
}

/** The last assessment day strictly before `dayNumber`. */
export function previousAssessmentDay(dayNumber: number): number {
  const since = ((((dayNumber - 1 - ASSESSMENT_WEEKDAY_OFFSET) % 7) + 7) % 7);
  return dayNumber - 1 - since;
}
