// How the map's levels are graded: by a view profile (each level by the rule
// set that applies to it, the default) or by one rule set the user chose.
// Pure helpers; the dashboard keeps the choice and puts it in the link.
import type { MapLevel, RuleSetSummary, Text, UnitLevel } from '../api/types.ts';

export const DEFAULT_VIEW_PROFILE = 'hcmc-2021';

export type Grading = { kind: 'profile'; id: string } | { kind: 'ruleSet'; id: string };

export interface ViewProfileSummary {
  id: string;
  name: Text;
  levels: Record<string, string>;
  isDefault: boolean;
  problems: { path: string; message: string }[];
}

/** The query parameter the unit API reads for a grading. */
export const formatGradingQuery = (grading: Grading) =>
  grading.kind === 'profile' ? `viewProfile=${encodeURIComponent(grading.id)}` : `ruleSet=${encodeURIComponent(grading.id)}`;

/** The value of the model select for a grading, and back ("profile:" marks a profile). */
export const formatGradingValue = (grading: Grading) => (grading.kind === 'profile' ? `profile:${grading.id}` : grading.id);
export const parseGradingValue = (value: string): Grading =>
  value.startsWith('profile:') ? { kind: 'profile', id: value.slice('profile:'.length) } : { kind: 'ruleSet', id: value };

/** The grading a link asks for: its rule set, else its profile, else the default profile. */
export function pickInitialGrading(view: { ruleSet: string | null; viewProfile?: string | null }): Grading {
  if (view.ruleSet) return { kind: 'ruleSet', id: view.ruleSet };
  return { kind: 'profile', id: view.viewProfile ?? DEFAULT_VIEW_PROFILE };
}

/** The rule-set id that grades `level` under a grading (null while the profile is not loaded). */
export function findLevelRuleSet(grading: Grading, profiles: readonly ViewProfileSummary[], level: UnitLevel | MapLevel): string | null {
  if (grading.kind === 'ruleSet') return grading.id;
  return profiles.find((p) => p.id === grading.id)?.levels[level] ?? null;
}

/** True when a rule set is known not to grade a level (unknown rule sets are given the benefit of the doubt). */
export function isLevelNotGraded(ruleSetId: string | null, ruleSets: readonly RuleSetSummary[], level: string): boolean {
  const set = ruleSets.find((r) => r.id === ruleSetId);
  return set !== undefined && !set.levels.includes(level);
}
