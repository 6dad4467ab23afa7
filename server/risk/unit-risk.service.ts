// Units with their tiers for the API: a level or a parent's children as
// compact columns, one unit with its full result and reasons, and history.
// Tiers come from the stored runs; a unit with no run has its baseline tier.
import { DEFAULT_RULE_SET_ID, findCoverageProblems, ratePer100kPerWeek, rollUpChildTiers, type RiskResult, type RuleSet, type UnitLevel } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { dayOf, isAssessmentDay, toIsoDate } from './days.ts';
import { listRuleSets, listRuleSetVersions, ruleSetsFrom, ruleSetVersionsFrom, versionPicker } from './rule-set.service.ts';
import { weeksOf } from './units.access.ts';
import { computeUnitResults, emptyTotals, isWeeklyAssessed, tierFromRuns } from './tier-compute.ts';
import { capacityRowsByUnit, selectUnits, toUnitInfo, type UnitInfo } from './tier.repo.ts';
import { Baselines, childRuleSetFor, selectBaselineChildren } from './tier.service.ts';
import {
  selectBaselineTree, selectChildSummaries, selectDailyCounts, selectLevelSummaries, selectRunsOfSet, selectUnit, selectUnitContext, selectUnitFacts,
  type DailyCountRow, type UnitSummaryRow,
} from './unit-risk.repo.ts';

export interface UnitColumns {
  level: string | null;
  date: string;
  ruleSetId: string;
  /** Legend: index i of `tier` below is tiers[i]; the last entry is the insufficient-data tier. */
  tiers: { id: string; label: { vi: string; en: string }; colour: string }[];
  id: number[];
  tier: number[];
  population: (number | null)[];
  communityCases14d: number[];
  cases7d: number[];
  casesPer100kPerWeek: (number | null)[];
  coverage1Dose18: (number | null)[];
}

export async function findRuleSet(session: Session, id: string | undefined): Promise<{ ruleSet: RuleSet; all: RuleSet[] }> {
  return pickRuleSet(await listRuleSets(session), id);
}

function pickRuleSet(all: RuleSet[], id: string | undefined): { ruleSet: RuleSet; all: RuleSet[] } {
  const ruleSet = all.find((rs) => rs.id === (id ?? DEFAULT_RULE_SET_ID));
  if (!ruleSet) throw new AppError('NOT_FOUND', `no rule set with id "${id}"; GET /api/rule-sets lists them`);
  return { ruleSet, all };
}

async function baselinesFor(session: Session, rows: readonly { id: number }[], ruleSet: RuleSet, all: RuleSet[]): Promise<{ baselines: Baselines; units: Map<number, UnitInfo> }> {
  const ids = rows.map((r) => r.id);
  const units = new Map((await selectUnits(session, ids)).map((u) => [u.id, u]));
  const byParent = ruleSet.combine.mode === 'childShares' ? await selectBaselineChildren(session, ids, all) : new Map<number, UnitInfo[]>();
  return { baselines: new Baselines(all, (id) => byParent.get(id) ?? []), units };
}

const round = (value: number | null, places: number) => (value === null ? null : Number(value.toFixed(places)));

