// The audit log for admins: filtered by user, action, unit and time, as JSON
// pages or a CSV export (cells made safe for spreadsheets by csvCell).
import type { Database } from '../db/database.ts';
import { csvCell } from '../reports/cells.ts';

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

const SELECT_AUDIT = `
SELECT id, at, username, role, method, endpoint, record_kind, record_ids, unit_id, address, count(*) OVER ()::int AS total
FROM audit_log
WHERE ($1::text IS NULL OR username = $1)
  AND ($2::text IS NULL OR record_kind = $2 OR (right($2, 1) = '*' AND record_kind LIKE left($2, -1) || '%'))
  AND ($3::int IS NULL OR unit_id = $3)
  AND ($4::timestamptz IS NULL OR at >= $4)
  AND ($5::timestamptz IS NULL OR at < $5)
ORDER BY id DESC LIMIT $6 OFFSET $7`;
const SELECT_ACTIONS = `SELECT DISTINCT record_kind FROM audit_log ORDER BY record_kind`;

export async function listAuditLog(database: Database, filter: AuditFilter, limit: number, offset: number): Promise<{ total: number; items: AuditRow[]; actions: string[] }> {
  return database.withSession(async (s) => {
    const rows = await s.query<{
      id: number | string; at: Date | string; username: string | null; role: string | null; method: string; endpoint: string; record_kind: string;
      record_ids: Array<number | string>; unit_id: number | null; address: string | null; total: number;
    }>(SELECT_AUDIT, [filter.username || null, filter.action || null, filter.unitId ?? null, filter.from || null, filter.to || null, limit, offset]);
    const actions = (await s.query<{ record_kind: string }>(SELECT_ACTIONS)).map((r) => r.record_kind);
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
