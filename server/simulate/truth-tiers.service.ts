// `riskmap simulate --report`, tiers: the share of graded units whose
// published tier equals the tier the simulator's true events give. The truth
// side builds day rows from the truth summary (geo/simulate/truth-summary.ts:
// true cases with their true households, true vaccination milestones), never
// from the database's events, and grades them with the same pure engine
// (server/risk/tier-compute.ts → geo/risk), the same rule set versions in force
// each day, the same capacity inputs and the same unit populations (census
// denominators, so only the events differ). The published side is the stored
// runs (unit_tier) the API serves, the baseline where a unit has none.
import type { RuleSet, UnitLevel } from '../../geo/risk/index.ts';
import type { TruthSummary } from '../../geo/simulate/truth-summary.ts';
import type { Database } from '../db/database.ts';
import { dayOf } from '../risk/days.ts';
import { listRuleSets, listRuleSetVersions, versionPicker } from '../risk/rule-set.service.ts';
import {
  computeRollUpResults, computeUnitResults, emptyTotals, tierFromRuns, type RollupRow, type RollupValues,
} from '../risk/tier-compute.ts';
import { selectAllUnits, selectCapacities, selectRuns, type UnitInfo } from '../risk/tier.repo.ts';
import { Baselines, childRuleSetFor } from '../risk/tier.service.ts';
import { VALUE_COLUMNS, type ValueColumn } from '../aggregate/rollup-sql.ts';

const LEVELS: readonly UnitLevel[] = ['city', 'district', 'ward', 'neighbourhood', 'block'];
const LEVELS_BOTTOM_UP: readonly UnitLevel[] = ['block', 'neighbourhood', 'ward', 'district', 'city'];

/**
 * Rule sets the truth can grade: their indicators need only cases by
 * classification, case households and vaccination (the truth summary holds
 * no test counts, severity or deaths, so CDC's positivity and MoH 218 are not compared).
 */
export const TRUTH_GRADED_RULE_SETS = ['moh-4800', 'hcmc-2716', 'harvard-ghi', 'moh-2686-rollup'] as const;

export interface TierAgreement {
  ruleSetId: string;
  level: UnitLevel;
  units: number;
  /** Every (unit, day) of the run, startDate … endDate. */
  allDays: { pairs: number; equal: number; share: number | null; publishedHigher: number; publishedLower: number };
  /** The end date only. */
  lastDay: { units: number; equal: number; share: number | null };
  /** Worst mismatching pairs (a few, for the report), published vs true tier. */
  examples: Array<{ unit: string; day: string; published: string; true: string }>;
}

const zeroRow = (day: number): RollupRow => ({ day, ...(Object.fromEntries(VALUE_COLUMNS.map((c) => [c, 0])) as RollupValues) });

