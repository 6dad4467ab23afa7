// The audit log for admins: filtered by user, action, unit and time, as JSON
// pages or a CSV export (cells made safe for spreadsheets by csvCell).
import type { Database } from '../db/database.ts';
import { csvCell } from '../reports/cells.ts';
import { selectAuditActions, selectAuditPage } from './audit-log.repo.ts';

export interface AuditFilter {
  username?: string | undefined;
  /** A record kind or action, or a prefix of one ending in '*' (e.g. 'desk.*'). */
  action?: string | undefined;
  unitId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface AuditRow {
  id: number;
  at: string;
  username: string | null;
  role: string | null;
  method: string;
  endpoint: string;
  action: string;
  recordIds: number[];
  unitId: number | null;
  address: string | null;
}

export async function listAuditLog(database: Database, filter: AuditFilter, limit: number, offset: number): Promise<{ total: number; items: AuditRow[]; actions: string[] }> {
  return database.withSession(async (s) => {
    const rows = await selectAuditPage(s, {
      username: filter.username || null, action: filter.action || null, unitId: filter.unitId ?? null, from: filter.from || null, to: filter.to || null,
    }, limit, offset);
    const actions = await selectAuditActions(s);
    return {
      total: rows[0]?.total ?? 0,
      actions,
      items: rows.map((r) => ({
        id: Number(r.id), at: new Date(r.at).toISOString(), username: r.username, role: r.role, method: r.method, endpoint: r.endpoint,
        action: r.record_kind, recordIds: r.record_ids.map(Number), unitId: r.unit_id, address: r.address,
      })),
    };
  });
}

const CSV_COLUMNS = ['id', 'at', 'username', 'role', 'method', 'endpoint', 'action', 'recordIds', 'unitId', 'address'] as const;

/** The rows as CSV (header first, one line per entry, record ids joined by spaces). */
export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = rows.map((r) => CSV_COLUMNS.map((c) => csvCell(c === 'recordIds' ? r.recordIds.join(' ') : r[c])).join(','));
  return `${[CSV_COLUMNS.join(','), ...lines].join('\n')}\n`;
}
