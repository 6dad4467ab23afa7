/**
 * validateRuleSet: everything that can be wrong with a rule-set document,
 * as plain problems with a path, so a health department can fix a JSON file
 * without reading code.
 */
import { checkBandCoverage } from './bands.ts';
import { listComparisons } from './conditions.ts';
import { toDayNumber } from './dates.ts';
import { INDICATOR_CATALOG } from './indicator-catalog.ts';
import type { Adjustment, Condition, RuleSet } from './rule-set-schema.ts';
import { checkRuleSetStructure, type RuleSetProblem } from './validate-structure.ts';

export type { RuleSetProblem } from './validate-structure.ts';

/** The highest level the combine step can produce (max band level of the combined indicators), or 0. */
export function findMaxLevel(ruleSet: RuleSet): number {
  if (ruleSet.combine.mode !== 'maxOfBands') return 0;
  const used = new Set<string>(ruleSet.combine.indicators);
  return ruleSet.indicators
    .filter((rule) => used.has(rule.indicator))
    .flatMap((rule) => rule.bands ?? [])
    .reduce((max, band) => Math.max(max, band.level), 0);
}

function checkTiers(rs: RuleSet, out: RuleSetProblem[]): void {
  const ids = new Set<string>();
  rs.tiers.forEach((tier, i) => {
    if (ids.has(tier.id)) out.push({ path: `/tiers/${i}/id`, message: `tier id "${tier.id}" is used twice` });
    ids.add(tier.id);
  });
  const orders = rs.tiers.map((t) => t.order).sort((a, b) => a - b);
  if (orders.some((order, i) => order !== i + 1)) {
    out.push({ path: '/tiers', message: `tier orders must be 1, 2, … ${rs.tiers.length} with no gaps or repeats; found ${orders.join(', ')}` });
  }
  if (ids.has(rs.insufficientTier.id)) {
    out.push({ path: '/insufficientTier/id', message: `"${rs.insufficientTier.id}" is already a tier id; the insufficient-data tier needs its own id` });
  }
}

function checkTierRef(rs: RuleSet, id: string, path: string, out: RuleSetProblem[]): void {
  if (!rs.tiers.some((t) => t.id === id)) {
    out.push({ path, message: `unknown tier id "${id}"; tiers are ${rs.tiers.map((t) => `"${t.id}"`).join(', ')}` });
  }
}

function checkIndicators(rs: RuleSet, out: RuleSetProblem[]): void {
  const seen = new Set<string>();
  const maxLevel = rs.matrix ? rs.matrix.cells.length : rs.tiers.length;
  rs.indicators.forEach((rule, i) => {
    const path = `/indicators/${i}`;
    if (seen.has(rule.indicator)) out.push({ path, message: `indicator ${rule.indicator} is declared twice` });
    seen.add(rule.indicator);
    const expected = INDICATOR_CATALOG[rule.indicator].windowDays;
    if (rule.windowDays !== expected) {
      out.push({ path: `${path}/windowDays`, message: `windowDays for ${rule.indicator} is ${rule.windowDays} but the indicator is computed over ${expected} day(s)` });
    }
    if (rule.bands === null) return;
    for (const message of checkBandCoverage(rule.indicator, rule.bands, rule.edges)) out.push({ path: `${path}/bands`, message });
    rule.bands.forEach((band, j) => {
      if (band.level > maxLevel) {
        out.push({ path: `${path}/bands/${j}/level`, message: `band level ${band.level} of ${rule.indicator} is above the highest level ${maxLevel} (${rs.matrix ? 'matrix rows' : 'tiers'})` });
      }
    });
  });
}

function checkDeclared(rs: RuleSet, indicator: string, path: string, out: RuleSetProblem[]): void {
  if (!rs.indicators.some((rule) => rule.indicator === indicator)) {
    out.push({ path, message: `indicator ${indicator} is used here but not declared in "indicators"` });
  }
}