/** Day rows per unit code from the truth alone. Exported for the tests. */
export function buildTruthRows(truth: TruthSummary, cityCode: string): Map<string, Map<number, RollupRow>> {
  const rows = new Map<string, Map<number, RollupRow>>();
  const add = (code: string, day: number, column: ValueColumn, n = 1) => {
    let byDay = rows.get(code);
    if (!byDay) rows.set(code, (byDay = new Map()));
    let row = byDay.get(day);
    if (!row) byDay.set(day, (row = zeroRow(day)));
    row[column] += n;
  };
  const endDay = dayOf(truth.endDate);
  // Cases by classification, on their sample day.
  const householdDays = new Map<string, Map<string, Set<number>>>();
  for (const c of truth.cases) {
    const day = dayOf(c.day);
    const column: ValueColumn = c.classification === 'community' ? 'cases_community' : c.classification === 'imported' ? 'cases_imported' : 'cases_quarantine';
    for (const code of [cityCode, ...c.units]) {
      add(code, day, column);
      const byHousehold = householdDays.get(code) ?? new Map<string, Set<number>>();
      householdDays.set(code, byHousehold);
      byHousehold.set(c.household, (byHousehold.get(c.household) ?? new Set<number>()).add(day));
    }
  }
  // Case households (Plan 2716, the plan's text): households with a case on the day, and households with a case in the
  // last 7 / 14 days counted directly, entered as the day-to-day change of that count.
  for (const [code, byHousehold] of householdDays) {
    const onDay = new Map<number, number>();
    for (const days of byHousehold.values()) for (const d of days) onDay.set(d, (onDay.get(d) ?? 0) + 1);
    for (const [d, n] of onDay) add(code, d, 'case_households_new', n);
    for (const windowDays of [7, 14] as const) {
      const inWindow = new Map<number, number>();
      for (const days of byHousehold.values()) {
        const covered = new Set<number>();
        for (const d of days) for (let k = 0; k < windowDays; k++) covered.add(d + k);
        for (const d of covered) inWindow.set(d, (inWindow.get(d) ?? 0) + 1);
      }
      const first = Math.min(...inWindow.keys());
      const last = Math.max(...inWindow.keys()) + 1;
      let before = 0;
      for (let d = first; d <= last; d++) {
        const now = inWindow.get(d) ?? 0;
        if (now > before) add(code, d, `case_households_in${windowDays}_new`, now - before);
        if (now < before) add(code, d, `case_households_in${windowDays}_left`, before - now);
        before = now;
      }
    }
  }
  // Vaccination milestones, and the day each enters an age band (age on the date shown).
  const bandDay = (milestone: string, birthDate: string, years: number): number => {
    const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
    // A 29 February birthday is reached on 1 March in a common year, as PostgreSQL's date + interval gives 28 February: use its rule.
    const birthday = new Date(Date.UTC(y + years, m - 1, d));
    const iso = birthday.getUTCMonth() === m - 1 ? birthday.toISOString().slice(0, 10) : new Date(Date.UTC(y + years, m, 0)).toISOString().slice(0, 10);
    return Math.max(dayOf(milestone), dayOf(iso));
  };
  for (const v of truth.vaccinated) {
    for (const [milestone, prefix] of [[v.dose1, 'dose1'], [v.full, 'full'], [v.booster, 'booster']] as const) {
      if (milestone === null) continue;
      for (const code of [cityCode, ...v.units]) {
        add(code, dayOf(milestone), `${prefix}_people`);
        for (const years of [18, 50, 65] as const) {
          const day = bandDay(milestone, v.birthDate, years);
          if (day <= endDay) add(code, day, `${prefix}_${years}plus`);
        }
      }
    }
  }
  return rows;
}

/**
 * Published against true tiers, per rule set the truth can grade and level it
 * grades: every (unit, day) of the run and the end date.
 */
