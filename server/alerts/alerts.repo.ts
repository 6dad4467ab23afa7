// SQL of tier-change alerts: who follows what (explicit follows, else a ward
// official's jurisdiction), the alerts, and the webhook outbox (the changes
// themselves are in alert-transitions.repo.ts).
import type { Session } from '../db/database.ts';

// Followers of the units: explicit follows, and ward officials who never customised theirs follow their own unit.
const SELECT_FOLLOWERS = `
SELECT f.user_id, f.unit_id FROM alert_follow f JOIN app_user u ON u.id = f.user_id
WHERE u.disabled_at IS NULL AND ($1::int[] IS NULL OR f.unit_id = ANY($1::int[]))
UNION
SELECT u.id, u.unit_id FROM app_user u LEFT JOIN alert_settings s ON s.user_id = u.id
WHERE u.role = 'ward_official' AND u.unit_id IS NOT NULL AND u.disabled_at IS NULL AND NOT COALESCE(s.follows_customised, false)
  AND ($1::int[] IS NULL OR u.unit_id = ANY($1::int[]))`;

export const selectFollowers = (s: Session, unitIds: readonly number[] | null) =>
  s.query<{ user_id: number; unit_id: number }>(SELECT_FOLLOWERS, [unitIds]);

const SELECT_TIERS_AT = `
SELECT DISTINCT ON (t.unit_id) t.unit_id, t.tier FROM unit_tier t
WHERE t.rule_set_id = $1 AND t.unit_id = ANY($2::int[]) AND t.day <= $3::date
ORDER BY t.unit_id, t.day DESC`;

export const selectTiersAt = (s: Session, ruleSetId: string, unitIds: readonly number[], day: string) =>
  s.query<{ unit_id: number; tier: string }>(SELECT_TIERS_AT, [ruleSetId, unitIds, day]);

const SELECT_WEBHOOKS = `SELECT user_id, webhook_url FROM alert_settings WHERE user_id = ANY($1::int[]) AND webhook_url IS NOT NULL`;
export const selectWebhooks = (s: Session, userIds: readonly number[]) => s.query<{ user_id: number; webhook_url: string }>(SELECT_WEBHOOKS, [userIds]);

const INSERT_DELIVERIES = `
INSERT INTO alert_delivery (alert_id, url, payload)
SELECT alert_id, url, payload FROM jsonb_to_recordset($1::jsonb) AS d(alert_id bigint, url text, payload jsonb)`;
export const insertDeliveries = (s: Session, rows: ReadonlyArray<{ alert_id: number; url: string; payload: unknown }>) =>
  s.query(INSERT_DELIVERIES, [JSON.stringify(rows)]);

const SELECT_UNITS = `SELECT id, code, name, level FROM unit WHERE id = ANY($1::int[])`;
export const selectUnitNames = (s: Session, ids: readonly number[]) => s.query<{ id: number; code: string; name: string; level: string }>(SELECT_UNITS, [ids]);

const SELECT_ALERTS = `
SELECT a.id, a.unit_id, u.code, u.name, u.level, a.rule_set_id, a.from_tier, a.to_tier, a.day::text AS day, a.created_at, a.read_at
FROM alert a JOIN unit u ON u.id = a.unit_id WHERE a.user_id = $1 ORDER BY a.id DESC LIMIT $2`;
export const selectAlerts = (s: Session, userId: number, limit: number) => s.query<{
  id: number | string; unit_id: number; code: string; name: string; level: string; rule_set_id: string; from_tier: string | null; to_tier: string;
  day: string; created_at: Date | string; read_at: Date | string | null;
}>(SELECT_ALERTS, [userId, limit]);

export const markRead = (s: Session, userId: number) => s.query(`UPDATE alert SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);

export const selectSettings = async (s: Session, userId: number) =>
  (await s.query<{ follows_customised: boolean; webhook_url: string | null; webhook_secret: string | null }>(`SELECT follows_customised, webhook_url, webhook_secret FROM alert_settings WHERE user_id = $1`, [userId]))[0] ?? null;

export const selectFollows = async (s: Session, userId: number) =>
  (await s.query<{ unit_id: number }>(`SELECT unit_id FROM alert_follow WHERE user_id = $1 ORDER BY unit_id`, [userId])).map((r) => r.unit_id);

const UPSERT_SETTINGS = `
INSERT INTO alert_settings (user_id, follows_customised, webhook_url, webhook_secret) VALUES ($1, COALESCE($2, false), $3, $4)
ON CONFLICT (user_id) DO UPDATE SET follows_customised = COALESCE($2, alert_settings.follows_customised),
  webhook_url = CASE WHEN $5 THEN $3 ELSE alert_settings.webhook_url END,
  webhook_secret = CASE WHEN $5 THEN $4 ELSE alert_settings.webhook_secret END, updated_at = now()`;

export const upsertSettings = (s: Session, userId: number, values: { followsCustomised?: boolean; webhook?: { url: string | null; secret: string | null } }) =>
  s.query(UPSERT_SETTINGS, [userId, values.followsCustomised ?? null, values.webhook?.url ?? null, values.webhook?.secret ?? null, values.webhook !== undefined]);

export async function replaceFollows(s: Session, userId: number, unitIds: readonly number[]): Promise<void> {
  await s.query(`DELETE FROM alert_follow WHERE user_id = $1`, [userId]);
  await s.query(`INSERT INTO alert_follow (user_id, unit_id) SELECT $1, unnest($2::int[])`, [userId, unitIds]);
}

// The webhook outbox: due rows claimed with SKIP LOCKED (and rows left in sending by a stopped process), answered by id.
const CLAIM = `
UPDATE alert_delivery d SET status = 'sending', claimed_at = now(), attempts = d.attempts + 1
WHERE d.id IN (
  SELECT id FROM alert_delivery
  WHERE (status = 'pending' AND next_attempt_at <= now()) OR (status = 'sending' AND claimed_at < now() - make_interval(secs => $2))
  ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
RETURNING d.id, d.alert_id, d.url, d.payload, d.attempts, (SELECT user_id FROM alert a WHERE a.id = d.alert_id) AS user_id`;

export const claimDeliveries = (s: Session, limit: number, staleSeconds: number) =>
  s.query<{ id: number | string; alert_id: number | string; url: string; payload: unknown; attempts: number; user_id: number }>(CLAIM, [limit, staleSeconds]);

export const secretOf = async (s: Session, userId: number) =>
  (await s.query<{ webhook_secret: string | null }>(`SELECT webhook_secret FROM alert_settings WHERE user_id = $1`, [userId]))[0]?.webhook_secret ?? null;

const SENT = `UPDATE alert_delivery SET status = 'sent', sent_at = now(), last_status = $2, last_error = NULL WHERE id = $1`;
const RETRY = `
UPDATE alert_delivery SET status = CASE WHEN attempts >= $4 THEN 'failed' ELSE 'pending' END, last_status = $2, last_error = $3,
  next_attempt_at = now() + make_interval(secs => $5) WHERE id = $1`;

export const recordSent = (s: Session, id: number, status: number) => s.query(SENT, [id, status]);
export const recordFailure = (s: Session, id: number, status: number | null, error: string, maxAttempts: number, retryInSeconds: number) =>
  s.query(RETRY, [id, status, error, maxAttempts, retryInSeconds]);
