// Wires alerts into the app: listens to the live stream (refresh, capacity and
// rule-set events, where tier changes are published), raises alerts for
// followed units, and sends the webhook outbox on a timer. Registered once in app.ts.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { alertsRoutes } from './alerts.routes.ts';
import { raiseTierAlerts } from './alerts.service.ts';
import { sendDueWebhooks, WEBHOOK_DEFAULTS, type WebhookOptions } from './webhook-sender.ts';

export interface AlertsHandle {
  /** Notes the recent tier changes of units seen for the first time (just followed) without alerting. */
  noteCurrentTiers(unitIds: readonly number[] | null): Promise<void>;
  /** Resolves when the alerts of the events heard so far are raised (tests). */
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
  const handle: AlertsHandle = {
    noteCurrentTiers: async (unitIds) => { await enqueue(() => raiseTierAlerts(database, unitIds)); },
    settled: async () => { await chain; },
    sendNow,
  };
  app.ctx.alerts = handle;

  const unsubscribe = live.subscribe((event) => {
    if (!TIER_EVENTS.has(event.kind)) return;
    // Every followed unit, not only those the event names: new records move the alert day, which can bring a change already graded into the window.
    void enqueue(async () => {
      const raised = await raiseTierAlerts(database, null);
      if (raised.length > 0) await sendNow();
    });
  });
  // Followed units seen for the first time have their recent changes noted, so only changes after it alert.
  app.addHook('onReady', async () => {
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