export async function compareTiers(database: Database, truth: TruthSummary, ruleSetIds: readonly string[] = TRUTH_GRADED_RULE_SETS): Promise<TierAgreement[]> {
  const startDay = dayOf(truth.startDate);
  const endDay = dayOf(truth.endDate);
  const loaded = await database.withSession(async (s) => {
    const units = await selectAllUnits(s);
    const ids = units.map((u) => u.id);
    return {
      units, codes: await s.query<{ id: number; code: string }>('SELECT id, code FROM unit'),
      ruleSets: await listRuleSets(s), versions: await listRuleSetVersions(s), capacities: await selectCapacities(s, ids), runs: await selectRuns(s, ids),
    };
  });
  const { units, ruleSets, capacities, runs } = loaded;
  const codeOf = new Map(loaded.codes.map((r) => [r.id, r.code]));
  const versionOn = versionPicker(loaded.versions);
  const children = new Map<number, UnitInfo[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const baselines = new Baselines(ruleSets, (id) => children.get(id) ?? []);
  const city = units.find((u) => u.level === 'city');
  const truthRows = buildTruthRows(truth, city ? (codeOf.get(city.id) ?? 'city') : 'city');
  const compared = ruleSets.filter((rs) => ruleSetIds.includes(rs.id));

  // True tiers per unit and rule set, one per day from startDay, bottom-up so roll-up sets see their children's true tiers.
  const trueTiers = new Map<number, Map<string, string[]>>();
  const trueTierOn = (unit: UnitInfo, rs: RuleSet, day: number): string =>
    day < startDay ? baselines.tierOf(unit, rs) : trueTiers.get(unit.id)?.get(rs.id)?.[day - startDay] ?? baselines.tierOf(unit, rs);
  const needed = new Set<string>(compared.map((rs) => rs.id));
  for (const rs of compared) for (const level of rs.levels) for (const u of units) if (u.level === level && rs.combine.mode === 'childShares') {
    for (const c of children.get(u.id) ?? []) { const set = childRuleSetFor(rs, c.level, ruleSets); if (set) needed.add(set.id); }
  }
  const graded = ruleSets.filter((rs) => needed.has(rs.id));
  for (const level of LEVELS_BOTTOM_UP) {
    for (const unit of units) {
      if (unit.level !== level) continue;
      const sets = graded.filter((rs) => rs.levels.includes(level));
      const own = sets.filter((rs) => rs.combine.mode !== 'childShares');
      const rows = [...(truthRows.get(codeOf.get(unit.id) ?? '')?.values() ?? [])].filter((r) => r.day <= endDay).sort((a, b) => a.day - b.day);
      const prefix = emptyTotals();
      const before = rows.filter((r) => r.day < startDay - 14);
      for (const r of before) for (const c of Object.keys(prefix) as (keyof typeof prefix)[]) prefix[c] += r[c];
      const computed = computeUnitResults(own, {
        fromDay: startDay, toDay: endDay, population: unit.population, rows: rows.filter((r) => r.day >= startDay - 14), prefix,
        capacities: capacities.get(unit.id) ?? [], tierBefore: (rs) => baselines.tierOf(unit, rs), summaries: false, versionOn,
      });
      const bySet = new Map<string, string[]>();
      for (const rs of own) bySet.set(rs.id, (computed.results.get(rs.id) ?? []).map((r) => r.tier));
      for (const rs of sets.filter((s) => s.combine.mode === 'childShares')) {
        const kids = (children.get(unit.id) ?? []).map((c) => ({ c, set: childRuleSetFor(rs, c.level, ruleSets) }));
        bySet.set(rs.id, computeRollUpResults(rs, startDay, endDay, (day) => kids.map(({ c, set }) => (set ? trueTierOn(c, set, day) : null))).map((r) => r.tier));
      }
      trueTiers.set(unit.id, bySet);
    }
  }

  const out: TierAgreement[] = [];
  for (const rs of compared) {
    const order = new Map(rs.tiers.map((t) => [t.id, t.order]));
    for (const level of LEVELS) {
      if (!rs.levels.includes(level)) continue;
      const atLevel = units.filter((u) => u.level === level);
      const a: TierAgreement = {
        ruleSetId: rs.id, level, units: atLevel.length,
        allDays: { pairs: 0, equal: 0, share: null, publishedHigher: 0, publishedLower: 0 }, lastDay: { units: 0, equal: 0, share: null }, examples: [],
      };
      for (const unit of atLevel) {
        const stored = runs.get(unit.id)?.get(rs.id) ?? [];
        const baseline = baselines.tierOf(unit, rs);
        for (let d = startDay; d <= endDay; d++) {
          const published = tierFromRuns(stored, d, baseline);
          const trueTier = trueTierOn(unit, rs, d);
          a.allDays.pairs += 1;
          if (d === endDay) a.lastDay.units += 1;
          if (published === trueTier) {
            a.allDays.equal += 1;
            if (d === endDay) a.lastDay.equal += 1;
            continue;
          }
          if ((order.get(published) ?? 0) > (order.get(trueTier) ?? 0)) a.allDays.publishedHigher += 1;
          else a.allDays.publishedLower += 1;
          if (a.examples.length < 5) a.examples.push({ unit: codeOf.get(unit.id) ?? String(unit.id), day: new Date(d * 86_400_000).toISOString().slice(0, 10), published, true: trueTier });
        }
      }
      a.allDays.share = a.allDays.pairs > 0 ? a.allDays.equal / a.allDays.pairs : null;
      a.lastDay.share = a.lastDay.units > 0 ? a.lastDay.equal / a.lastDay.units : null;
      out.push(a);
    }
  }
  return out;
}
