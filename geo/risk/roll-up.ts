/**
 * Roll-up of child tiers (Decision 2686/QĐ-BCĐQG style): a parent unit's tier
 * from the shares of its children's tiers, as an alternative to assessing the
 * parent on its own totals. The rule set says which (combine mode `childShares`).
 */
import { buildResult } from './evaluate.ts';
import type { RiskReason, RiskResult } from './risk-result.ts';
import type { RuleSet } from './rule-set-schema.ts';

/** One child unit's tier: a tier id of the same rule set's scale; null or the insufficient-data id = no data. */
export interface ChildTier {
  unitId?: string;
  tier: string | null;
}

/**
 * Grades a parent from its children's tiers with a `childShares` rule set
 * (throws a RangeError for any other mode).
 *
 * Shares are over children with data: children with no data (null or the
 * insufficient-data tier) and children with a tier id unknown to the set are
 * left out and counted in the `childShares` reason. A share test "at least
 * P% at tier T or above" holds when `count × 100 ≥ P × childrenWithData`
 * (integer arithmetic, so exactly 30% is "≥ 30%"); "at least N" when
 * `count ≥ N`. Rules are tried in order; the first whose `any` test holds
 * decides; otherwise `otherwise`. Fewer than `minChildrenWithData` children
 * with data gives "insufficient data".
 */
export function rollUpChildTiers(ruleSet: RuleSet, childTiers: readonly ChildTier[]): RiskResult {
  const c = ruleSet.combine;
  if (c.mode !== 'childShares') throw new RangeError(`rule set ${ruleSet.id} does not roll up child tiers (mode ${c.mode})`);
  const orderOf = new Map(ruleSet.tiers.map((t) => [t.id, t.order]));
  const childrenByTier: Record<string, number> = Object.fromEntries(ruleSet.tiers.map((t) => [t.id, 0]));
  const orders: number[] = [];
  const unknownTierIds: string[] = [];
  let childrenWithoutData = 0;
  for (const child of childTiers) {
    if (child.tier === null || child.tier === ruleSet.insufficientTier.id) { childrenWithoutData++; continue; }
    const order = orderOf.get(child.tier);
    if (order === undefined) { unknownTierIds.push(child.tier); continue; }
    orders.push(order);
    childrenByTier[child.tier] = (childrenByTier[child.tier] ?? 0) + 1;
  }
  const total = orders.length;
  const reasons: RiskReason[] = [{ kind: 'childShares', childrenByTier, childrenWithData: total, childrenWithoutData, unknownTierIds }];
  if (total < c.minChildrenWithData) {
    reasons.push({
      kind: 'insufficientData', causes: [{ vi: `${total} đơn vị con có dữ liệu, ít hơn mức tối thiểu ${c.minChildrenWithData}`, en: `${total} child unit(s) with data, fewer than the minimum ${c.minChildrenWithData}` }],
      population: null, counts: {}, missingIndicators: [],
    });
    return buildResult(ruleSet, null, reasons);
  }
  for (const [index, rule] of c.rules.entries()) {
    const tests = rule.any.map((test) => {
      const threshold = orderOf.get(test.atLeastTier) ?? Infinity;
      const count = orders.filter((o) => o >= threshold).length;
      const byShare = test.minSharePercent !== null && count * 100 >= test.minSharePercent * total;
      const byCount = test.minCount !== null && count >= test.minCount;
      return { atLeastTier: test.atLeastTier, count, sharePercent: (count * 100) / total,
        minSharePercent: test.minSharePercent, minCount: test.minCount, holds: byShare || byCount };
    });
    const matched = tests.some((t) => t.holds);
    reasons.push({ kind: 'shareRule', index, tier: rule.tier, matched, description: rule.description, tests });
    if (matched) return buildResult(ruleSet, rule.tier, reasons);
  }
  reasons.push({ kind: 'otherwise', tier: c.otherwise });
  return buildResult(ruleSet, c.otherwise, reasons);
}
