// Rule sets a city added or edited (shipped ones live in geo/risk/rule-sets).
import { sql } from 'kysely';
import type { RuleSet } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';
import type { Json } from '../db/database.generated.ts';

/** A document as jsonb: sent as its JSON text, cast by PostgreSQL (a JS array would otherwise go as a PostgreSQL array). */
const jsonb = (ruleSet: RuleSet) => sql<Json>`${JSON.stringify(ruleSet)}::jsonb`;

export async function selectStoredRuleSets(session: Session): Promise<unknown[]> {
  return (await session.db.selectFrom('rule_set').select('document').orderBy('id').execute()).map((r) => r.document);
}

export async function upsertRuleSet(session: Session, ruleSet: RuleSet): Promise<void> {
  await session.db.insertInto('rule_set')
    .values({ id: ruleSet.id, name: ruleSet.name.en, document: jsonb(ruleSet), effective_from: ruleSet.effectiveFrom, effective_to: ruleSet.effectiveTo })
    .onConflict((conflict) => conflict.column('id').doUpdateSet((eb) => ({
      name: eb.ref('excluded.name'), document: eb.ref('excluded.document'),
      effective_from: eb.ref('excluded.effective_from'), effective_to: eb.ref('excluded.effective_to'), updated_at: sql<Date>`now()`,
    })))
    .execute();
}

// Every stored version of every rule set (issue 14 point 5: a date is graded by the version in force).
export async function selectStoredVersions(session: Session): Promise<unknown[]> {
  return (await session.db.selectFrom('rule_set_version').select('document').orderBy('id').orderBy('effective_from').orderBy('version').execute()).map((r) => r.document);
}

export async function upsertRuleSetVersion(session: Session, ruleSet: RuleSet): Promise<void> {
  await session.db.insertInto('rule_set_version')
    .values({ id: ruleSet.id, version: ruleSet.version, document: jsonb(ruleSet), effective_from: ruleSet.effectiveFrom, effective_to: ruleSet.effectiveTo })
    .onConflict((conflict) => conflict.columns(['id', 'version']).doUpdateSet((eb) => ({
      document: eb.ref('excluded.document'), effective_from: eb.ref('excluded.effective_from'), effective_to: eb.ref('excluded.effective_to'),
    })))
    .execute();
}