function checkCondition(rs: RuleSet, condition: Condition, path: string, out: RuleSetProblem[]): void {
  for (const comparison of listComparisons(condition)) {
    if ('indicator' in comparison) checkDeclared(rs, comparison.indicator, path, out);
  }
}

function checkAdjustments(rs: RuleSet, list: readonly Adjustment[], key: string, out: RuleSetProblem[]): void {
  const ids = new Set<string>();
  list.forEach((adj, i) => {
    const path = `/${key}/${i}`;
    if (ids.has(adj.id)) out.push({ path: `${path}/id`, message: `adjustment id "${adj.id}" is used twice` });
    ids.add(adj.id);
    checkCondition(rs, adj.when, `${path}/when`, out);
    if (adj.kind === 'raise' && adj.unless) checkCondition(rs, adj.unless, `${path}/unless`, out);
    if (adj.kind === 'notBelowPrevious' && key === 'levelAdjustments') {
      out.push({ path, message: 'a notBelowPrevious rule compares tiers; put it in tierAdjustments' });
    }
  });
  if (key === 'levelAdjustments' && list.length > 0 && rs.combine.mode !== 'maxOfBands') {
    out.push({ path: `/${key}`, message: `levelAdjustments need combine mode maxOfBands (this set uses ${rs.combine.mode})` });
  }
}

function checkMatrix(rs: RuleSet, out: RuleSetProblem[]): void {
  const m = rs.matrix;
  if (m === null) return;
  if (rs.combine.mode !== 'maxOfBands') {
    out.push({ path: '/matrix', message: `a matrix needs combine mode maxOfBands (this set uses ${rs.combine.mode})` });
    return;
  }
  const expectedColumns = 'indicator' in m.column ? ['met', 'notMet'] : ['high', 'medium', 'low'];
  if ('indicator' in m.column) checkDeclared(rs, m.column.indicator, '/matrix/column', out);
  const sortedColumns = [...m.columns].sort().join(',');
  if (sortedColumns !== [...expectedColumns].sort().join(',')) {
    out.push({ path: '/matrix/columns', message: `matrix columns must be ${expectedColumns.join(', ')} (in any order); found ${m.columns.join(', ') || 'none'}` });
  }
  const maxLevel = findMaxLevel(rs);
  if (m.cells.length !== maxLevel) {
    out.push({ path: '/matrix/cells', message: `matrix has ${m.cells.length} row(s) but the bands produce levels 1 to ${maxLevel}: it needs one row per level` });
  }
  m.cells.forEach((row, r) => {
    if (row.length !== m.columns.length) {
      out.push({ path: `/matrix/cells/${r}`, message: `matrix row ${r + 1} has ${row.length} cell(s) but there are ${m.columns.length} column(s)` });
    }
    row.forEach((id, c) => checkTierRef(rs, id, `/matrix/cells/${r}/${c}`, out));
  });
}

function checkCombine(rs: RuleSet, out: RuleSetProblem[]): void {
  const c = rs.combine;
  if (c.mode === 'maxOfBands') {
    c.indicators.forEach((name, i) => {
      const rule = rs.indicators.find((r) => r.indicator === name);
      if (!rule) checkDeclared(rs, name, `/combine/indicators/${i}`, out);
      else if (rule.bands === null) out.push({ path: `/combine/indicators/${i}`, message: `indicator ${name} is combined but has no bands` });
    });
    return;
  }
  checkTierRef(rs, c.otherwise, '/combine/otherwise', out);
  if (c.mode === 'firstMatch') {
    c.rules.forEach((rule, i) => {
      checkTierRef(rs, rule.tier, `/combine/rules/${i}/tier`, out);
      checkCondition(rs, rule.when, `/combine/rules/${i}/when`, out);
    });
    return;
  }
  c.rules.forEach((rule, i) => {
    checkTierRef(rs, rule.tier, `/combine/rules/${i}/tier`, out);
    rule.any.forEach((test, j) => {
      const path = `/combine/rules/${i}/any/${j}`;
      checkTierRef(rs, test.atLeastTier, `${path}/atLeastTier`, out);
      if (test.minSharePercent === null && test.minCount === null) {
        out.push({ path, message: 'a share test needs minSharePercent or minCount' });
      }
    });
  });
}

