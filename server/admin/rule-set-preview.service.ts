// "What would this rule set do?" before it is saved: validate it (every
// problem with its place), then grade the city with it inside a transaction
// that is rolled back, and count per level the units whose tier on the date
// differs from the rule set it is compared with (the stored version of the
// same id, else the default). Nothing is written.
import { DEFAULT_RULE_SET_ID, validateRuleSet, type RuleSet, type RuleSetProblem } from '../../geo/risk/index.ts';
import { takeRefreshLock } from '../aggregate/rollup.repo.ts';
import type { Database, Session } from '../db/database.ts';
import { upsertRuleSet } from '../risk/rule-set.repo.ts';
import { listRuleSets } from '../risk/rule-set.service.ts';
import { Baselines, recomputeTiers } from '../risk/tier.service.ts';
import { selectAllUnits, selectDataUnits, type UnitInfo } from '../risk/tier.repo.ts';

export interface LevelChange {
  level: string;
  /** Units of the level graded by either rule set on the date (baseline tiers included). */
  units: number;
  changed: number;
  /** Changed to a higher (lower) tier order. */
  raised: number;
  lowered: number;
}

export type PreviewResult =
  | { valid: false; problems: RuleSetProblem[] }
  | { valid: true; ruleSetId: string; comparedWith: string; replaces: boolean; date: string; levels: LevelChange[] };

const TIERS_AT = `
SELECT DISTINCT ON (t.unit_id) t.unit_id, u.level, t.tier, t.tier_order
FROM unit_tier t JOIN unit u ON u.id = t.unit_id
WHERE t.rule_set_id = $1 AND t.day <= $2::date
ORDER BY t.unit_id, t.day DESC`;
const LEVEL_ORDER = ['city', 'district', 'ward', 'neighbourhood', 'block'];
const CHUNK_UNITS = 2000;

type TierAt = { level: string; tier: string; order: number | null };

/**
 * Every graded unit's tier on the date: its run, else (no run: nothing on
 * record moved it) its baseline, as the map shows it.
 */
async function tiersAt(session: Session, ruleSet: RuleSet | undefined, date: string, units: readonly UnitInfo[], ruleSets: readonly RuleSet[]): Promise<Map<number, TierAt>> {
  const out = new Map<number, TierAt>();
  if (!ruleSet) return out;
  const rows = await session.query<{ unit_id: number; level: string; tier: string; tier_order: number | null }>(TIERS_AT, [ruleSet.id, date]);
  for (const r of rows) out.set(r.unit_id, { level: r.level, tier: r.tier, order: r.tier_order });
  const children = new Map<number, UnitInfo[]>();
  for (const u of units) if (u.parentId !== null) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u]);
  const baselines = new Baselines(ruleSets, (id) => children.get(id) ?? []);
  for (const unit of units) {
    if (out.has(unit.id) || !ruleSet.levels.includes(unit.level)) continue;
    const tier = baselines.tierOf(unit, ruleSet);
    out.set(unit.id, { level: unit.level, tier, order: ruleSet.tiers.find((t) => t.id === tier)?.order ?? null });
  }
  return out;
}

class RolledBack extends Error {
  constructor(readonly result: PreviewResult) {
    super('preview rolled back');
  }
}

/** Counts tier changes per level between two gradings (same id: by tier; different ids: by tier order). */
export function countChanges(before: ReadonlyMap<number, TierAt>, after: ReadonlyMap<number, TierAt>, sameId: boolean): LevelChange[] {
  const byLevel = new Map<string, LevelChange>();
  for (const unitId of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(unitId);
    const a = after.get(unitId);
    const level = (a ?? b)!.level;
    const entry = byLevel.get(level) ?? { level, units: 0, changed: 0, raised: 0, lowered: 0 };
    entry.units++;
    const differs = sameId ? b?.tier !== a?.tier : (b?.order ?? null) !== (a?.order ?? null);
    if (differs) {
      entry.changed++;
      if ((a?.order ?? 0) > (b?.order ?? 0)) entry.raised++;
      else if ((a?.order ?? 0) < (b?.order ?? 0)) entry.lowered++;
    }
    byLevel.set(level, entry);
  }
  return [...byLevel.values()].sort((x, y) => LEVEL_ORDER.indexOf(x.level) - LEVEL_ORDER.indexOf(y.level));
}

export async function previewRuleSet(database: Database, doc: unknown, date: string, compareWith?: string): Promise<PreviewResult> {
  try {
    return await database.transaction(async (session) => {
      const current = await listRuleSets(session);
      const id = (doc as { id?: unknown } | null)?.id;
      const problems = validateRuleSet(doc, current.filter((rs) => rs.id !== id));
      if (problems.length > 0) return { valid: false, problems };
      const ruleSet = doc as RuleSet;
      const replaces = current.some((rs) => rs.id === ruleSet.id);
      const comparedWith = compareWith ?? (replaces ? ruleSet.id : DEFAULT_RULE_SET_ID);
      await takeRefreshLock(session);
      const all = await selectAllUnits(session);
      const before = await tiersAt(session, current.find((rs) => rs.id === comparedWith), date, all, current);
      await upsertRuleSet(session, ruleSet);
      const units = await selectDataUnits(session);
      for (let i = 0; i < units.length; i += CHUNK_UNITS) {
        await recomputeTiers(session, new Map(units.slice(i, i + CHUNK_UNITS).map((u) => [u.unitId, u.fromDay])));
      }
      const after = await tiersAt(session, ruleSet, date, all, await listRuleSets(session));
      throw new RolledBack({ valid: true, ruleSetId: ruleSet.id, comparedWith, replaces, date, levels: countChanges(before, after, comparedWith === ruleSet.id) });
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result;
    throw error;
  }
}
