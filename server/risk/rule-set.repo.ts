// Rule sets a city added or edited (shipped ones live in geo/risk/rule-sets).
import type { RuleSet } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';

const SELECT_STORED = `SELECT document FROM rule_set ORDER BY id`;

const UPSERT = `
INSERT INTO rule_set (id, name, document, effective_from, effective_to)
VALUES ($1, $2, $3::jsonb, $4::date, $5::date)
ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, document = EXCLUDED.document,
  effective_from = EXCLUDED.effective_from, effective_to = EXCLUDED.effective_to, updated_at = now()`;

export async function selectStoredRuleSets(session: Session): Promise<unknown[]> {
  return (await session.query<{ document: unknown }>(SELECT_STORED)).map((r) => r.document);
}

export async function upsertRuleSet(session: Session, ruleSet: RuleSet): Promise<void> {
  await session.query(UPSERT, [ruleSet.id, ruleSet.name.en, JSON.stringify(ruleSet), ruleSet.effectiveFrom, ruleSet.effectiveTo]);
}

// Every stored version of every rule set (issue 14 point 5: a date is graded by the version in force).
const SELECT_VERSIONS = `SELECT document FROM rule_set_version ORDER BY id, effective_from, version`;
const UPSERT_VERSION = `
INSERT INTO rule_set_version (id, version, document, effective_from, effective_to)
VALUES ($1, $2, $3::jsonb, $4::date, $5::date)
ON CONFLICT (id, version) DO UPDATE SET document = EXCLUDED.document, effective_from = EXCLUDED.effective_from,
  effective_to = EXCLUDED.effective_to`;

export async function selectStoredVersions(session: Session): Promise<unknown[]> {
  return (await session.query<{ document: unknown }>(SELECT_VERSIONS)).map((r) => r.document);
}

export async function upsertRuleSetVersion(session: Session, ruleSet: RuleSet): Promise<void> {
  await session.query(UPSERT_VERSION, [ruleSet.id, ruleSet.version, JSON.stringify(ruleSet), ruleSet.effectiveFrom, ruleSet.effectiveTo]);
}