async function toColumns(session: Session, rows: UnitSummaryRow[], level: string | null, date: string, ruleSet: RuleSet, all: RuleSet[]): Promise<UnitColumns> {
  const legend = [...[...ruleSet.tiers].sort((a, b) => a.order - b.order), ruleSet.insufficientTier]
    .map((t) => ({ id: t.id, label: t.label, colour: t.colour }));
  const index = new Map(legend.map((t, i) => [t.id, i]));
  const missing = rows.filter((r) => r.tier === null && ruleSet.levels.includes(r.level as UnitLevel));
  const { baselines, units } = missing.length > 0 ? await baselinesFor(session, missing, ruleSet, all) : { baselines: null, units: new Map() };
  const tierOf = (r: UnitSummaryRow): number => {
    if (!ruleSet.levels.includes(r.level as UnitLevel)) return -1;
    const id = r.tier ?? (baselines && units.get(r.id) ? baselines.tierOf(units.get(r.id) as UnitInfo, ruleSet) : null);
    return id === null ? -1 : (index.get(id) ?? -1);
  };
  return {
    level, date, ruleSetId: ruleSet.id, tiers: legend,
    id: rows.map((r) => r.id),
    tier: rows.map(tierOf),
    population: rows.map((r) => r.population),
    communityCases14d: rows.map((r) => r.community14),
    cases7d: rows.map((r) => r.all7),
    casesPer100kPerWeek: rows.map((r) => round(ratePer100kPerWeek(r.community14, r.population, 2), 1)),
    coverage1Dose18: rows.map((r) => round(r.population_18plus && r.population_18plus > 0 ? r.dose1_18 / r.population_18plus : null, 3)),
  };
}

/** Every unit of a level with its tier (index into the legend; -1 = the set does not grade this level) and key indicators. */
export async function listLevelUnits(session: Session, level: UnitLevel, date: string, ruleSetId?: string): Promise<UnitColumns> {
  const { ruleSet, all } = await findRuleSet(session, ruleSetId);
  return toColumns(session, await selectLevelSummaries(session, level, date, ruleSet.id), level, date, ruleSet, all);
}

export type ChildSort = 'tier' | 'cases' | 'name' | 'id';

/** Children of a unit, riskiest first by default. */
export async function listChildUnits(session: Session, parentId: number, date: string, ruleSetId: string | undefined, sort: ChildSort) {
  const { ruleSet, all } = await findRuleSet(session, ruleSetId);
  if (!(await selectUnit(session, parentId))) throw new AppError('NOT_FOUND', `no unit ${parentId}`);
  const rows = await selectChildSummaries(session, parentId, date, ruleSet.id);
  const columns = await toColumns(session, rows, null, date, ruleSet, all);
  const items = rows.map((r, i) => ({
    id: r.id, code: r.code, name: r.name, level: r.level, population: r.population,
    tier: columns.tiers[columns.tier[i] ?? -1]?.id ?? null, tierIndex: columns.tier[i] ?? -1,
    communityCases14d: r.community14, cases7d: r.all7, casesPer100kPerWeek: columns.casesPer100kPerWeek[i] ?? null,
  }));
  const order = (x: (typeof items)[number]) => (x.tierIndex === columns.tiers.length - 1 ? -0.5 : x.tierIndex);
  items.sort((a, b) => sort === 'tier' ? order(b) - order(a) || b.cases7d - a.cases7d || a.id - b.id
    : sort === 'cases' ? b.communityCases14d - a.communityCases14d || a.id - b.id
      : sort === 'name' ? a.name.localeCompare(b.name, 'vi') : a.id - b.id);
  return { date, ruleSetId: ruleSet.id, tiers: columns.tiers, children: items };
}

/** Stored runs as tierFromRuns reads them: by rule set, sorted by day. */
function runsBySet(rows: readonly { rule_set_id: string; day: number; tier: string }[]): Map<string, { day: number; tier: string }[]> {
  const out = new Map<string, { day: number; tier: string }[]>();
  for (const r of rows) out.set(r.rule_set_id, [...(out.get(r.rule_set_id) ?? []), { day: r.day, tier: r.tier }]);
  return out;
}

/**
 * One unit on a date: its figures, tier with reasons and summary under a rule set, and its recent history.
 * Three statements (unit and rule sets; what is recorded about the unit; the children its baseline rolls up),
 * each piece read as the statement it replaces reads it.
 */
