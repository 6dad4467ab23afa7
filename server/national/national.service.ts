// The push report: counts by status, the last run, rejections with their
// OperationOutcome issues, shaped for the API in one place.
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { countByStatus, findLastRun, listRejected, type RunRow } from './national.repo.ts';
import type { RejectionBody, StatusBody } from './national.schemas.ts';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function shapeRun(run: RunRow | null): StatusBody['lastRun'] {
  if (!run) return null;
  return {
    id: run.id, endpoint: run.endpoint, trigger: run.trigger, startedAt: iso(run.started_at) as string, finishedAt: iso(run.finished_at),
    bundles: run.bundles, accepted: run.accepted, rejected: run.rejected, retrying: run.retrying, failed: run.failed, error: run.error,
  };
}

export async function describePushStatus(database: Database, config: Config): Promise<StatusBody> {
  const { rows, run } = await database.withSession(async (s) => ({ rows: await countByStatus(s), run: await findLastRun(s) }));
  const counts = { pending: 0, held: 0, sending: 0, sent: 0, rejected: 0, failed: 0, superseded: 0 };
  let oldest: Date | string | null = null;
  for (const row of rows) {
    if (row.status in counts) counts[row.status as keyof typeof counts] = row.n;
    if ((row.status === 'pending' || row.status === 'held' || row.status === 'sending') && row.oldest !== null) {
      if (oldest === null || new Date(row.oldest) < new Date(oldest)) oldest = row.oldest;
    }
  }
  return { configured: config.national.url !== null, endpoint: config.national.url, counts, oldestPendingAt: iso(oldest), lastRun: shapeRun(run) };
}

interface StoredIssue {
  severity?: unknown;
  code?: unknown;
  diagnostics?: unknown;
  expression?: unknown;
  details?: { text?: unknown };
}

function shapeIssues(outcome: unknown): RejectionBody['issues'] {
  const issues = (outcome as { issue?: unknown } | null)?.issue;
  if (!Array.isArray(issues)) return [];
  return (issues as StoredIssue[]).map((i) => ({
    severity: typeof i.severity === 'string' ? i.severity : 'error',
    code: typeof i.code === 'string' ? i.code : 'unknown',
    diagnostics: typeof i.diagnostics === 'string' ? i.diagnostics : typeof i.details?.text === 'string' ? i.details.text : null,
    expression: Array.isArray(i.expression) ? i.expression.filter((e): e is string => typeof e === 'string') : [],
  }));
}

export async function listRejections(database: Database, limit: number, offset: number): Promise<{ total: number; items: RejectionBody[] }> {
  const { total, rows } = await database.withSession((s) => listRejected(s, limit, offset));
  return {
    total,
    items: rows.map((r) => ({
      outboxId: r.id, eventKind: r.event_kind, sourceCode: r.source_code, recordId: r.source_record_id, recordVersion: r.record_version,
      personId: r.person_id, httpStatus: r.last_status, issues: shapeIssues(r.outcome), rejectedAt: iso(r.finished_at),
    })),
  };
}
