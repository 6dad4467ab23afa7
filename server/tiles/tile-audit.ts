// Household-tile reads in the audit log: one row per caller per window
// (a minute by default) instead of one per tile. A map view at household zoom
// asks for dozens of tiles a second (7,347 rows in 60 s before this); the
// window's row lists every household any of its tiles showed. The first tile
// of a window opens it; the row is written when the window ends, and on
// close. A window whose write fails is kept and written with the next one.
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { insertAudit, type AuditEntry } from '../access/access.repo.ts';

/** Default length of one caller's audit window. */
export const TILE_AUDIT_WINDOW_MS = 60_000;

interface Window {
  entry: Omit<AuditEntry, 'recordIds'>;
  ids: Set<number>;
  timer: NodeJS.Timeout | null;
}

export interface TileAudit {
  /** Adds a tile's household ids to the caller's current window (opening one if needed). */
  record(request: FastifyRequest, ids: readonly number[], unitId: number | null): void;
  /** Writes every open window now (close, tests). */
  flush(): Promise<void>;
}

export function createTileAudit(database: Database, options: { windowMs?: number; onError: (error: unknown) => void }): TileAudit {
  const windowMs = options.windowMs ?? TILE_AUDIT_WINDOW_MS;
  const open = new Map<number | string, Window>();
  const failed: AuditEntry[] = [];

  const write = async (entries: AuditEntry[]) => {
    const pending = [...entries];
    if (pending.length === 0) return;
    try {
      await database.withSession(async (s) => {
        while (pending.length > 0) {
          await insertAudit(s, pending[0] as AuditEntry);
          pending.shift();
        }
      });
    } catch (error) {
      failed.push(...pending);
      options.onError(error);
    }
  };
  const close = (key: number | string): AuditEntry | null => {
    const window = open.get(key);
    if (!window) return null;
    open.delete(key);
    if (window.timer) clearTimeout(window.timer);
    return { ...window.entry, recordIds: [...window.ids].sort((a, b) => a - b) };
  };
  const writeWithBacklog = (entry: AuditEntry | null) => write([...failed.splice(0), ...(entry ? [entry] : [])]);

  return {
    record(request, ids, unitId) {
      if (ids.length === 0) return;
      const caller = request.caller;
      const key = caller?.userId ?? `address:${request.ip}`;
      let window = open.get(key);
      if (!window) {
        window = {
          entry: {
            userId: caller?.userId ?? null, username: caller?.username ?? null, role: caller?.role ?? null, method: request.method,
            endpoint: request.routeOptions.url ?? '/tiles', recordKind: 'household', unitId, address: request.ip,
          },
          ids: new Set(),
          timer: null,
        };
        window.timer = setTimeout(() => void writeWithBacklog(close(key)), windowMs);
        window.timer.unref();
        open.set(key, window);
      }
      for (const id of ids) window.ids.add(id);
    },
    async flush() {
      const entries = [...open.keys()].map(close).filter((e): e is AuditEntry => e !== null);
      await write([...failed.splice(0), ...entries]);
    },
  };
}