export async function describeUnit(session: Session, unitId: number, date: string, ruleSetId?: string) {
  const context = await selectUnitContext(session, unitId);
  const row = context.unit;
  if (!row) throw new AppError('NOT_FOUND', `no unit ${unitId}`);
  const { ruleSet, all } = pickRuleSet(ruleSetsFrom(context.rule_sets), ruleSetId);
  if (!ruleSet.levels.includes(row.level as UnitLevel)) {
    throw new AppError('RULE_SET_LEVEL_NOT_GRADED', `rule set ${ruleSet.id} grades ${ruleSet.levels.join(', ')}, not a ${row.level}`, { ruleSetId: ruleSet.id, levels: ruleSet.levels, level: row.level });
  }
  const day = dayOf(date);
  const historyFrom = toIsoDate(day - 27);
  const rollUps = ruleSet.combine.mode === 'childShares';
  const facts = await selectUnitFacts(session, unitId, date, historyFrom);
  const tree = await selectBaselineTree(session, unitId, [...new Set(all.filter((rs) => rs.combine.mode === 'childShares').flatMap((rs) => rs.levels))], rollUps);
  const versions = ruleSetVersionsFrom(context.versions, all);

  // The tier on the date: a roll-up of the children's tiers, or the unit's own figures graded.
  const unit = toUnitInfo({ ...row, level: row.level as UnitLevel });
  const byParent = new Map<number, UnitInfo[]>();
  for (const child of tree) byParent.set(child.parent_id as number, [...(byParent.get(child.parent_id as number) ?? []), toUnitInfo(child)]);
  const baselines = new Baselines(all, (id) => byParent.get(id) ?? []);
  const runs = runsBySet(facts.runs);
  let result: RiskResult;
  let indicators: Record<string, number | null> | null;
  if (rollUps) {
    const childRuns = new Map(tree.filter((c) => c.runs !== null).map((c) => [c.id, runsBySet(c.runs ?? [])]));
    const tiers = (byParent.get(unitId) ?? []).map((c) => {
      const set = childRuleSetFor(ruleSet, c.level, all);
      return { unitId: String(c.id), tier: set ? tierFromRuns(childRuns.get(c.id)?.get(set.id) ?? [], day, baselines.tierOf(c, set)) : null };
    });
    result = rollUpChildTiers(ruleSet, tiers);
    indicators = null;
  } else {
    const computed = computeUnitResults([ruleSet], {
      fromDay: day, toDay: day, population: unit.population,
      rows: facts.rollups,
      prefix: facts.prefix ?? emptyTotals(),
      capacities: capacityRowsByUnit(facts.capacities).get(unitId) ?? [],
      tierBefore: (rs, d) => tierFromRuns(runs.get(rs.id) ?? [], d, baselines.tierOf(unit, rs)),
      versionOn: versionPicker(versions),
    });
    result = computed.results.get(ruleSet.id)?.[0] as RiskResult;
    indicators = computed.indicatorsByDay[0] ?? null;
  }
  const standing = facts.standing;
  return {
    unit: { id: row.id, code: row.code, name: row.name, level: row.level, parentId: row.parent_id, population: row.population,
      population18Plus: row.population_18plus, population50Plus: row.population_50plus, population65Plus: row.population_65plus },
    date, ruleSetId: ruleSet.id, ruleSetVersion: result.ruleSetVersion, weekly: isWeeklyAssessed(ruleSet),
    tier: { id: result.tier, order: result.tierOrder, label: result.tierLabel, colour: result.colour, insufficientData: result.insufficientData },
    summary: result.summary, reasons: result.reasons, indicators,
    standing: { activeCases: standing.active_cases, atLeastOneDose: standing.dose1, fullyVaccinated: standing.full, booster: standing.booster,
      pendingRetest: standing.pending_retest },
    dataProblems: findCoverageProblems(standing.dose1 === 0 ? null : {
      atLeastOneDose: { total: standing.dose1_people, age18Plus: standing.dose1_18plus, age50Plus: null, age65Plus: null },
      fullyVaccinated: { total: standing.full_people, age18Plus: standing.full_18plus, age50Plus: standing.full_50plus, age65Plus: standing.full_65plus },
      booster: { total: null, age18Plus: standing.booster_18plus, age50Plus: null, age65Plus: null },
    }, { total: row.population, age18Plus: row.population_18plus, age50Plus: row.population_50plus, age65Plus: row.population_65plus }),
    freshness: { lastDataDay: facts.last_data_day },
    history: composeHistory({
      ruleSet, versions, from: historyFrom, to: date, assessment: 'daily', baseline: baselines.tierOf(unit, ruleSet),
      runs: facts.runs.filter((r) => r.rule_set_id === ruleSet.id), counts: facts.counts,
    }),
  };
}

