/**
 * Field comparators for record linkage: each compares one field of two
 * person records and returns an agreement level.
 */

/** Agreement of one field: full, partial (a likely typo), none, or not comparable (a side is missing). */
export type AgreementLevel = 'agree' | 'partial' | 'disagree' | 'missing';

/**
 * Optimal-string-alignment edit distance (Levenshtein plus adjacent
 * transposition) between two strings, counted in code points. Stops early
 * and returns `limit + 1` once the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > limit) return limit + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > limit) return limit + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[t.length] ?? 0;
}

const isBlank = (v: string | null | undefined): v is null | undefined | '' => v === null || v === undefined || v === '';

/** Exact comparison of two optional values: 'missing' when either is blank. */
export function compareExact(a: string | null | undefined, b: string | null | undefined): AgreementLevel {
  if (isBlank(a) || isBlank(b)) return 'missing';
  return a === b ? 'agree' : 'disagree';
}

/**
 * Compares two accent-free keys (names): equal → agree; edit distance ≤
 * `maxEdits` (default 1 for one word, 2 for a full name, never more than a
 * third of the shorter length) → partial; else disagree.
 */
export function compareKeys(a: string | null | undefined, b: string | null | undefined, maxEdits = 1): AgreementLevel {
  if (isBlank(a) || isBlank(b)) return 'missing';
  if (a === b) return 'agree';
  const allowed = Math.min(maxEdits, Math.floor(Math.min(a.length, b.length) / 3));
  return allowed > 0 && editDistance(a, b, allowed) <= allowed ? 'partial' : 'disagree';
}

/**
 * Compares two birth dates ("YYYY-MM-DD" or "YYYY"). Same date → agree.
 * Partial: day and month swapped, the year off by one with the same day and
 * month, one digit different, or one side only a year that matches. Else
 * disagree; 'missing' when either is blank.
 */
export function compareBirthDates(a: string | null | undefined, b: string | null | undefined): AgreementLevel {
  if (isBlank(a) || isBlank(b)) return 'missing';
  if (a === b) return 'agree';
  if (a.length === 4 || b.length === 4) return a.slice(0, 4) === b.slice(0, 4) ? 'partial' : 'disagree';
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  if (ya === yb && ma === db && da === mb) return 'partial';
  if (ma === mb && da === db && Math.abs(Number(ya) - Number(yb)) === 1) return 'partial';
  return editDistance(a, b, 1) <= 1 ? 'partial' : 'disagree';
}
