/**
 * Evaluating the conditions of a rule set (comparisons on indicators, raw
 * counts and capacity inputs, combined with all / any), keeping every check
 * so the result can say why.
 */
import type { CountValues, IndicatorName } from './indicator-catalog.ts';
import type { Comparison, Condition } from './rule-set-schema.ts';

/** Capacity inputs a health department supplies per unit; riskmap cannot measure them. Omitted = unknown. */
export interface CapacityInput {
  /** MoH 4800 criterion 3: treatment capacity met. */
  treatmentCapacityMet?: boolean;
  /** MoH 218 step 2: response capacity. */
  responseCapacity?: 'high' | 'medium' | 'low';
}

/** Values a condition is evaluated against. Indicator values are the ones used for banding (after the rule's rounding). */
export interface ConditionContext {
  indicators: Partial<Record<IndicatorName, number | null>>;
  counts: Partial<CountValues>;
  capacity: CapacityInput;
}

/** One comparison as evaluated. `value` null = unknown, which never satisfies a comparison. */
export interface ComparisonCheck {
  subject: string;
  op: string;
  threshold: number | boolean;
  value: number | boolean | null;
  holds: boolean;
}

/** A condition as evaluated: whether it holds, and each comparison. */
export interface ConditionOutcome {
  holds: boolean;
  join: 'single' | 'all' | 'any';
  checks: ComparisonCheck[];
}

function compare(value: number, op: string, threshold: number): boolean {
  switch (op) {
    case '<': return value < threshold;
    case '<=': return value <= threshold;
    case '>': return value > threshold;
    case '>=': return value >= threshold;
    default: return value === threshold;
  }
}

/** Evaluates one comparison; an unknown value gives `holds: false`. */
export function checkComparison(comparison: Comparison, context: ConditionContext): ComparisonCheck {
  if ('capacity' in comparison) {
    const value = context.capacity.treatmentCapacityMet ?? null;
    return { subject: comparison.capacity, op: '==', threshold: comparison.equals, value, holds: value === comparison.equals };
  }
  const subject = 'indicator' in comparison ? comparison.indicator : comparison.count;
  const raw = 'indicator' in comparison ? context.indicators[comparison.indicator] : context.counts[comparison.count];
  const value = raw ?? null;
  const holds = value !== null && Number.isFinite(value) && compare(value, comparison.op, comparison.value);
  return { subject, op: comparison.op, threshold: comparison.value, value, holds };
}

/** Evaluates a condition: a comparison, `all` (every check holds) or `any` (at least one holds). */
export function evaluateCondition(condition: Condition, context: ConditionContext): ConditionOutcome {
  if ('all' in condition) {
    const checks = condition.all.map((c) => checkComparison(c, context));
    return { holds: checks.every((c) => c.holds), join: 'all', checks };
  }
  if ('any' in condition) {
    const checks = condition.any.map((c) => checkComparison(c, context));
    return { holds: checks.some((c) => c.holds), join: 'any', checks };
  }
  const check = checkComparison(condition, context);
  return { holds: check.holds, join: 'single', checks: [check] };
}

/** The comparisons of a condition, flattened. */
export function listComparisons(condition: Condition): Comparison[] {
  if ('all' in condition) return condition.all;
  if ('any' in condition) return condition.any;
  return [condition];
}
