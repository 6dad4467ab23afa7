/**
 * The risk engine: one function from a rule set and a unit's indicators to a
 * tier and its reasons. Steps: insufficient-data checks → band each
 * indicator (after rounding) → combine (max of band levels, or first
 * matching rule) → level adjustments → matrix (or level = tier order) →
 * tier adjustments → summary.
 */
import { findBand, formatBand, roundForBanding } from './bands.ts';
import { evaluateCondition, listComparisons, type ConditionContext } from './conditions.ts';
import { INDICATOR_CATALOG, type IndicatorName, type LocalText } from './indicator-catalog.ts';
import type { RiskInput, RiskReason, RiskResult } from './risk-result.ts';
import type { Adjustment, RuleSet } from './rule-set-schema.ts';
import { buildSummary } from './summary.ts';
import { findMaxLevel } from './validate.ts';

type UsedValues = Partial<Record<IndicatorName, number | null>>;

function finiteOrNull(value: number | null | undefined): number | null {
  return value !== null && value !== undefined && Number.isFinite(value) ? value : null;
}

/** Indicator values after each rule's rounding; non-finite values become null. */
function computeUsedValues(ruleSet: RuleSet, input: RiskInput): UsedValues {
  const used: UsedValues = {};
  for (const rule of ruleSet.indicators) {
    const raw = finiteOrNull(input.indicators[rule.indicator]);
    used[rule.indicator] = raw === null ? null : roundForBanding(raw, rule.roundDecimals);
  }
  return used;
}

// Facts derived from a rule set alone, computed once per rule-set object:
// evaluateRisk runs per unit and day, and a rule set is never changed in place.
const requiredCache = new WeakMap<RuleSet, IndicatorName[]>();
const scaleCache = new WeakMap<RuleSet, Scale>();
const maxLevelCache = new WeakMap<RuleSet, number>();

function cached<T>(cache: WeakMap<RuleSet, T>, ruleSet: RuleSet, compute: (ruleSet: RuleSet) => T): T {
  let value = cache.get(ruleSet);
  if (value === undefined) {
    value = compute(ruleSet);
    cache.set(ruleSet, value);
  }
  return value;
}

/** Indicators whose absence makes the result insufficient: non-optional ones the combine step needs. */
function requiredIndicators(ruleSet: RuleSet): IndicatorName[] {
  return cached(requiredCache, ruleSet, listRequiredIndicators);
}

function listRequiredIndicators(ruleSet: RuleSet): IndicatorName[] {
  const c = ruleSet.combine;
  const names = c.mode === 'maxOfBands' ? c.indicators
    : c.mode === 'firstMatch' ? c.rules.flatMap((r) => listComparisons(r.when)).flatMap((x) => ('indicator' in x ? [x.indicator] : []))
      : [];
  return [...new Set(names)].filter((name) => !ruleSet.indicators.find((r) => r.indicator === name)?.optional);
}

function checkInsufficient(ruleSet: RuleSet, input: RiskInput, used: UsedValues): RiskReason | null {
  const causes: LocalText[] = [];
  const pop = finiteOrNull(input.population);
  const min = ruleSet.insufficientData.minPopulation;
  if (pop === null) causes.push({ vi: 'không rõ dân số', en: 'population unknown' });
  else if (pop <= 0) causes.push({ vi: `dân số ${pop} không lớn hơn 0`, en: `population ${pop} is not above 0` });
  else if (pop < min) causes.push({ vi: `dân số ${pop} dưới mức tối thiểu ${min}`, en: `population ${pop} is below the minimum ${min}` });
  const counts = { ...input.counts, population: pop };
  for (const { count, min: minCount } of ruleSet.insufficientData.minCounts) {
    const value = finiteOrNull(counts[count]);
    if (value === null) causes.push({ vi: `không rõ ${count} (tối thiểu ${minCount})`, en: `${count} unknown (minimum ${minCount})` });
    else if (value < minCount) causes.push({ vi: `${count} ${value} dưới mức tối thiểu ${minCount}`, en: `${count} ${value} is below the minimum ${minCount}` });
  }
  const missing = requiredIndicators(ruleSet).filter((name) => used[name] === null || used[name] === undefined);
  for (const name of missing) causes.push({ vi: `không có số liệu ${INDICATOR_CATALOG[name].label.vi}`, en: `${name} unknown` });
  const c = ruleSet.combine;
  if (c.mode === 'maxOfBands' && missing.length === 0 && c.indicators.every((n) => used[n] === null || used[n] === undefined)) {
    causes.push({ vi: 'không biết chỉ số nào để kết hợp', en: 'no combined indicator is known' });
  }
  if (causes.length === 0) return null;
  return { kind: 'insufficientData', causes, population: pop, counts, missingIndicators: missing };
}

