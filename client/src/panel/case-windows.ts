// Which case counts the panel may draw for the caller, and how: daily bars
// when no day in the range is withheld; else weekly bars when the API gives
// weekly windows (history.weeks, each suppressed as a whole so no day can be
// recovered); else none, and the panel says why. Withheld values are kept as
// `withheld`, never turned into a zero or a bar.

/** A count as the API gives it: a number, or a withheld small count such as "<5". */
export type Count = number | string;

export interface CaseBar {
  from: string;
  to: string;
  /** The count, or null when withheld. */
  value: number | null;
  /** The withheld text as the API gave it (e.g. "<5"), null when shown. */
  withheld: string | null;
}

export interface CaseWindows {
  mode: 'daily' | 'weekly' | 'none';
  bars: CaseBar[];
  /** The suppression threshold read from a withheld value ("<5" → 5), null when nothing is withheld. */
  threshold: number | null;
}

const isShown = (c: Count | undefined) => typeof c === 'number' && Number.isFinite(c);
const thresholdOf = (values: readonly (Count | undefined)[]) => {
  for (const v of values) {
    const m = typeof v === 'string' ? /(\d+)/.exec(v) : null;
    if (m) return Number(m[1]);
  }
  return null;
};

/**
 * The finest case windows the caller may see between `from` and `to`
 * (inclusive, ISO dates): `days` are daily counts (missing days are zero),
 * `weeks` the API's weekly windows when it gives them.
 */
export function pickCaseWindows(
  days: readonly { date: string; cases: Count }[],
  weeks: readonly { from: string; to: string; cases: Count }[] | undefined,
  from: string,
  to: string,
  listDates: (from: string, to: string) => string[],
): CaseWindows {
  const byDate = new Map(days.map((d) => [d.date, d.cases]));
  const dates = listDates(from, to);
  const hidden = dates.map((d) => byDate.get(d)).filter((c) => c !== undefined && !isShown(c));
  if (hidden.length === 0) {
    return { mode: 'daily', threshold: null, bars: dates.map((d) => ({ from: d, to: d, value: (byDate.get(d) as number | undefined) ?? 0, withheld: null })) };
  }
  const threshold = thresholdOf(hidden);
  const inRange = (weeks ?? []).filter((w) => w.to >= from && w.from <= to);
  if (inRange.length === 0) return { mode: 'none', threshold, bars: [] };
  return {
    mode: 'weekly',
    threshold: threshold ?? thresholdOf(inRange.map((w) => w.cases)),
    bars: inRange.map((w) => ({ from: w.from, to: w.to, value: isShown(w.cases) ? (w.cases as number) : null, withheld: isShown(w.cases) ? null : String(w.cases) })),
  };
}
