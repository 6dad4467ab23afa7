// An in-memory index of unit names for the search box, built from the unit
// table once per boundary version (~125k rows for a whole city: a few MB and
// a few hundred ms). Matching works on foldKey text, so diacritics and case
// never matter, and understands a query as a chain of unit phrases:
// "phuong 7 quan 3" = a unit whose own name is "7" typed phường, inside a
// unit named "3" typed quận. A query without type words matches any word
// start of a name ("ben thanh", "thanh").
import { buildUnitKey } from '../../geo/normalise/address-units.ts';
import { foldKey } from '../../geo/normalise/text.ts';

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  level: string;
  parentId: number | null;
  /** [minLng, minLat, maxLng, maxLat], null without a geometry. */
  bbox: [number, number, number, number] | null;
}

interface Entry extends UnitRow {
  type: string | null;
  key: string;
}

export interface UnitHit {
  id: number;
  code: string;
  name: string;
  level: string;
  bbox: [number, number, number, number] | null;
  /** Ancestors from the city down to the parent. */
  path: { id: number; name: string; level: string }[];
  score: number;
}

export interface UnitIndex {
  entries: Map<number, Entry>;
  byCode: Map<string, number>;
  /** Every word-start suffix of every key, sorted, for prefix search by binary search. */
  suffixes: { text: string; id: number }[];
}

/** Type words below the ward, which buildUnitKey does not know: tổ dân phố, khu phố, khối. */
const LOCAL_TYPES: readonly [RegExp, string][] = [
  [/^(to dan pho|tdp|to) ?(?=\d)|^(to dan pho|tdp|to) /, 'to'],
  [/^(khu pho|kp) ?(?=\d)|^(khu pho|kp) /, 'khu pho'],
  [/^(khoi|block) ?(?=\d)|^(khoi|block) /, 'khoi'],
];

/** The type word and key of a unit name or of one phrase of a query. */
export function keyOfName(name: string): { type: string | null; key: string } {
  const folded = foldKey(name);
  for (const [pattern, type] of LOCAL_TYPES) {
    const m = pattern.exec(folded);
    if (m && folded.length > m[0].length) return { type, key: folded.slice(m[0].length).trim().replace(/\b0+(?=\d)/g, '') };
  }
  return buildUnitKey(name);
}

const TYPE_WORD = /^(thanh pho|tp|thi xa|tx|thi tran|tt|quan|q|huyen|h|phuong|ph|p|f|xa|x|to dan pho|tdp|to|khu pho|kp|khoi|block)$/;
const MULTI_WORD_TYPES = ['thanh pho', 'thi xa', 'thi tran', 'to dan pho', 'khu pho'];

/** Splits a folded query into unit phrases at type words: "phuong 7 quan 3" → ["phuong 7", "quan 3"]; "p7q3" style is split too. */
export function splitPhrases(query: string): string[] {
  let text = ` ${foldKey(query).replace(/\b(p|q|f|kp|tdp|tx|tt)(\d+)\b/g, '$1 $2')} `;
  for (const multi of MULTI_WORD_TYPES) text = text.replaceAll(` ${multi} `, ` ${multi.replaceAll(' ', '_')} `);
  const phrases: string[][] = [];
  for (const raw of text.trim().split(' ').filter(Boolean)) {
    const word = raw.replaceAll('_', ' ');
    const current = phrases[phrases.length - 1];
    // "to dan pho 2 ben thanh": a typed number ends its phrase.
    const numbered = current !== undefined && current.length > 1 && TYPE_WORD.test(current[0] as string) && /^\d+$/.test(current[current.length - 1] as string);
    if (TYPE_WORD.test(word) || !current || numbered) {
      phrases.push([word]);
    } else {
      current.push(word);
    }
  }
  return phrases.map((p) => p.join(' '));
}