/** Daily (or weekly-assessment) tiers and counts of a unit between two dates, inclusive. */
export async function describeHistory(session: Session, unitId: number, from: string, to: string, ruleSetId: string | undefined, assessment: 'daily' | 'weekly') {
  const row = await selectUnit(session, unitId);
  if (!row) throw new AppError('NOT_FOUND', `no unit ${unitId}`);
  const { ruleSet, all } = await findRuleSet(session, ruleSetId);
  const [first, last] = [dayOf(from), dayOf(to)];
  if (last < first || last - first > 3660) throw new AppError('BAD_REQUEST', 'history needs from ≤ to, at most 10 years apart');
  const runs = await selectRunsOfSet(session, unitId, ruleSet.id);
  const [unit] = await selectUnits(session, [unitId]);
  const { baselines } = await baselinesFor(session, [{ id: unitId }], ruleSet, all);
  const baseline = baselines.tierOf(unit as UnitInfo, ruleSet);
  const versions = await listRuleSetVersions(session);
  const counts = await selectDailyCounts(session, unitId, from, to);
  return composeHistory({ ruleSet, versions, from, to, assessment, baseline, runs, counts });
}

interface HistoryInputs {
  ruleSet: RuleSet;
  versions: Map<string, RuleSet[]>;
  from: string;
  to: string;
  assessment: 'daily' | 'weekly';
  baseline: string;
  /** The set's stored runs by day. */
  runs: readonly { day: number; date: string; tier: string; rule_set_version: string | null }[];
  counts: readonly DailyCountRow[];
}

/** A unit's history from its runs and daily counts. */
function composeHistory({ ruleSet, versions, from, to, assessment, baseline, runs, counts: rows }: HistoryInputs) {
  const [first, last] = [dayOf(from), dayOf(to)];
  // Each day says which version graded it when the set has several (rule sets apply as dated).
  const versioned = (versions.get(ruleSet.id)?.length ?? 0) > 1;
  const versionOn = versionPicker(versions);
  const days: { date: string; tier: string; ruleSetVersion?: string }[] = [];
  for (let d = first; d <= last; d++) {
    if (assessment === 'weekly' && !isAssessmentDay(d)) continue;
    days.push({ date: toIsoDate(d), tier: tierFromRuns(runs, d, baseline), ...(versioned ? { ruleSetVersion: versionOn(ruleSet, d).version } : {}) });
  }
  const counts = rows
    .map((c) => ({ date: c.date, cases: c.cases, communityCases: c.cases_community, tests: c.tests, positives: c.positives, doses: c.doses }));
  const byDay = new Map(counts.map((c) => [dayOf(c.date) - first, c]));
  const weeks = weeksOf(from, last - first + 1, (series, a, b) => {
    let sum = 0;
    for (let i = a; i <= b; i++) sum += byDay.get(i)?.[series] ?? 0;
    return sum;
  });
  return { ruleSetId: ruleSet.id, from, to, assessment, baselineTier: baseline, runs: runs.map((r) => ({ from: r.date, tier: r.tier, ...(versioned && r.rule_set_version ? { ruleSetVersion: r.rule_set_version } : {}) })), days, counts, weeks };
}
