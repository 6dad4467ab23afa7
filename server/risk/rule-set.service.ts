// The rule sets in force: the shipped ones, replaced or extended by the ones a
// city stored (API or `riskmap rule-set add FILE`), each validated on the way in.
import {
  findRuleSetVersionOn, SHIPPED_RULE_SETS, sortRuleSetVersions, toDayNumber, validateRuleSet, type RuleSet, type RuleSetProblem,
} from '../../geo/risk/index.ts';
import type { Database, Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { selectStoredRuleSets, selectStoredVersions, upsertRuleSet, upsertRuleSetVersion } from './rule-set.repo.ts';

/** Shipped sets with stored ones of the same id replacing them, then the city's own sets. */
export async function listRuleSets(session: Session): Promise<RuleSet[]> {
  return ruleSetsFrom(await selectStoredRuleSets(session));
}

/** listRuleSets from the stored documents (rule_set.document, by id). */
export function ruleSetsFrom(storedDocuments: readonly unknown[]): RuleSet[] {
  const byId = new Map<string, RuleSet>(SHIPPED_RULE_SETS.map((rs) => [rs.id, rs]));
  for (const rs of storedDocuments as RuleSet[]) byId.set(rs.id, rs);
  return [...byId.values()];
}

/** Every version of every rule set by id, sorted by effectiveFrom; a set with no stored versions is its one current document. */
export async function listRuleSetVersions(session: Session): Promise<Map<string, RuleSet[]>> {
  return ruleSetVersionsFrom(await selectStoredVersions(session), await listRuleSets(session));
}

/** listRuleSetVersions from the stored versions (rule_set_version.document, by id, effective_from, version) and the sets in force. */
export function ruleSetVersionsFrom(storedVersions: readonly unknown[], ruleSets: readonly RuleSet[]): Map<string, RuleSet[]> {
  const out = new Map<string, RuleSet[]>();
  for (const rs of storedVersions as RuleSet[]) out.set(rs.id, [...(out.get(rs.id) ?? []), rs]);
  for (const rs of ruleSets) {
    const versions = out.get(rs.id) ?? [];
    if (!versions.some((v) => v.version === rs.version)) versions.push(rs);
    out.set(rs.id, sortRuleSetVersions(versions));
  }
  return out;
}

/** Picks, for a rule set and a day number, the version in force that day (findRuleSetVersionOn). */
export type VersionOn = (ruleSet: RuleSet, day: number) => RuleSet;

export function versionPicker(versions: ReadonlyMap<string, readonly RuleSet[]>): VersionOn {
  return (ruleSet, day) => findRuleSetVersionOn(versions.get(ruleSet.id) ?? [ruleSet], day) ?? ruleSet;
}

/** First days on which a rule set switches to another version (for grading far enough ahead). */
export function versionSwitchDays(versions: ReadonlyMap<string, readonly RuleSet[]>): number[] {
  return [...versions.values()].flatMap((list) => list.slice(1).map((v) => toDayNumber(v.effectiveFrom) ?? 0));
}

const isoDayBefore = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/**
 * A new version of an existing set (same id, another version string): the
 * version in force on its effectiveFrom is closed the day before; a version
 * beginning on or after it is refused. All versions are stored; rule_set
 * keeps the latest.
 */
async function saveNewVersion(session: Session, ruleSet: RuleSet, family: readonly RuleSet[]): Promise<void> {
  const later = family.find((v) => v.effectiveFrom >= ruleSet.effectiveFrom);
  if (later) {
    throw new AppError('BAD_REQUEST', `rule set ${ruleSet.id} version ${later.version} begins ${later.effectiveFrom}, not before this version's ${ruleSet.effectiveFrom}; a new version must begin after every earlier one`,
      [{ path: '/effectiveFrom', message: `must be after ${later.effectiveFrom}` }]);
  }
  for (const v of family) {
    const closed = v.effectiveTo === null || v.effectiveTo >= ruleSet.effectiveFrom ? { ...v, effectiveTo: isoDayBefore(ruleSet.effectiveFrom) } : v;
    await upsertRuleSetVersion(session, closed);
  }
  await upsertRuleSetVersion(session, ruleSet);
  await upsertRuleSet(session, ruleSet);
}

export function isShipped(id: string): boolean {
  return SHIPPED_RULE_SETS.some((rs) => rs.id === id);
}

function refuse(problems: RuleSetProblem[]): never {
  throw new AppError('BAD_REQUEST', `the rule set has ${problems.length} problem(s): ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
}

/**
 * Validates and stores a rule set. `mode` create refuses an id in use; replace
 * requires one (a shipped set may be replaced: the stored copy wins).
 */
export async function saveRuleSet(database: Database, doc: unknown, mode: 'create' | 'replace', expectedId?: string): Promise<RuleSet> {
  return database.transaction(async (session) => {
    const current = await listRuleSets(session);
    const id = (doc as { id?: unknown } | null)?.id;
    if (expectedId !== undefined && id !== expectedId) {
      throw new AppError('BAD_REQUEST', `the document's id "${String(id)}" does not match the URL's "${expectedId}"`);
    }
    const exists = current.some((rs) => rs.id === id);
    if (mode === 'create' && exists) throw new AppError('CONFLICT', `a rule set with id "${String(id)}" exists; PUT /api/rule-sets/${String(id)} to replace it`);
    if (mode === 'replace' && !exists) throw new AppError('NOT_FOUND', `no rule set with id "${String(id)}"`);
    const problems = validateRuleSet(doc, current.filter((rs) => rs.id !== id));
    if (problems.length > 0) refuse(problems);
    const ruleSet = doc as RuleSet;
    const family = (await listRuleSetVersions(session)).get(ruleSet.id) ?? [];
    if (mode === 'replace' && !family.some((v) => v.version === ruleSet.version)) {
      await saveNewVersion(session, ruleSet, family);
      return ruleSet;
    }
    const latest = family.every((v) => v.version === ruleSet.version || v.effectiveFrom <= ruleSet.effectiveFrom);
    if (latest) await upsertRuleSet(session, ruleSet);
    if (family.length > 1) await upsertRuleSetVersion(session, ruleSet);
    return ruleSet;
  });
}
