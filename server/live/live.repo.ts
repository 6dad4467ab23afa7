// The live_event log: every published change, in order, so SSE clients can
// resume (Last-Event-ID) and every server process streams the same rows.
import type { Session } from '../db/database.ts';

export const LIVE_CHANNEL = 'riskmap_live';

/** Events kept for resuming; older ones are pruned when new ones are written. */
export const LIVE_EVENTS_KEPT = 10_000;

export type LiveEventKind = 'refresh' | 'capacity' | 'rule-set' | 'aid';

export interface LiveEvent {
  id: number;
  kind: LiveEventKind;
  payload: LivePayload;
  createdAt: string;
}

/** What changed: unit ids, tiers and days only — never personal data. */
export interface LivePayload {
  /** Units whose rollups changed; null = too many to list (reload everything). */
  units: number[] | null;
  /** [unitId, ruleSetId, tier on the last computed day, first changed day]. */
  tiers: [number, string, string, string][] | null;
  /** First and last rollup day touched (ISO), or null. */
  days: [string, string] | null;
  full?: boolean;
  ruleSetId?: string;
  /** kind 'aid': a delivery marked or undone (migrations/0008_aid_live.sql). */
  aid?: AidLiveChange;
}

/** An aid delivery change: the round and the household's units with their counts in the round — never the household. */
export interface AidLiveChange {
  roundId: number;
  /** The round's wards and districts: who may see the round (as aid/aid.access.ts requireRoundVisible). */
  wardIds: number[];
  districtIds: number[];
  /** The household's district, ward, neighbourhood and block, with delivered/total households of the round in each
   *  (counts 1…threshold−1 become "<N" for callers who must not see them, in live-access.ts). */
  progress: { unitId: number; level: 'district' | 'ward' | 'neighbourhood' | 'block'; wardId: number | null; districtId: number; delivered: number | string; total: number | string }[];
}

const INSERT_EVENT = `INSERT INTO live_event (kind, payload) VALUES ($1, $2::jsonb) RETURNING id`;
const NOTIFY = `SELECT pg_notify('${LIVE_CHANNEL}', $1::text)`;
const PRUNE = `DELETE FROM live_event WHERE id <= $1::bigint - ${LIVE_EVENTS_KEPT}`;
const SELECT_SINCE = `
SELECT id, kind, payload, created_at::text AS created_at FROM live_event WHERE id > $1::bigint ORDER BY id LIMIT $2`;
const SELECT_ONE = `SELECT id, kind, payload, created_at::text AS created_at FROM live_event WHERE id = $1::bigint`;
const SELECT_LAST_ID = `SELECT COALESCE(max(id), 0) AS id FROM live_event`;

interface EventRow {
  id: number;
  kind: LiveEventKind;
  payload: LivePayload;
  created_at: string;
}

const toEvent = (r: EventRow): LiveEvent => ({ id: r.id, kind: r.kind, payload: r.payload, createdAt: r.created_at });

/** Writes an event in the caller's transaction; with `notify` the server backend tells every listener on commit. */
export async function insertLiveEvent(session: Session, kind: LiveEventKind, payload: LivePayload, notify: boolean): Promise<number> {
  const [row] = await session.query<{ id: number }>(INSERT_EVENT, [kind, JSON.stringify(payload)]);
  const id = row?.id ?? 0;
  if (notify) await session.query(NOTIFY, [String(id)]);
  if (id % 100 === 0) await session.query(PRUNE, [id]);
  return id;
}

export async function selectLiveEventsSince(session: Session, afterId: number, limit: number): Promise<LiveEvent[]> {
  return (await session.query<EventRow>(SELECT_SINCE, [afterId, limit])).map(toEvent);
}

export async function selectLiveEvent(session: Session, id: number): Promise<LiveEvent | null> {
  const [row] = await session.query<EventRow>(SELECT_ONE, [id]);
  return row ? toEvent(row) : null;
}

/** The id of the newest event: the data version the API's ETags carry. */
export async function selectLastLiveEventId(session: Session): Promise<number> {
  return (await session.query<{ id: number }>(SELECT_LAST_ID))[0]?.id ?? 0;
}