function bandLevels(ruleSet: RuleSet, used: UsedValues, input: RiskInput, reasons: RiskReason[]): number {
  if (ruleSet.combine.mode !== 'maxOfBands') return 0;
  const levels: { name: IndicatorName; level: number }[] = [];
  for (const name of ruleSet.combine.indicators) {
    const rule = ruleSet.indicators.find((r) => r.indicator === name);
    const value = used[name];
    if (!rule?.bands) continue;
    if (value === null || value === undefined) {
      reasons.push({ kind: 'indicatorMissing', indicator: name, optional: rule.optional });
      continue;
    }
    const band = findBand(value, rule.bands, rule.edges);
    if (!band) continue;
    levels.push({ name, level: band.level });
    reasons.push({
      kind: 'band', indicator: name, value: finiteOrNull(input.indicators[name]) ?? value, valueUsed: value,
      roundDecimals: rule.roundDecimals, windowDays: rule.windowDays, band: { ...band }, edges: rule.edges,
      interval: formatBand(band, rule.edges),
    });
  }
  const level = levels.reduce((max, x) => Math.max(max, x.level), 1);
  reasons.push({ kind: 'combineMax', level, decidedBy: levels.filter((x) => x.level === level).map((x) => x.name) });
  return level;
}

interface Scale {
  top: number;
  idOf: (order: number) => string;
  orderOf: (id: string) => number;
}

function applyAdjustment(adj: Adjustment, stage: 'level' | 'tier', current: number, scale: Scale,
  context: ConditionContext, previousTierId: string | null): { next: number; reason: RiskReason } {
  const when = evaluateCondition(adj.when, context);
  const show = (n: number): number | string => (stage === 'level' ? n : scale.idOf(n));
  const base = { kind: 'adjustment' as const, id: adj.id, stage, description: adj.description, from: show(current) };
  let next = current;
  let why: string;
  if (!when.holds) {
    const unknown = when.checks.some((c) => c.value === null);
    why = unknown ? 'condition could not be checked (input unknown); not applied' : 'condition not met';
  } else if (adj.kind === 'raise') {
    const unless = adj.unless ? evaluateCondition(adj.unless, context) : null;
    if (unless?.holds) why = 'condition met but the exception applies';
    else if (current >= scale.top) why = 'condition met but already at the highest level';
    else { next = Math.min(scale.top, current + adj.by); why = `condition met: raised by ${next - current}`; }
    const checks = [...when.checks, ...(unless?.checks ?? [])];
    return { next, reason: { ...base, applied: next !== current, to: show(next), checks, why } };
  } else if (previousTierId === null || scale.orderOf(previousTierId) === 0) {
    why = 'condition met but the previous tier is not known';
  } else if (scale.orderOf(previousTierId) > current) {
    next = scale.orderOf(previousTierId);
    why = `condition met: kept at last assessment's tier ${previousTierId} instead of lowering`;
  } else {
    why = 'condition met; not lower than the previous tier';
  }
  return { next, reason: { ...base, applied: next !== current, to: show(next), checks: when.checks, why } };
}

function chooseColumn(ruleSet: RuleSet, level: number, used: UsedValues, input: RiskInput): RiskReason & { kind: 'matrix' } {
  const m = ruleSet.matrix;
  if (!m) throw new RangeError('no matrix');
  let column: string;
  let assumed = false;
  let basis: (RiskReason & { kind: 'matrix' })['basis'];
  if ('indicator' in m.column) {
    const value = used[m.column.indicator] ?? null;
    assumed = value === null;
    column = value === null ? m.column.whenUnknown : value >= m.column.atLeast ? 'met' : 'notMet';
    basis = { indicator: m.column.indicator, value, atLeast: m.column.atLeast };
  } else {
    const value = input.capacity?.responseCapacity ?? null;
    assumed = value === null;
    column = value ?? m.column.whenUnknown;
    basis = { capacity: 'responseCapacity', value };
  }
  const tier = m.cells[level - 1]?.[m.columns.indexOf(column)] ?? '';
  return { kind: 'matrix', level, column, basis, assumed, tier };
}

function makeScale(ruleSet: RuleSet): Scale {
  return cached(scaleCache, ruleSet, buildScale);
}

