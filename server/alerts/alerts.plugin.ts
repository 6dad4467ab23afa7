// Wires alerts into the app: listens to the live stream (refresh, capacity and
// rule-set events, where tier changes are published), raises alerts for
// followed units, and sends the webhook outbox on a timer. Registered once in app.ts.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { setTimeout as sleep } from 'node:timers/promises';
import { selectLastLiveEventId } from '../live/live.repo.ts';
import { alertsRoutes } from './alerts.routes.ts';
import { raiseTierAlerts } from './alerts.service.ts';
import { sendDueWebhooks, WEBHOOK_DEFAULTS, type WebhookOptions } from './webhook-sender.ts';

export interface AlertsHandle {
  /** Notes the recent tier changes of units seen for the first time (just followed) without alerting. */
  noteCurrentTiers(unitIds: readonly number[] | null): Promise<void>;
  /** Resolves when the alerts of every event committed so far are raised (tests): on the server backend events arrive by NOTIFY, after the writer returns. */
  settled(): Promise<void>;
  sendNow(): Promise<{ sent: number; failed: number }>;
}

declare module '../app.ts' {
  interface AppServices {
    alerts?: AlertsHandle;
  }
}

const TIER_EVENTS = new Set(['refresh', 'capacity', 'rule-set']);
const SEND_EVERY_MS = 2000;
const HEAR_POLL_MS = 20;
/** settled() stops waiting for a NOTIFY that never comes (a lost LISTEN connection catches up later). */
const HEAR_WAIT_MS = 30_000;

export const alertsPlugin = fp(async (app: FastifyInstance, options: { webhook?: Partial<WebhookOptions> } = {}) => {
  const { database, live } = app.ctx;
  const webhook = { ...WEBHOOK_DEFAULTS, ...options.webhook };
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = (task: () => Promise<unknown>) => {
    chain = chain.then(task).catch((error: unknown) => app.log.error({ err: error }, 'tier alerts failed'));
    return chain;
  };
  let sending: Promise<{ sent: number; failed: number }> | null = null;
  const sendNow = () => (sending ??= sendDueWebhooks(database, webhook).finally(() => { sending = null; }));
  // The id of the last live event heard: settled() waits until every committed event has been heard.
  let heard = 0;
  const handle: AlertsHandle = {
    noteCurrentTiers: async (unitIds) => { await enqueue(() => raiseTierAlerts(database, unitIds)); },
    settled: async () => {
      const last = await database.withSession(selectLastLiveEventId);
      for (let waited = 0; heard < last && waited < HEAR_WAIT_MS; waited += HEAR_POLL_MS) await sleep(HEAR_POLL_MS);
      await chain;
    },
    sendNow,
  };
  app.ctx.alerts = handle;

  const unsubscribe = live.subscribe((event) => {
    heard = Math.max(heard, event.id);
    if (!TIER_EVENTS.has(event.kind)) return;
    // Every followed unit, not only those the event names: new records move the alert day, which can bring a change already graded into the window.
    void enqueue(async () => {
      const raised = await raiseTierAlerts(database, null);
      if (raised.length > 0) await sendNow();
    });
  });
  // Followed units seen for the first time have their recent changes noted, so only changes after it alert.
  app.addHook('onReady', async () => {
    heard = Math.max(heard, await database.withSession(selectLastLiveEventId));
    await enqueue(() => raiseTierAlerts(database, null));
  });
  const timer = setInterval(() => { void sendNow().catch((error: unknown) => app.log.error({ err: error }, 'webhook delivery failed')); }, SEND_EVERY_MS);
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    unsubscribe();
    await chain;
    await sending;
  });
  await app.register(alertsRoutes, { prefix: '/api' });
});
