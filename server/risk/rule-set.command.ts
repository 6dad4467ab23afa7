// `riskmap rule-set add FILE`: validate, store (replacing the same id), regrade.
import fs from 'node:fs/promises';
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { openConfiguredDatabase } from '../runtime.ts';
import { rebuildTiersOnly } from '../aggregate/aggregate.service.ts';
import { listRuleSets, saveRuleSet } from './rule-set.service.ts';

export async function runAddRuleSet(config: Config, file: string): Promise<number> {
  let doc: unknown;
  try {
    doc = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    process.stderr.write(`riskmap: cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    const id = (doc as { id?: unknown } | null)?.id;
    const exists = (await database.withSession(listRuleSets)).some((rs) => rs.id === id);
    const saved = await saveRuleSet(database, doc, exists ? 'replace' : 'create');
    await rebuildTiersOnly(database, {}, saved.id);
    process.stdout.write(`${exists ? 'Replaced' : 'Added'} rule set ${saved.id} (version ${saved.version}) and regraded every unit.\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const problems = Array.isArray(error.details) ? (error.details as { path: string; message: string }[]) : [];
    process.stderr.write(`riskmap: ${problems.length > 0 ? `${file} has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}` : error.message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}
