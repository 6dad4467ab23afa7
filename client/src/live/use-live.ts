// The live stream (GET /api/live, Server-Sent Events). The browser resumes
// with Last-Event-ID after a drop; when it gives up (the server answered an
// error, e.g. 401) we open a new stream ourselves with ?lastEventId=.
import { useEffect, useRef, useState } from 'react';

export type LiveStatus = 'connecting' | 'open' | 'dropped';

export interface LiveChange {
  id: number;
  kind: string;
  /** Units whose figures changed; null = everything may have. */
  units: number[] | null;
  /** [unitId, ruleSetId, tier, first changed day]. */
  tiers: [number, string, string, string][] | null;
  days: [string, string] | null;
}

/** A delivery mark or undo in an aid round (server/live/live.repo.ts AidLiveChange): counts only. */
export interface AidChange { id: number; roundId: number; units: number[] }

const REOPEN_MS = 3000;
const KINDS = ['refresh', 'capacity', 'rule-set', 'reset'];

/** Parses an 'aid' event's data; null for anything malformed. */
export function parseAidChange(data: string): AidChange | null {
  try {
    const body = JSON.parse(data) as { id?: unknown; units?: unknown; aid?: { roundId?: unknown } };
    const roundId = Number(body.aid?.roundId);
    if (!Number.isInteger(roundId)) return null;
    return { id: Number(body.id ?? 0), roundId, units: Array.isArray(body.units) ? body.units.map(Number) : [] };
  } catch {
    return null;
  }
}

/** Parses an event's data; null for anything malformed (skipped, not thrown). */
export function parseLiveChange(kind: string, data: string): LiveChange | null {
  try {
    const body = JSON.parse(data) as Partial<LiveChange>;
    if (kind === 'reset') return { id: Number(body.id ?? 0), kind, units: null, tiers: null, days: null };
    return {
      id: Number(body.id ?? 0), kind,
      units: Array.isArray(body.units) ? body.units : null,
      tiers: Array.isArray(body.tiers) ? body.tiers : null,
      days: Array.isArray(body.days) ? body.days : null,
    };
  } catch {
    return null;
  }
}

/**
 * One stream per dashboard: map events (KINDS) go to onChange, aid-round
 * events to onAid — kept apart so a delivery mark does not refetch the map.
 */
export function useLive(enabled: boolean, onChange: (change: LiveChange) => void, onAid?: (change: AidChange) => void): { status: LiveStatus; reconnects: number } {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const [reconnects, setReconnects] = useState(0);
  const handler = useRef(onChange);
  handler.current = onChange;
  const aidHandler = useRef(onAid);
  aidHandler.current = onAid;
  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let lastId: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let wasDropped = false;
    const open = () => {
      source = new EventSource(lastId ? `/api/live?lastEventId=${encodeURIComponent(lastId)}` : '/api/live');
      source.onopen = () => {
        setStatus('open');
        if (wasDropped) setReconnects((n) => n + 1);
        wasDropped = false;
      };
      source.onerror = () => {
        setStatus('dropped');
        wasDropped = true;
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          timer = setTimeout(open, REOPEN_MS);
        }
      };
      for (const kind of KINDS) {
        source.addEventListener(kind, (event) => {
          const message = event as MessageEvent<string>;
          if (message.lastEventId) lastId = message.lastEventId;
          const change = parseLiveChange(kind, message.data);
          if (change) handler.current(change);
        });
      }
      source.addEventListener('aid', (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastId = message.lastEventId;
        const change = parseAidChange(message.data);
        if (change) aidHandler.current?.(change);
      });
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [enabled]);
  return { status, reconnects };
}
