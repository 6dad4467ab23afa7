// Alert-tool sentences built from API answers: a webhook delivery's state and
// a failed test delivery, in the UI language.
import { ApiError } from '../api/api-client.ts';
import { errorText } from '../admin/error-text.ts';
import { ALERTS_TEXT, alertsText, type AlertsTextKey } from './alerts.strings.ts';

export interface Delivery {
  id: number; unitName: string; day: string; status: 'pending' | 'sending' | 'sent' | 'failed'; attempts: number; maxAttempts: number;
  reason: 'timeout' | 'status' | 'unreachable' | null; lastStatus: number | null; lastError: string | null; nextAttemptAt: string | null;
}

/** A delivery's state in the UI language: sent, waiting for a retry (when, and why the last try failed), or failed for good (why). */
export function deliveryLine(d: Delivery, text: (key: AlertsTextKey, values?: Record<string, unknown>) => string): string {
  const reason = text(d.reason === null ? 'reason_none' : `reason_${d.reason}`, { status: d.lastStatus, error: d.lastError });
  const at = d.nextAttemptAt ? new Date(d.nextAttemptAt).toLocaleTimeString() : '';
  const key = ({ sent: 'deliverySent', pending: 'deliveryPending', sending: 'deliverySending', failed: 'deliveryFailed' } as const)[d.status];
  return text(key, { unit: d.unitName, day: d.day, at, attempts: d.attempts, max: d.maxAttempts, reason });
}

/** A failed test delivery says why in the UI language (timeout, the receiver's status, unreachable). */
export function webhookErrorText(e: unknown, language: 'vi' | 'en'): string {
  const reason = e instanceof ApiError && e.code === 'WEBHOOK_FAILED' ? (e.details as { reason?: string } | null)?.reason : undefined;
  if (reason === 'timeout' || reason === 'status' || reason === 'unreachable') return alertsText(`err_WEBHOOK_FAILED_${reason}`, language, e instanceof ApiError && e.details && typeof e.details === 'object' ? e.details as Record<string, unknown> : {});
  return errorText(ALERTS_TEXT, e, language);
}
