// SQL for users, sessions, API keys, sign-in throttling and the audit log.
import type { Session } from '../db/database.ts';
import type { Role } from './policy.ts';

export interface UserRow {
  id: number;
  username: string;
  display_name: string | null;
  role: Role;
  unit_id: number | null;
  unit_level: 'ward' | 'district' | null;
  source_id: number | null;
  password_hash: string | null;
  disabled_at: Date | null;
}

const USER_COLUMNS = `u.id, u.username, u.display_name, u.role, u.unit_id, un.level AS unit_level, u.source_id, u.password_hash, u.disabled_at`;
const SELECT_USER_BY_NAME = `SELECT ${USER_COLUMNS} FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id WHERE u.username = $1`;
const SELECT_USER_BY_SESSION = `
SELECT ${USER_COLUMNS}, s.csrf_token FROM app_session s JOIN app_user u ON u.id = s.user_id LEFT JOIN unit un ON un.id = u.unit_id
WHERE s.token_hash = $1 AND s.expires_at > now() AND u.disabled_at IS NULL`;
const TOUCH_SESSION = `UPDATE app_session SET last_seen_at = now() WHERE token_hash = $1 AND last_seen_at < now() - interval '1 minute'`;
const SELECT_USER_BY_KEY = `
SELECT ${USER_COLUMNS}, k.id AS key_id FROM api_key k JOIN app_user u ON u.id = k.user_id LEFT JOIN unit un ON un.id = u.unit_id
WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND u.disabled_at IS NULL`;
const TOUCH_KEY = `UPDATE api_key SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;
const INSERT_SESSION = `INSERT INTO app_session (token_hash, user_id, csrf_token, expires_at, address) VALUES ($1, $2, $3, now() + make_interval(secs => $4), $5)`;
const DELETE_SESSION = `DELETE FROM app_session WHERE token_hash = $1`;
const DELETE_EXPIRED_SESSIONS = `DELETE FROM app_session WHERE expires_at < now()`;
const INSERT_FAILURE = `INSERT INTO sign_in_failure (username, address) VALUES ($1, $2)`;
const COUNT_FAILURES = `
SELECT (SELECT count(*) FROM sign_in_failure WHERE username = $1 AND failed_at > now() - make_interval(secs => $3))::int AS by_user,
       (SELECT count(*) FROM sign_in_failure WHERE address = $2 AND failed_at > now() - make_interval(secs => $3))::int AS by_address`;
const CLEAR_FAILURES = `DELETE FROM sign_in_failure WHERE username = $1`;
const INSERT_USER = `
INSERT INTO app_user (username, display_name, role, unit_id, source_id, password_hash)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`;
const SELECT_USERS = `SELECT ${USER_COLUMNS} FROM app_user u LEFT JOIN unit un ON un.id = u.unit_id ORDER BY u.username`;
const INSERT_KEY = `INSERT INTO api_key (user_id, key_prefix, key_hash, label) VALUES ($1, $2, $3, $4) RETURNING id, created_at`;
const REVOKE_KEY = `UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`;
const SELECT_KEYS = `SELECT k.id, k.user_id, u.username, k.key_prefix, k.label, k.created_at, k.last_used_at, k.revoked_at FROM api_key k JOIN app_user u ON u.id = k.user_id ORDER BY k.id`;
const INSERT_AUDIT = `
INSERT INTO audit_log (user_id, username, role, method, endpoint, record_kind, record_ids, unit_id, address)
VALUES ($1, $2, $3, $4, $5, $6, $7::bigint[], $8, $9)`;
const SELECT_AUDIT = `
SELECT id, at, user_id, username, role, method, endpoint, record_kind, record_ids, unit_id, address
FROM audit_log WHERE ($1::timestamptz IS NULL OR at >= $1) AND ($2::timestamptz IS NULL OR at < $2)
ORDER BY id LIMIT $3 OFFSET $4`;

export const findUserByName = async (s: Session, username: string) => (await s.query<UserRow>(SELECT_USER_BY_NAME, [username]))[0] ?? null;

export async function findUserBySession(s: Session, tokenHash: string): Promise<(UserRow & { csrf_token: string }) | null> {
  const row = (await s.query<UserRow & { csrf_token: string }>(SELECT_USER_BY_SESSION, [tokenHash]))[0] ?? null;
  if (row) await s.query(TOUCH_SESSION, [tokenHash]);
  return row;
}

export async function findUserByApiKey(s: Session, keyHash: string): Promise<UserRow | null> {
  const row = (await s.query<UserRow & { key_id: number }>(SELECT_USER_BY_KEY, [keyHash]))[0] ?? null;
  if (row) await s.query(TOUCH_KEY, [row.key_id]);
  return row;
}

export async function insertSession(s: Session, tokenHash: string, userId: number, csrfToken: string, lifetimeSeconds: number, address: string): Promise<void> {
  await s.query(DELETE_EXPIRED_SESSIONS);
  await s.query(INSERT_SESSION, [tokenHash, userId, csrfToken, lifetimeSeconds, address]);
}

export const deleteSession = (s: Session, tokenHash: string) => s.query(DELETE_SESSION, [tokenHash]);
export const recordSignInFailure = (s: Session, username: string, address: string) => s.query(INSERT_FAILURE, [username, address]);
export const clearSignInFailures = (s: Session, username: string) => s.query(CLEAR_FAILURES, [username]);

export async function countRecentFailures(s: Session, username: string, address: string, windowSeconds: number): Promise<{ byUser: number; byAddress: number }> {
  const [row] = await s.query<{ by_user: number; by_address: number }>(COUNT_FAILURES, [username, address, windowSeconds]);
  return { byUser: row?.by_user ?? 0, byAddress: row?.by_address ?? 0 };
}

export interface NewUser {
  username: string;
  displayName: string | null;
  role: Role;
  unitId: number | null;
  sourceId: number | null;
  passwordHash: string | null;
}

export async function insertUser(s: Session, user: NewUser): Promise<number> {
  const [row] = await s.query<{ id: number }>(INSERT_USER, [user.username, user.displayName, user.role, user.unitId, user.sourceId, user.passwordHash]);
  return row!.id;
}

export const listUsers = (s: Session) => s.query<UserRow>(SELECT_USERS);

export async function insertApiKey(s: Session, userId: number, prefix: string, keyHash: string, label: string | null) {
  const [row] = await s.query<{ id: number; created_at: Date }>(INSERT_KEY, [userId, prefix, keyHash, label]);
  return row!;
}

export const revokeApiKey = async (s: Session, id: number) => (await s.query<{ id: number }>(REVOKE_KEY, [id])).length > 0;
export const listApiKeys = (s: Session) => s.query(SELECT_KEYS);

export interface AuditEntry {
  userId: number | null;
  username: string | null;
  role: string | null;
  method: string;
  endpoint: string;
  recordKind: string;
  recordIds: readonly number[];
  unitId: number | null;
  address: string | null;
}

export const insertAudit = (s: Session, e: AuditEntry) =>
  s.query(INSERT_AUDIT, [e.userId, e.username, e.role, e.method, e.endpoint, e.recordKind, e.recordIds, e.unitId, e.address]);

export const listAudit = (s: Session, from: string | null, to: string | null, limit: number, offset: number) => s.query(SELECT_AUDIT, [from, to, limit, offset]);
