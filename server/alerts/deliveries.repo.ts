// The caller's webhook deliveries as they stand in the outbox: what was sent,
// what waits for a retry and what failed for good, with the last answer.
import type { Session } from '../db/database.ts';

const SELECT_DELIVERIES = `
SELECT d.id, d.alert_id, d.status, d.attempts, d.last_status, d.last_error, d.next_attempt_at, d.sent_at, d.created_at,
  u.name AS unit_name, a.from_tier, a.to_tier, a.day::text AS day
FROM alert_delivery d JOIN alert a ON a.id = d.alert_id JOIN unit u ON u.id = a.unit_id
WHERE a.user_id = $1 ORDER BY d.id DESC LIMIT $2`;

export interface DeliveryRow {
  id: number | string; alert_id: number | string; status: 'pending' | 'sending' | 'sent' | 'failed'; attempts: number;
  last_status: number | null; last_error: string | null; next_attempt_at: Date | string; sent_at: Date | string | null; created_at: Date | string;
  unit_name: string; from_tier: string | null; to_tier: string; day: string;
}

export const selectDeliveries = (s: Session, userId: number, limit: number) => s.query<DeliveryRow>(SELECT_DELIVERIES, [userId, limit]);
