// Wires alerts into the app: listens to the live stream (refresh, capacity and
// rule-set events, where tier changes are published), raises alerts for
// followed units, and sends the webhook outbox on a timer. Registered once in app.ts.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { alertsRoutes } from './alerts.routes.ts';
import { raiseTierAlerts } from './alerts.service.ts';
import { sendDueWebhooks, WEBHOOK_DEFAULTS, type WebhookOptions } from './webhook-sender.ts';

export interface AlertsHandle {
  /** Notes the units' current tiers without alerting (a unit just followed). */
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
    const payload = event.payload as { units?: number[] | null; tiers?: Array<[number, string, string, string]> | null };
    const units = payload.tiers ? [...new Set(payload.tiers.map((t) => t[0]))] : payload.units ?? null;
    void enqueue(async () => {
      const raised = await raiseTierAlerts(database, units);
      if (raised.length > 0) await sendNow();
    });
  });
  // The tiers as they are at start are noted, so the first change after it is an alert and the state before it is not.
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