function rangesOverlap(aFrom: number, aTo: number | null, bFrom: number, bTo: number | null): boolean {
  return aFrom <= (bTo ?? Infinity) && bFrom <= (aTo ?? Infinity);
}

function checkDates(rs: RuleSet, existing: readonly RuleSet[], out: RuleSetProblem[]): void {
  const from = toDayNumber(rs.effectiveFrom);
  const to = rs.effectiveTo === null ? null : toDayNumber(rs.effectiveTo);
  if (from === null) out.push({ path: '/effectiveFrom', message: `"${rs.effectiveFrom}" is not a date (YYYY-MM-DD)` });
  if (rs.effectiveTo !== null && to === null) out.push({ path: '/effectiveTo', message: `"${rs.effectiveTo}" is not a date (YYYY-MM-DD)` });
  if (from === null || (rs.effectiveTo !== null && to === null)) return;
  if (to !== null && to < from) {
    out.push({ path: '/effectiveTo', message: `effectiveTo ${rs.effectiveTo} is before effectiveFrom ${rs.effectiveFrom}` });
    return;
  }
  for (const other of existing) {
    if (other.id === rs.id && other.version === rs.version) continue;
    if (other.jurisdiction !== rs.jurisdiction) continue;
    const shared = rs.levels.filter((level) => other.levels.includes(level));
    const oFrom = toDayNumber(other.effectiveFrom);
    const oTo = other.effectiveTo === null ? null : toDayNumber(other.effectiveTo);
    if (shared.length === 0 || oFrom === null || !rangesOverlap(from, to, oFrom, oTo)) continue;
    out.push({
      path: '/effectiveFrom',
      message: `effective dates ${rs.effectiveFrom} to ${rs.effectiveTo ?? 'open'} overlap rule set ${other.id} ` +
        `(${other.effectiveFrom} to ${other.effectiveTo ?? 'open'}) for the same levels (${shared.join(', ')}) in ${rs.jurisdiction}`,
    });
  }
}

/**
 * Checks a rule-set document and returns every problem found ([] = valid).
 * Shape first (RuleSetSchema); if the shape is wrong, only shape problems are
 * returned. Then: tiers (unique ids, orders 1…N), indicators (declared once,
 * window matches the catalog, bands cover [0, ∞) with no overlap or gap),
 * combine / matrix / adjustment references (declared indicators, known tier
 * ids, matrix shape = one row per level × the column set), dates
 * (effectiveTo not before effectiveFrom) and, against `existingRuleSets`,
 * effective dates overlapping another set of the same jurisdiction sharing a
 * level. A set with the same id and version as `doc` is skipped there.
 */
export function validateRuleSet(doc: unknown, existingRuleSets: readonly RuleSet[] = []): RuleSetProblem[] {
  const structural = checkRuleSetStructure(doc);
  if (structural.length > 0) return structural;
  const rs = doc as RuleSet;
  const out: RuleSetProblem[] = [];
  checkTiers(rs, out);
  checkIndicators(rs, out);
  checkCombine(rs, out);
  checkMatrix(rs, out);
  checkAdjustments(rs, rs.levelAdjustments, 'levelAdjustments', out);
  checkAdjustments(rs, rs.tierAdjustments, 'tierAdjustments', out);
  checkDates(rs, existingRuleSets, out);
  return out;
}

/**
 * Returns `doc` typed as a RuleSet if it is valid, else throws an Error
 * listing every problem (`path: message` per line). For loading shipped or
 * stored sets where a bad document is a programming or deployment error.
 */
export function parseRuleSet(doc: unknown, existingRuleSets: readonly RuleSet[] = []): RuleSet {
  const problems = validateRuleSet(doc, existingRuleSets);
  if (problems.length > 0) {
    throw new Error(`invalid rule set:\n${problems.map((p) => `${p.path}: ${p.message}`).join('\n')}`);
  }
  return doc as RuleSet;
}
