// Delivers committed live events to this process's subscribers. Server
// backend: LISTEN on a dedicated pg client, so events written by any process
// (CLI, another server) arrive. Embedded: an in-process emitter fed after
// commit by whoever wrote the event.
import { EventEmitter } from 'node:events';
import pg from 'pg';
import type { Database } from '../db/database.ts';
import { LIVE_CHANNEL, selectLiveEvent, type LiveEvent } from './live.repo.ts';

export type LiveListener = (event: LiveEvent) => void;

export interface LiveBus {
  /** True when events travel by NOTIFY (writers must NOTIFY in their transaction). */
  readonly viaNotify: boolean;
  subscribe(listener: LiveListener): () => void;
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
    announceCommitted: (id) => deliver(database, fanout, id),
    close: async () => {},
  };
}

/** Server bus: one LISTEN connection per process; reconnects after losing it. */
export async function createNotifyLiveBus(database: Database, databaseUrl: string): Promise<LiveBus> {
  const fanout = new Fanout();
  let client: pg.Client | null = null;
  let closed = false;
  // Notifications are delivered in order; reading the rows is serialised to keep that order.
  let chain: Promise<void> = Promise.resolve();
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl });
    c.on('notification', (message) => {
      const id = Number(message.payload);
      if (Number.isFinite(id)) chain = chain.then(() => deliver(database, fanout, id)).catch(() => {});
    });
    c.on('error', () => {
      if (closed) return;
      client = null;
      setTimeout(() => void connect().catch(() => {}), 1000);
    });
    await c.connect();
    await c.query(`LISTEN ${LIVE_CHANNEL}`);
    client = c;
  };
  await connect();
  return {
    viaNotify: true,
    subscribe: (listener) => fanout.subscribe(listener),
    announceCommitted: async () => {},
    close: async () => {
      closed = true;
      await client?.end().catch(() => {});
      await chain;
    },
  };
}

/** The bus for a database: NOTIFY on the server backend, in-process on the embedded one. */
export async function createLiveBus(database: Database, databaseUrl: string | null): Promise<LiveBus> {
  return database.capabilities.listenNotify && databaseUrl ? createNotifyLiveBus(database, databaseUrl) : createLocalLiveBus(database);
}
