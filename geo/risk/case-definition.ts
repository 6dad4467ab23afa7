/**
 * What confirms a COVID-19 case (F0), as dated data: a case definition says,
 * per count (the city map, the national tally), from which date which test
 * methods confirm a case when the sample was taken from one person. A pooled
 * sample never confirms a case: a positive pool marks its members "pending
 * individual retest" for `pendingRetestDays` at most, and the individual
 * result decides (risk-models.md §6). No I/O; the shipped definition is
 * case-definitions/vn-hcmc-2021.json.
 */
import { toDayNumber } from './dates.ts';
import vnHcmc2021 from './case-definitions/vn-hcmc-2021.json' with { type: 'json' };

/** A test method as stored: RT-PCR or rapid antigen. */
export type CaseTestMethod = 'pcr' | 'antigen';

/** The counts a definition describes: the city's own map and the national tally. */
export type CaseCount = 'cityMap' | 'national';

/** From `from` (ISO date, inclusive; null = always) until the next version, these methods confirm a case. */
export interface CaseDefinitionVersion {
  from: string | null;
  confirmedBy: CaseTestMethod[];
}

export interface CaseDefinition {
  id: string;
  description: string;
  /** Days a pooled positive keeps its members pending when no individual test follows [cfg]. */
  pendingRetestDays: number;
  counts: Record<CaseCount, { description: string; versions: CaseDefinitionVersion[] }>;
}

/** One method confirming from day `fromDay` (day number, inclusive; null = always) to `toDay` (exclusive; null = open). */
export interface ConfirmationWindow {
  method: CaseTestMethod;
  fromDay: number | null;
  toDay: number | null;
}

const METHODS: readonly CaseTestMethod[] = ['pcr', 'antigen'];

/**
 * Checks a case definition document; throws an Error naming every problem
 * (path: message). Versions must be in date order, the first may be open
 * (null), methods must be known.
 */
export function parseCaseDefinition(doc: unknown): CaseDefinition {
  const problems: string[] = [];
  const d = doc as Partial<CaseDefinition> | null;
  if (typeof d?.id !== 'string' || d.id === '') problems.push('/id: must be a non-empty string');
  if (!Number.isInteger(d?.pendingRetestDays) || (d?.pendingRetestDays as number) < 1) problems.push('/pendingRetestDays: must be a whole number ≥ 1');
  for (const count of ['cityMap', 'national'] as const) {
    const versions = d?.counts?.[count]?.versions;
    if (!Array.isArray(versions) || versions.length === 0) {
      problems.push(`/counts/${count}/versions: must list at least one version`);
      continue;
    }
    let previous: number | null = null;
    versions.forEach((v, i) => {
      const at = `/counts/${count}/versions/${i}`;
      if (!Array.isArray(v.confirmedBy) || v.confirmedBy.some((m) => !METHODS.includes(m))) {
        problems.push(`${at}/confirmedBy: must list methods among ${METHODS.join(', ')}`);
      }
      if (v.from === null && i === 0) return;
      const day = v.from === null ? null : toDayNumber(String(v.from));
      if (day === null) problems.push(`${at}/from: "${String(v.from)}" is not a date (YYYY-MM-DD); only the first version may be null`);
      else if (previous !== null && day <= previous) problems.push(`${at}/from: versions must be in increasing date order`);
      else previous = day;
    });
  }
  if (problems.length > 0) throw new Error(`invalid case definition:\n${problems.join('\n')}`);
  return doc as CaseDefinition;
}

/** The shipped definition (HCMC 2021): city map counts antigen positives from 2021-08-20, the national tally only RT-PCR. */
export const DEFAULT_CASE_DEFINITION: CaseDefinition = parseCaseDefinition(vnHcmc2021);

/** Per method, the day ranges in which an individual result of that method confirms a case, for one count. */
export function confirmationWindows(definition: CaseDefinition, count: CaseCount): ConfirmationWindow[] {
  const versions = definition.counts[count].versions;
  const out: ConfirmationWindow[] = [];
  versions.forEach((v, i) => {
    const fromDay = v.from === null ? null : toDayNumber(v.from);
    const next = versions[i + 1];
    const toDay = next?.from ? toDayNumber(next.from) : null;
    for (const method of v.confirmedBy) out.push({ method, fromDay, toDay });
  });
  return out;
}

/**
 * Whether a positive result confirms a case under `count` on `date` (ISO,
 * the sample's local date): never for a pooled sample; else when the method
 * is accepted by the version in force that day. Invalid date = false.
 */
export function confirmsCase(definition: CaseDefinition, count: CaseCount, test: { method: CaseTestMethod; pooled: boolean; date: string }): boolean {
  if (test.pooled) return false;
  const day = toDayNumber(test.date);
  if (day === null) return false;
  return confirmationWindows(definition, count).some((w) => w.method === test.method
    && (w.fromDay === null || w.fromDay <= day) && (w.toDay === null || day < w.toDay));
}