/** Builds the index from unit rows. */
export function buildUnitIndex(rows: readonly UnitRow[]): UnitIndex {
  const entries = new Map<number, Entry>();
  const byCode = new Map<string, number>();
  const suffixes: { text: string; id: number }[] = [];
  for (const row of rows) {
    const { type, key } = keyOfName(row.name);
    entries.set(row.id, { ...row, type, key });
    byCode.set(row.code.toLowerCase(), row.id);
    const words = key.split(' ');
    for (let i = 0; i < words.length; i++) suffixes.push({ text: words.slice(i).join(' '), id: row.id });
  }
  suffixes.sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : a.id - b.id));
  return { entries, byCode, suffixes };
}

function lowerBound(suffixes: UnitIndex['suffixes'], prefix: string): number {
  let [lo, hi] = [0, suffixes.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((suffixes[mid] as { text: string }).text < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ids whose key has a word starting with `prefix`, with whether the whole key equals it. */
function findByPrefix(index: UnitIndex, prefix: string, cap: number): Map<number, boolean> {
  const found = new Map<number, boolean>();
  for (let i = lowerBound(index.suffixes, prefix); i < index.suffixes.length && found.size < cap; i++) {
    const s = index.suffixes[i] as { text: string; id: number };
    if (!s.text.startsWith(prefix)) break;
    // A number must match whole: "phuong 1" is not "phuong 12".
    if (/\d$/.test(prefix) && /^\d/.test(s.text.slice(prefix.length))) continue;
    const entry = index.entries.get(s.id);
    found.set(s.id, (found.get(s.id) ?? false) || entry?.key === prefix);
  }
  return found;
}

const typeFits = (wanted: string | null, entry: Entry) => wanted === null || entry.type === null || wanted === entry.type;

function ancestorsOf(index: UnitIndex, entry: Entry): Entry[] {
  const path: Entry[] = [];
  let parent = entry.parentId === null ? undefined : index.entries.get(entry.parentId);
  while (parent && path.length < 8) {
    path.unshift(parent);
    parent = parent.parentId === null ? undefined : index.entries.get(parent.parentId);
  }
  return path;
}

const LEVEL_RANK: Record<string, number> = { city: 0, district: 1, ward: 2, neighbourhood: 3, block: 4 };

/** Units matching a query, best first: an exact code first, then names whose phrases chain up the hierarchy. */
export function searchUnits(index: UnitIndex, query: string, limit: number): UnitHit[] {
  const scored = new Map<number, number>();
  const codeHit = index.byCode.get(query.trim().toLowerCase());
  if (codeHit !== undefined) scored.set(codeHit, 100);
  const phrases = splitPhrases(query).map(keyOfName).filter((p) => p.key !== '');
  const [first, ...rest] = phrases;
  if (first) {
    for (const [id, exact] of findByPrefix(index, first.key, 5000)) {
      const entry = index.entries.get(id) as Entry;
      if (!typeFits(first.type, entry)) continue;
      const ancestors = ancestorsOf(index, entry);
      const chained = rest.every((p) => ancestors.some((a) => typeFits(p.type, a) && (a.key === p.key || a.key.startsWith(`${p.key} `) || (!/\d$/.test(p.key) && a.key.startsWith(p.key)))));
      if (!chained) continue;
      const score = 50 + (exact ? 20 : 0) + (first.type !== null && first.type === entry.type ? 5 : 0) - (LEVEL_RANK[entry.level] ?? 5);
      scored.set(id, Math.max(scored.get(id) ?? 0, score));
    }
  }
  return [...scored.entries()]
    .sort((a, b) => b[1] - a[1] || (LEVEL_RANK[index.entries.get(a[0])?.level ?? ''] ?? 5) - (LEVEL_RANK[index.entries.get(b[0])?.level ?? ''] ?? 5) || a[0] - b[0])
    .slice(0, limit)
    .map(([id, score]) => {
      const e = index.entries.get(id) as Entry;
      return { id, code: e.code, name: e.name, level: e.level, bbox: e.bbox, score, path: ancestorsOf(index, e).map((a) => ({ id: a.id, name: a.name, level: a.level })) };
    });
}
