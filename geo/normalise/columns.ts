/**
 * Proposes a mapping from a spreadsheet's header row to canonical fields.
 * The proposal is data for a person to confirm and save per source; it is
 * never applied silently.
 */
import { COLUMN_SYNONYMS } from './column-synonyms.ts';
import { CANONICAL_FIELDS, type CanonicalField, type RawRecord } from './fields.ts';
import { compactKey, foldKey } from './text.ts';

/** The proposal for one column. */
export interface ColumnProposal {
  /** Zero-based column index. */
  index: number;
  /** The header as given. */
  header: string;
  /** Proposed field, or null when unmapped. */
  field: CanonicalField | null;
  /** 0–1: 1 exact synonym, ~0.95 same letters, 0.7–0.9 synonym inside the header, below by token overlap. */
  confidence: number;
}

/** A whole proposal: one entry per column, and the indices left unmapped. */
export interface ColumnMapping {
  columns: ColumnProposal[];
  unmapped: number[];
}

/** Lowest confidence at which a column is mapped. */
export const MIN_COLUMN_CONFIDENCE = 0.6;

/** Score (0–1) of one folded header against one folded synonym. */
function scoreSynonym(header: string, synonym: string): number {
  if (header === synonym) return 1;
  if (header.replace(/ /g, '') === synonym.replace(/ /g, '')) return 0.95;
  const h = header.split(' ');
  const s = synonym.split(' ');
  const contained = ` ${header} `.includes(` ${synonym} `) && (s.length >= 2 || synonym.length >= 4);
  if (contained) return 0.7 + 0.2 * (s.length / h.length);
  const common = s.filter((t) => h.includes(t)).length;
  return (0.85 * 2 * common) / (h.length + s.length);
}

/** Best field score for one header. */
function scoreHeader(header: string, synonyms: Readonly<Record<CanonicalField, readonly string[]>>): [CanonicalField, number][] {
  const folded = foldKey(header);
  if (folded === '') return [];
  return CANONICAL_FIELDS.map((field): [CanonicalField, number] => [
    field,
    Math.max(0, ...(synonyms[field] ?? []).map((s) => scoreSynonym(folded, s)), compactKey(header) === field.toLowerCase() ? 1 : 0),
  ]).filter(([, score]) => score >= MIN_COLUMN_CONFIDENCE);
}

/**
 * Proposes a field for every header. Headers are folded (accents, case,
 * punctuation) and scored against the synonyms table; each field goes to at
 * most one column and each column to at most one field, best score first.
 * Columns below MIN_COLUMN_CONFIDENCE, empty headers and losers of a
 * conflict are unmapped. Canonical names themselves ("birthDate") map with
 * confidence 1.
 */
export function proposeColumnMapping(
  headers: readonly string[],
  synonyms: Readonly<Record<CanonicalField, readonly string[]>> = COLUMN_SYNONYMS,
): ColumnMapping {
  const candidates: { index: number; field: CanonicalField; score: number }[] = [];
  headers.forEach((header, index) => {
    for (const [field, score] of scoreHeader(header.slice(0, 200), synonyms)) candidates.push({ index, field, score });
  });
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const columns: ColumnProposal[] = headers.map((header, index) => ({ index, header, field: null, confidence: 0 }));
  const taken = new Set<CanonicalField>();
  for (const c of candidates) {
    const column = columns[c.index];
    if (column === undefined || column.field !== null || taken.has(c.field)) continue;
    column.field = c.field;
    column.confidence = Math.round(c.score * 100) / 100;
    taken.add(c.field);
  }
  return { columns, unmapped: columns.filter((c) => c.field === null).map((c) => c.index) };
}

/**
 * Applies a confirmed mapping to one data row: cell text per canonical
 * field. Unmapped columns are dropped; missing cells give undefined.
 */
export function applyColumnMapping(mapping: ColumnMapping, row: readonly (string | undefined)[]): RawRecord {
  const record: RawRecord = {};
  for (const column of mapping.columns) {
    if (column.field !== null) record[column.field] = row[column.index];
  }
  return record;
}
