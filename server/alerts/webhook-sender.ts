// Sends the webhook outbox: each delivery is a JSON POST signed with the
// user's secret (X-Riskmap-Signature: sha256=<hex HMAC-SHA256 of the body>);
// a 2xx is sent; a timeout, network error or other status is retried with
// exponential backoff until the maximum attempts, then failed. No
// transaction is held open across a request.
import { createHmac } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { claimDeliveries, recordFailure, recordSent, secretOf } from './alerts.repo.ts';

export interface WebhookOptions {
  timeoutSeconds: number;
  maxAttempts: number;
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  batch: number;
}

export const WEBHOOK_DEFAULTS: WebhookOptions = { timeoutSeconds: 5, maxAttempts: 6, backoffBaseSeconds: 10, backoffMaxSeconds: 3600, batch: 20 };

/** The last error of a delivery that got no answer in time (the outbox and the deliveries list read it). */
export const TIMEOUT_ERROR_PREFIX = 'no answer within';

/** Why the last attempt failed, from what the outbox kept. */
export function failureReason(lastStatus: number | null, lastError: string | null): 'timeout' | 'status' | 'unreachable' | null {
  if (lastError === null) return null;
  if (lastStatus !== null) return 'status';
  return lastError.startsWith(TIMEOUT_ERROR_PREFIX) ? 'timeout' : 'unreachable';
}

export const signBody = (secret: string, body: string) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Seconds to wait after the n-th failed attempt (1-based): base · 2^(n−1), at most max. */
export const backoffSeconds = (attempt: number, o: Pick<WebhookOptions, 'backoffBaseSeconds' | 'backoffMaxSeconds'>) =>
  Math.min(o.backoffMaxSeconds, o.backoffBaseSeconds * 2 ** Math.max(0, attempt - 1));

/** POSTs one signed JSON body; resolves to the HTTP status, or throws on timeout / network error. */
export async function postSigned(url: string, payload: unknown, secret: string | null, timeoutSeconds: number, deliveryId: string): Promise<number> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'riskmap-alerts', 'x-riskmap-delivery': deliveryId };
  if (secret) headers['x-riskmap-signature'] = signBody(secret, body);
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutSeconds * 1000), redirect: 'manual' });
  await response.arrayBuffer().catch(() => undefined);
  return response.status;
}

/** Claims and sends one batch of due deliveries; returns how many were sent and how many failed this time. */
export async function sendDueWebhooks(database: Database, options: WebhookOptions = WEBHOOK_DEFAULTS): Promise<{ sent: number; failed: number }> {
  const claimed = await database.withSession((s) => claimDeliveries(s, options.batch, options.timeoutSeconds * 4));
  let sent = 0;
  let failed = 0;
  for (const d of claimed) {
    const id = Number(d.id);
    const secret = await database.withSession((s) => secretOf(s, d.user_id));
    let status: number | null = null;
    let error: string | null = null;
    try {
      status = await postSigned(d.url, d.payload, secret, options.timeoutSeconds, String(id));
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (e) {
      error = e instanceof Error && e.name === 'TimeoutError' ? `${TIMEOUT_ERROR_PREFIX} ${options.timeoutSeconds} s` : e instanceof Error ? e.message : String(e);
    }
    if (error === null) {
      await database.withSession((s) => recordSent(s, id, status as number));
      sent++;
    } else {
      await database.withSession((s) => recordFailure(s, id, status, error as string, options.maxAttempts, backoffSeconds(d.attempts, options)));
      failed++;
    }
  }
  return { sent, failed };
}
