// Trend series for the side panel's charts, computed from a unit's daily
// counts (GET /api/units/:id/history). Pure; days without a row count as
// zero; a value that cannot be computed (no population, no tests) is null,
// drawn as a gap, never as zero.

/** A count as the API gives it: a number, or a suppressed small count such as "<5". */
export type Count = number | string;

export interface DailyCounts {
  date: string;
  communityCases: Count;
  tests: Count;
  positives: Count;
  doses: Count[];
}

export interface SeriesPoint {
  date: string;
  value: number | null;
}

const DAY_MS = 86_400_000;

/** A count as a number; null for a suppressed one ("<5" for roles that may not see small counts) or anything else not a number. */
const countOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Every date from `from` to `to` inclusive (empty when from > to). */
export function listDates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to && out.length < 4000; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Community cases per 100,000 per week over the 14 days ending each day (the MoH 4800 criterion 1 formula). */
export function computeWeeklyRateSeries(counts: readonly DailyCounts[], population: number | null, from: string, to: string): SeriesPoint[] {
  const byDate = new Map(counts.map((c) => [c.date, c.communityCases]));
  return listDates(from, to).map((date) => {
    if (!population || population <= 0) return { date, value: null };
    let sum: number | null = 0;
    for (let k = 0; k < 14 && sum !== null; k++) {
      const count = countOf(byDate.get(addDays(date, -k)) ?? 0);
      sum = count === null ? null : sum + count;
    }
    return { date, value: sum === null ? null : (sum / 2 / population) * 100_000 };
  });
}

/** Share of positive tests over the 7 days ending each day; null with no test. */
export function computePositivitySeries(counts: readonly DailyCounts[], from: string, to: string): SeriesPoint[] {
  const byDate = new Map(counts.map((c) => [c.date, c]));
  return listDates(from, to).map((date) => {
    let [tests, positives] = [0, 0];
    for (let k = 0; k < 7; k++) {
      const c = byDate.get(addDays(date, -k));
      const [t, p] = [countOf(c?.tests ?? 0), countOf(c?.positives ?? 0)];
      if (t === null || p === null) return { date, value: null };
      tests += t;
      positives += p;
    }
    return { date, value: tests > 0 ? positives / tests : null };
  });
}

/**
 * One-dose coverage of the whole population on each day, anchored at the
 * coverage known on `anchorDate` and moved back (and forward) by the first
 * doses given in between. Null without an anchor or a population.
 */
export function computeCoverageSeries(counts: readonly DailyCounts[], population: number | null, anchor: number | null, anchorDate: string, from: string, to: string): SeriesPoint[] {
  const firstDoses = new Map(counts.map((c) => [c.date, countOf(c.doses[0] ?? 0) ?? 0]));
  return listDates(from, to).map((date) => {
    if (anchor === null || !population || population <= 0) return { date, value: null };
    let shift = 0;
    if (date < anchorDate) for (let d = addDays(date, 1); d <= anchorDate; d = addDays(d, 1)) shift -= firstDoses.get(d) ?? 0;
    else for (let d = addDays(anchorDate, 1); d <= date; d = addDays(d, 1)) shift += firstDoses.get(d) ?? 0;
    return { date, value: Math.min(1, Math.max(0, anchor + shift / population)) };
  });
}

/** Scales a series into an SVG polyline's points string within width × height; gaps split the line into segments. */
export function buildPolylines(series: readonly SeriesPoint[], width: number, height: number, maxValue: number): string[] {
  const segments: string[] = [];
  let current: string[] = [];
  const step = series.length > 1 ? width / (series.length - 1) : 0;
  series.forEach((p, i) => {
    if (p.value === null) {
      if (current.length > 0) segments.push(current.join(' '));
      current = [];
      return;
    }
    const y = height - (maxValue > 0 ? Math.min(1, p.value / maxValue) : 0) * height;
    current.push(`${(i * step).toFixed(1)},${y.toFixed(1)}`);
  });
  if (current.length > 0) segments.push(current.join(' '));
  return segments;
}
