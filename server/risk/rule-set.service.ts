// The rule sets in force: the shipped ones, replaced or extended by the ones a
// city stored (API or `riskmap rule-set add FILE`), each validated on the way in.
import { SHIPPED_RULE_SETS, validateRuleSet, type RuleSet, type RuleSetProblem } from '../../geo/risk/index.ts';
import type { Database, Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { selectStoredRuleSets, upsertRuleSet } from './rule-set.repo.ts';

/** Shipped sets with stored ones of the same id replacing them, then the city's own sets. */
export async function listRuleSets(session: Session): Promise<RuleSet[]> {
  const stored = (await selectStoredRuleSets(session)) as RuleSet[];
  const byId = new Map<string, RuleSet>(SHIPPED_RULE_SETS.map((rs) => [rs.id, rs]));
  for (const rs of stored) byId.set(rs.id, rs);
  return [...byId.values()];
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
    await upsertRuleSet(session, ruleSet);
    return ruleSet;
  });
}
