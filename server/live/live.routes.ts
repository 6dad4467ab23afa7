// GET /api/live: Server-Sent Events of published changes. Resumable: a
// client reconnecting with Last-Event-ID gets every event after it from
// live_event, then the stream continues from the bus.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireCaller } from '../access/access.plugin.ts';
import { DATABASE_RETRY_AFTER_SECONDS } from '../errors.ts';
import { filterLiveEventForCaller, resolveLiveScope } from './live-access.ts';
import { selectLastLiveEventId, selectLiveEventsSince, type LiveEvent } from './live.repo.ts';

/** Heartbeat comment interval: keeps proxies from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** Reconnect delay suggested to browsers. */
export const RETRY_MS = 3_000;
/** Events replayed on resume; a client further behind gets a `reset` event and reloads. */
export const REPLAY_LIMIT = 1_000;

const LiveQuery = Type.Object({ lastEventId: Type.Optional(Type.Integer({ minimum: 0, description: 'alternative to the Last-Event-ID header' })) });

const formatEvent = (event: LiveEvent) =>
  `id: ${event.id}\nevent: ${event.kind}\ndata: ${JSON.stringify({ id: event.id, kind: event.kind, at: event.createdAt, ...event.payload })}\n\n`;

/** `event: database`: {"available": false} while the database is away (the API answers 503 then), true when it is back. */
export const formatAvailability = (available: boolean) =>
  `event: database\ndata: ${JSON.stringify(available ? { available } : { available, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS })}\n\n`;

export const liveRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;

  app.get('/live', {
    schema: { summary: 'Live stream of tier and rollup changes and aid deliveries (text/event-stream)', tags: ['live'], querystring: LiveQuery },
  }, async (request, reply) => {
    const header = Number(request.headers['last-event-id']);
    const resumeFrom = Number.isInteger(header) && header >= 0 ? header : request.query.lastEventId;
    const viewer = { caller: requireCaller(request), threshold: app.ctx.config.suppressBelow };
    const caller = await resolveLiveScope(database, viewer.caller);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    raw.write(`retry: ${RETRY_MS}\n\n`);
    let lastSent = 0;
    const buffered: LiveEvent[] = [];
    let replaying = true;
    const send = (event: LiveEvent) => {
      if (event.id <= lastSent) return;
      lastSent = event.id;
      const visible = filterLiveEventForCaller(event, caller, viewer);
      if (visible) raw.write(formatEvent(visible));
    };
    const unsubscribe = app.ctx.live.subscribe((event) => (replaying ? buffered.push(event) : send(event)));
    // The database going away and coming back: clients show it and keep the stream (events missed meanwhile follow).
    const unsubscribeAvailability = app.ctx.live.subscribeAvailability((available) => raw.write(formatAvailability(available)));
    const heartbeat = setInterval(() => raw.write(': ping\n\n'), HEARTBEAT_MS);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
      unsubscribeAvailability();
    };
    request.raw.on('close', stop);
    try {
      if (resumeFrom === undefined) {
        lastSent = await database.withSession(selectLastLiveEventId);
      } else {
        const missed = await database.withSession((s) => selectLiveEventsSince(s, resumeFrom, REPLAY_LIMIT + 1));
        lastSent = resumeFrom;
        if (missed.length > REPLAY_LIMIT) {
          lastSent = await database.withSession(selectLastLiveEventId);
          raw.write(`id: ${lastSent}\nevent: reset\ndata: {"reason":"too far behind; reload"}\n\n`);
        } else {
          for (const event of missed) send(event);
        }
      }
    } finally {
      replaying = false;
      for (const event of buffered.splice(0)) send(event);
    }
    raw.write(': ready\n\n');
  });
};
