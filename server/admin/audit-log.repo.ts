// The audit log as admins filter it: one page of entries with the total, and
// the actions (record kinds) that occur.
import { sql } from 'kysely';
import type { Session } from '../db/database.ts';

export interface AuditQuery {
  username: string | null;
  /** A record kind, or a prefix of one ending in '*' (e.g. 'desk.*'). */
  action: string | null;
  unitId: number | null;
  from: string | null;
  to: string | null;
}

/** One page, newest first; every row carries the filtered total (a window count). */
export function selectAuditPage(session: Session, filter: AuditQuery, limit: number, offset: number) {
  let query = session.db.selectFrom('audit_log')
    .select(['id', 'at', 'username', 'role', 'method', 'endpoint', 'record_kind', 'record_ids', 'unit_id', 'address', sql<number>`count(*) OVER ()::int`.as('total')]);
  if (filter.username !== null) query = query.where('username', '=', filter.username);
  const action = filter.action;
  if (action !== null) {
    query = action.endsWith('*')
      ? query.where((eb) => eb.or([eb('record_kind', '=', action), eb('record_kind', 'like', `${action.slice(0, -1)}%`)]))
      : query.where('record_kind', '=', action);
  }
  if (filter.unitId !== null) query = query.where('unit_id', '=', filter.unitId);
  if (filter.from !== null) query = query.where('at', '>=', sql<Date>`${filter.from}::timestamptz`);
  if (filter.to !== null) query = query.where('at', '<', sql<Date>`${filter.to}::timestamptz`);
  return query.orderBy('id', 'desc').limit(limit).offset(offset).execute();
}

export async function selectAuditActions(session: Session): Promise<string[]> {
  const rows = await session.db.selectFrom('audit_log').select('record_kind').distinct().orderBy('record_kind').execute();
  return rows.map((r) => r.record_kind);
}
