/**
 * The rule sets shipped with riskmap (JSON files in rule-sets/), checked on
 * load, and selection of the set that applies to a unit level on a date.
 */
import { toDayNumber } from './dates.ts';
import type { RuleSet, UnitLevel } from './rule-set-schema.ts';
import { parseRuleSet } from './validate.ts';
import cdcCommunityTransmission from './rule-sets/cdc-community-transmission.json' with { type: 'json' };
import harvardGhi from './rule-sets/harvard-ghi.json' with { type: 'json' };
import hcmc2716 from './rule-sets/hcmc-2716.json' with { type: 'json' };
import moh218 from './rule-sets/moh-218.json' with { type: 'json' };
import moh2686Rollup from './rule-sets/moh-2686-rollup.json' with { type: 'json' };
import moh4800 from './rule-sets/moh-4800.json' with { type: 'json' };

export { DEFAULT_RULE_SET_ID } from './default-rule-set.ts';

/**
 * Every shipped rule set, validated together (so their effective dates do not
 * clash): MoH 4800 (default), MoH 218, HCMC 2716, Decision 2686 roll-up,
 * CDC community transmission, Harvard GHI. Throws at import if one is invalid.
 */
export const SHIPPED_RULE_SETS: readonly RuleSet[] = (() => {
  const loaded: RuleSet[] = [];
  for (const doc of [moh4800, moh218, hcmc2716, moh2686Rollup, cdcCommunityTransmission, harvardGhi]) {
    loaded.push(parseRuleSet(doc, loaded));
  }
  return loaded;
})();

/** The shipped rule set with this id, or null. */
export function findShippedRuleSet(id: string): RuleSet | null {
  return SHIPPED_RULE_SETS.find((rs) => rs.id === id) ?? null;
}

/**
 * Rule sets among `ruleSets` that apply to `level` on `date` (ISO) in
 * `jurisdiction` (`any`-jurisdiction sets match every jurisdiction):
 * effectiveFrom ≤ date ≤ effectiveTo (inclusive; null = open). Invalid date = [].
 */
export function findEffectiveRuleSets(
  ruleSets: readonly RuleSet[],
  query: { level: UnitLevel; date: string; jurisdiction: string },
): RuleSet[] {
  const day = toDayNumber(query.date);
  if (day === null) return [];
  return ruleSets.filter((rs) => {
    const from = toDayNumber(rs.effectiveFrom);
    const to = rs.effectiveTo === null ? null : toDayNumber(rs.effectiveTo);
    const inJurisdiction = rs.jurisdiction === query.jurisdiction || rs.jurisdiction === 'any';
    return inJurisdiction && rs.levels.includes(query.level) && from !== null && from <= day && (to === null || day <= to);
  });
}

/**
 * The version of one rule set (its versions: same id, sorted by effectiveFrom)
 * that grades `day` (day number): the version in force that day
 * (findEffectiveRuleSets' rule: effectiveFrom ≤ day ≤ effectiveTo). A day before
 * every version is graded by the first (history before the set was adopted
 * reads as if it had applied); a day after a version ended with no successor
 * by the latest version begun before it. Empty list = null.
 */
export function findRuleSetVersionOn(versions: readonly RuleSet[], day: number): RuleSet | null {
  const first = versions[0];
  if (!first) return null;
  const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
  const inForce = findEffectiveRuleSets(versions, { level: first.levels[0] as UnitLevel, date, jurisdiction: first.jurisdiction });
  if (inForce.length > 0) return inForce[inForce.length - 1] as RuleSet;
  let chosen: RuleSet = first;
  for (const v of versions) if ((toDayNumber(v.effectiveFrom) ?? Infinity) <= day) chosen = v;
  return chosen;
}

/** Versions sorted by effectiveFrom (ISO strings sort as dates). */
export function sortRuleSetVersions(versions: readonly RuleSet[]): RuleSet[] {
  return [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
}
