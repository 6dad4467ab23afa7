// `riskmap push [--once] [--limit N] [--retry-failed] [--json]`: one push run
// against NATIONAL_FHIR_URL. Exit 0 when the endpoint answered (even with
// rejections, which are reported); 1 when it is not configured or unreachable.
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { openConfiguredDatabase, resolveIdHashKey } from '../runtime.ts';
import { requeueFailed } from './outbox.repo.ts';
import { pushSettingsFrom, runNationalPush, type PushSummary } from './push.service.ts';

export interface PushCommandOptions {
  once?: boolean;
  limit?: string;
  retryFailed?: boolean;
  json?: boolean;
}

/** The run summary as a person reads it. */
export function describePushSummary(summary: PushSummary & { requeued: number }): string {
  const lines = [
    `Pushed to ${summary.endpoint}: ${summary.accepted} accepted, ${summary.rejected} rejected, ${summary.retrying} to retry, ${summary.failed} failed (${summary.bundles} bundles).`,
  ];
  if (summary.requeued > 0) lines.push(`${summary.requeued} records that had given up were queued again first.`);
  if (summary.rejected > 0) lines.push('Rejections and the national system\'s reasons: GET /api/national/rejections or the dashboard\'s national tool.');
  if (summary.error) lines.push(summary.error);
  return `${lines.join('\n')}\n`;
}

export async function runPushCommand(config: Config, options: PushCommandOptions): Promise<number> {
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    process.stderr.write(`riskmap push: --limit "${options.limit}" must be a whole number of at least 1\n`);
    return 2;
  }
  let settings;
  try {
    settings = pushSettingsFrom(config, await resolveIdHashKey(config));
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`riskmap push: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    const requeued = options.retryFailed ? await database.withSession((s) => requeueFailed(s)) : 0;
    const summary = { ...(await runNationalPush(database, settings, { trigger: 'cli', once: options.once ?? false, ...(limit ? { limit } : {}) })), requeued };
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else process.stdout.write(describePushSummary(summary));
    if (summary.unreachable) {
      process.stderr.write(`riskmap push: ${summary.error}\n`);
      return 1;
    }
    return 0;
  } finally {
    await database.close();
  }
}
