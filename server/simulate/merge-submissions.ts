// The demo's history in fewer, larger files (issue #18 point 8): every site's
// daily files of a window of days become one file of the same site, its
// records in day order, so ingest's fixed cost per file and per chunk (batch,
// mapping, staging, linkage round trips) and the renderer's per-workbook cost
// are paid once a window instead of once a day. The records themselves —
// values, dirt, corrections, duplicates, truth — are the simulator's, unchanged:
// a correction sent days after its first version still comes after it in the
// file, and ingest keeps the last row of a record (staging.repo.ts), as it
// keeps the later file's. Files a site sends twice are left out: the second
// copy only ever counts as unchanged.
import type { Submission } from '../../geo/simulate/records.ts';

/** Merges each source's submissions into one per `windowDays` days (day 0 starts the first window), in order of window then source. */
export function mergeSubmissions(submissions: readonly Submission[], windowDays: number): Submission[] {
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new Error(`windowDays must be a whole number ≥ 1, got ${windowDays}`);
  if (windowDays === 1) return [...submissions];
  const merged = new Map<string, Submission>();
  for (const submission of submissions) {
    if (submission.repeatOf !== null) continue;
    const window = Math.floor(submission.day / windowDays);
    const key = `${window}|${submission.source}`;
    const into = merged.get(key);
    if (into) {
      into.records.push(...submission.records);
      continue;
    }
    // The window's file is dated by its first day with records; ids stay unique per source and window.
    merged.set(key, { ...submission, id: `${submission.sourceCode}/${submission.date}+${windowDays}d`, records: [...submission.records], repeatOf: null });
  }
  // Submissions come sorted by day then source: the first of each key sets the order; sort by window, then source.
  return [...merged.entries()]
    .map(([key, submission]) => ({ window: Number(key.split('|')[0]), submission }))
    .sort((a, b) => a.window - b.window || a.submission.source - b.submission.source)
    .map((e) => e.submission);
}
