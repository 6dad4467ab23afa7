// Delivers committed live events to this process's subscribers. Server
// backend: LISTEN on a dedicated pg client, so events written by any process
// (CLI, another server) arrive. Embedded: an in-process emitter fed after
// commit by whoever wrote the event.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Database } from '../db/database.ts';
import { LIVE_CHANNEL, selectLastLiveEventId, selectLiveEvent, selectLiveEventsSince, type LiveEvent } from './live.repo.ts';

export type LiveListener = (event: LiveEvent) => void;
/** Hears whether the database is reachable (false when the LISTEN connection is lost, true once it is back). */
export type AvailabilityListener = (available: boolean) => void;

export interface LiveBus {
  /** True when events travel by NOTIFY (writers must NOTIFY in their transaction). */
  readonly viaNotify: boolean;
  subscribe(listener: LiveListener): () => void;
  /** Whether the database answers, as far as this bus knows (always true embedded). */
  readonly available: boolean;
  /** Tells the listener each time the database goes away or comes back. */
  subscribeAvailability(listener: AvailabilityListener): () => void;
  /** Called by a writer after its transaction committed (a no-op when events travel by NOTIFY). */
  announceCommitted(eventId: number): Promise<void>;
  close(): Promise<void>;
}

class Fanout {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  subscribe(listener: LiveListener): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
  emit(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }
  subscribeAvailability(listener: AvailabilityListener): () => void {
    this.emitter.on('availability', listener);
    return () => this.emitter.off('availability', listener);
  }
  emitAvailability(available: boolean): void {
    this.emitter.emit('availability', available);
  }
}

async function deliver(database: Database, fanout: Fanout, id: number): Promise<void> {
  const event = await database.withSession((s) => selectLiveEvent(s, id));
  if (event) fanout.emit(event);
}

/** In-process bus: the writer announces its event after commit. */
export function createLocalLiveBus(database: Database): LiveBus {
  const fanout = new Fanout();
  return {
    viaNotify: false,
    subscribe: (listener) => fanout.subscribe(listener),
    available: true,
    subscribeAvailability: (listener) => fanout.subscribeAvailability(listener),
    announceCommitted: (id) => deliver(database, fanout, id),
    close: async () => {},
  };
}

/** Wait before the first reconnect attempt, doubled per failure up to RECONNECT_MAX_MS. */
export const RECONNECT_FIRST_MS = 250;
export const RECONNECT_MAX_MS = 5_000;
/** Events read per query when catching up after a reconnect. */
const CATCH_UP_ROWS = 1_000;

/**
 * Server bus: one LISTEN connection per process. When it is lost (PostgreSQL
 * restarting, the backend terminated) listeners hear "unavailable", the bus
 * reconnects with backoff, reads the events committed while it was away from
 * live_event (NOTIFY is not queued for a listener that is gone), and then says
 * "available" again.
 */
export async function createNotifyLiveBus(database: Database, databaseUrl: string): Promise<LiveBus> {
  const fanout = new Fanout();
  let client: pg.Client | null = null;
  let closed = false;
  let available = true;
  let retryMs = RECONNECT_FIRST_MS;
  let retryTimer: NodeJS.Timeout | null = null;
  let lastDelivered = await database.withSession(selectLastLiveEventId);
  // Notifications are delivered in order; reading the rows is serialised to keep that order.
  let chain: Promise<void> = Promise.resolve();
  const enqueue = (task: () => Promise<void>) => {
    chain = chain.then(task).catch(() => {});
  };
  const emit = (event: LiveEvent) => {
    lastDelivered = Math.max(lastDelivered, event.id);
    fanout.emit(event);
  };
  const setAvailable = (value: boolean) => {
    if (available === value) return;
    available = value;
    fanout.emitAvailability(value);
  };
  const catchUp = async () => {
    for (;;) {
      const missed = await database.withSession((s) => selectLiveEventsSince(s, lastDelivered, CATCH_UP_ROWS));
      for (const event of missed) emit(event);
      if (missed.length < CATCH_UP_ROWS) return;
    }
  };
  const scheduleReconnect = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, retryMs);
    retryMs = Math.min(retryMs * 2, RECONNECT_MAX_MS);
  };
  const lost = new WeakSet<pg.Client>();
  let connectedOnce = false;
  const lose = (c: pg.Client) => {
    if (lost.has(c) || !connectedOnce) return;
    lost.add(c);
    if (client === c) client = null;
    c.removeAllListeners('notification');
    c.end().catch(() => {});
    if (closed) return;
    setAvailable(false);
    scheduleReconnect();
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    c.on('notification', (message) => {
      const id = Number(message.payload);
      if (!Number.isFinite(id)) return;
      enqueue(async () => {
        const event = await database.withSession((s) => selectLiveEvent(s, id));
        if (event) emit(event);
      });
    });
    c.on('error', () => lose(c));
    c.on('end', () => lose(c));
    try {
      await c.connect();
      await c.query(`LISTEN ${LIVE_CHANNEL}`);
    } catch (error) {
      if (!connectedOnce) {
        lost.add(c);
        await c.end().catch(() => {});
        throw error; // at start: the app does not come up without its live stream
      }
      lose(c);
      return;
    }
    if (closed || lost.has(c)) {
      lose(c);
      return;
    }
    connectedOnce = true;
    client = c;
    retryMs = RECONNECT_FIRST_MS;
    if (!available) {
      // Back: what committed while the connection was gone comes from the table, then listeners hear "available".
      enqueue(async () => {
        try {
          await catchUp();
          if (client === c) setAvailable(true);
        } catch {
          lose(c);
        }
      });
    }
  };
  await connect();
  return {
    viaNotify: true,
    subscribe: (listener) => fanout.subscribe(listener),
    get available() {
      return available;
    },
    subscribeAvailability: (listener) => fanout.subscribeAvailability(listener),
    announceCommitted: async () => {},
    close: async () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await client?.end().catch(() => {});
      await chain;
    },
  };
}

/** The bus for a database: NOTIFY on the server backend, in-process on the embedded one. */
export async function createLiveBus(database: Database, databaseUrl: string | null): Promise<LiveBus> {
  return database.capabilities.listenNotify && databaseUrl ? createNotifyLiveBus(database, databaseUrl) : createLocalLiveBus(database);
}
