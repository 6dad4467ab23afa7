// Delivery marks by other officials, live: 'aid' events of GET /api/live
// (a mark or undo in a round: the round id and the household's units with
// their counts — see server/live/live.repo.ts AidLiveChange). The dashboard's
// own stream (live/use-live.ts) listens only to map events, so a delivery does
// not make the map and unit panel refetch; this hook opens the aid tool's own
// stream while a round is open and reports events of that round.
import { useEffect, useRef } from 'react';

const REOPEN_MS = 3000;

export interface AidChange { id: number; roundId: number; units: number[] }

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

/** Calls onChange for each aid event of round `roundId` (null = no stream). */
export function useAidLive(roundId: number | null, onChange: (change: AidChange) => void): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    if (roundId === null || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastId: string | null = null;
    let stopped = false;
    const open = () => {
      source = new EventSource(lastId ? `/api/live?lastEventId=${encodeURIComponent(lastId)}` : '/api/live');
      source.addEventListener('aid', (event) => {
        const message = event as MessageEvent<string>;
        if (message.lastEventId) lastId = message.lastEventId;
        const change = parseAidChange(message.data);
        if (change && change.roundId === roundId) handler.current(change);
      });
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED && !stopped) {
          source.close();
          timer = setTimeout(open, REOPEN_MS);
        }
      };
    };
    open();
    return () => {
      stopped = true;
      clearTimeout(timer);
      source?.close();
    };
  }, [roundId]);
}