function buildScale(ruleSet: RuleSet): Scale {
  const sorted = [...ruleSet.tiers].sort((a, b) => a.order - b.order);
  return {
    top: sorted.length,
    idOf: (order) => sorted[Math.max(0, Math.min(sorted.length, order) - 1)]?.id ?? '',
    orderOf: (id) => sorted.find((t) => t.id === id)?.order ?? 0,
  };
}

/**
 * Builds a RiskResult for a tier id (or the insufficient-data tier when `tierId` is null).
 * `withSummary` false leaves `summary` empty (`{ vi: '', en: '' }`) for callers that keep only tiers and reasons.
 */
export function buildResult(ruleSet: RuleSet, tierId: string | null, reasons: RiskReason[], withSummary = true): RiskResult {
  const tier = tierId === null ? null : ruleSet.tiers.find((t) => t.id === tierId) ?? null;
  const shown = tier ?? ruleSet.insufficientTier;
  const result: RiskResult = {
    ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, tier: shown.id, tierOrder: tier?.order ?? null,
    tierLabel: shown.label, colour: shown.colour, insufficientData: tier === null, reasons, summary: { vi: '', en: '' },
  };
  if (withSummary) result.summary = buildSummary(ruleSet, result);
  return result;
}

/**
 * Grades one unit with a rule set (combine mode `maxOfBands` or `firstMatch`;
 * use rollUpChildTiers for `childShares`, which this throws a RangeError for).
 * Never throws on data: unknown, zero or too-small population, missing
 * required indicators or counts below the set's minimums give the
 * insufficient-data tier with the raw counts in its reason. Capacity or a
 * previous tier that is not given leaves the rules needing them unapplied
 * (the reason says so); an unknown matrix column uses the set's `whenUnknown`.
 * The rule set is assumed valid (see validateRuleSet). `options.summary`
 * false skips the plain-words summary (left `{ vi: '', en: '' }`): bulk
 * grading that stores tiers and reasons only; the tier and reasons are the same.
 */
export function evaluateRisk(ruleSet: RuleSet, input: RiskInput, options: { summary?: boolean } = {}): RiskResult {
  const withSummary = options.summary ?? true;
  if (ruleSet.combine.mode === 'childShares') {
    throw new RangeError(`rule set ${ruleSet.id} rolls up child tiers; use rollUpChildTiers`);
  }
  const used = computeUsedValues(ruleSet, input);
  const insufficient = checkInsufficient(ruleSet, input, used);
  if (insufficient) return buildResult(ruleSet, null, [insufficient], withSummary);
  const reasons: RiskReason[] = [];
  const context: ConditionContext = {
    indicators: used, counts: { ...input.counts, population: finiteOrNull(input.population) }, capacity: input.capacity ?? {},
  };
  const scale = makeScale(ruleSet);
  let tierOrder: number;
  if (ruleSet.combine.mode === 'maxOfBands') {
    let level = bandLevels(ruleSet, used, input, reasons);
    const levelScale: Scale = { ...scale, top: ruleSet.matrix ? cached(maxLevelCache, ruleSet, findMaxLevel) : scale.top };
    for (const adj of ruleSet.levelAdjustments) {
      const { next, reason } = applyAdjustment(adj, 'level', level, levelScale, context, null);
      level = next;
      reasons.push(reason);
    }
    if (ruleSet.matrix) {
      const cell = chooseColumn(ruleSet, level, used, input);
      reasons.push(cell);
      tierOrder = scale.orderOf(cell.tier);
    } else {
      tierOrder = Math.min(level, scale.top);
      reasons.push({ kind: 'tierFromLevel', level, tier: scale.idOf(tierOrder) });
    }
  } else {
    tierOrder = 0;
    for (const [index, rule] of ruleSet.combine.rules.entries()) {
      const outcome = evaluateCondition(rule.when, context);
      reasons.push({ kind: 'rule', index, tier: rule.tier, matched: outcome.holds, description: rule.description, checks: outcome.checks });
      if (outcome.holds) { tierOrder = scale.orderOf(rule.tier); break; }
    }
    if (tierOrder === 0) {
      tierOrder = scale.orderOf(ruleSet.combine.otherwise);
      reasons.push({ kind: 'otherwise', tier: ruleSet.combine.otherwise });
    }
  }
  for (const adj of ruleSet.tierAdjustments) {
    const { next, reason } = applyAdjustment(adj, 'tier', tierOrder, scale, context, input.previousTierId ?? null);
    tierOrder = next;
    reasons.push(reason);
  }
  return buildResult(ruleSet, scale.idOf(tierOrder), reasons, withSummary);
}
