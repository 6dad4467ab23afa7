// Every desk, admin and alert action goes into the one audit log (audit_log),
// with the action as record_kind: "who did what to which records, when".
import type { FastifyRequest } from 'fastify';
import { auditedRequest } from '../access/access.plugin.ts';
import { insertAudit } from '../access/access.repo.ts';
import type { Database, Session } from '../db/database.ts';

export interface AuditedAction {
  /** e.g. 'admin.user.create', 'desk.reject.fix', 'desk.review.undo'. */
  action: string;
  recordIds: readonly number[];
  unitId?: number | null;
}

/** Writes one audit row for an action (in `session` when given, so it commits with the change). */
export async function auditAction(database: Database, request: FastifyRequest, entry: AuditedAction, session?: Session): Promise<void> {
  const write = (s: Session) => insertAudit(s, { ...auditedRequest(request), recordKind: entry.action, recordIds: entry.recordIds, unitId: entry.unitId ?? null });
  if (session) await write(session);
  else await database.withSession(write);
}
