/**
 * View profiles: which rule set grades each unit level on the map, as data
 * (JSON files in view-profiles/, like rule sets). The default "HCMC 2021"
 * profile grades city, districts and wards by MoH 4800 and residential groups
 * and blocks by Plan 2716, since each rule set only applies to some levels.
 */
import type { RuleSet, UnitLevel } from './rule-set-schema.ts';
import { UNIT_LEVELS } from './rule-set-schema.ts';
import hcmc2021 from './view-profiles/hcmc-2021.json' with { type: 'json' };
import hcmc2021District2686 from './view-profiles/hcmc-2021-2686.json' with { type: 'json' };

export interface ViewProfile {
  id: string;
  name: { vi: string; en: string };
  /** Rule-set id per unit level; every level is present. */
  levels: Record<UnitLevel, string>;
  notes?: string;
}

/** One thing wrong with a profile document: where (JSON pointer) and what. */
export interface ViewProfileProblem {
  path: string;
  message: string;
}

/** Id of the profile the dashboard opens with. */
export const DEFAULT_VIEW_PROFILE_ID = 'hcmc-2021';

const isText = (v: unknown): v is { vi: string; en: string } =>
  typeof v === 'object' && v !== null && typeof (v as Record<string, unknown>).vi === 'string' && typeof (v as Record<string, unknown>).en === 'string'
  && (v as { vi: string }).vi.trim() !== '' && (v as { en: string }).en.trim() !== '';

/**
 * Everything wrong with a profile document against the rule sets in force:
 * missing or malformed id/name, a level missing or unknown, a rule set that
 * does not exist or does not grade the level it is mapped to. Empty = valid.
 */
export function validateViewProfile(doc: unknown, ruleSets: readonly RuleSet[]): ViewProfileProblem[] {
  const problems: ViewProfileProblem[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [{ path: '', message: 'a view profile is a JSON object' }];
  const d = doc as Record<string, unknown>;
  if (typeof d.id !== 'string' || !/^[a-z0-9][a-z0-9._-]{0,63}$/.test(d.id)) problems.push({ path: '/id', message: 'id must be 1–64 lower-case letters, digits, ".", "_" or "-"' });
  if (!isText(d.name)) problems.push({ path: '/name', message: 'name needs non-empty "vi" and "en" texts' });
  if (typeof d.levels !== 'object' || d.levels === null || Array.isArray(d.levels)) {
    problems.push({ path: '/levels', message: `levels maps each of ${UNIT_LEVELS.join(', ')} to a rule-set id` });
    return problems;
  }
  const levels = d.levels as Record<string, unknown>;
  for (const key of Object.keys(levels)) {
    if (!(UNIT_LEVELS as readonly string[]).includes(key)) problems.push({ path: `/levels/${key}`, message: `"${key}" is not a unit level (${UNIT_LEVELS.join(', ')})` });
  }
  for (const level of UNIT_LEVELS) {
    const id = levels[level];
    if (typeof id !== 'string') {
      problems.push({ path: `/levels/${level}`, message: `no rule set for ${level}` });
      continue;
    }
    const ruleSet = ruleSets.find((rs) => rs.id === id);
    if (!ruleSet) problems.push({ path: `/levels/${level}`, message: `no rule set with id "${id}"` });
    else if (!ruleSet.levels.includes(level)) problems.push({ path: `/levels/${level}`, message: `rule set ${id} grades ${ruleSet.levels.join(', ')}, not ${level}` });
  }
  return problems;
}

/** The profile when valid; throws an Error listing every problem otherwise. */
export function parseViewProfile(doc: unknown, ruleSets: readonly RuleSet[]): ViewProfile {
  const problems = validateViewProfile(doc, ruleSets);
  if (problems.length > 0) throw new Error(`view profile ${String((doc as { id?: unknown } | null)?.id ?? '?')}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return doc as ViewProfile;
}

/** The profiles shipped with riskmap, unchecked (check them against the rule sets in force with validateViewProfile). */
export const SHIPPED_VIEW_PROFILES: readonly unknown[] = [hcmc2021, hcmc2021District2686];
