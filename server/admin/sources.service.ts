// Data sources (sites) for the admin tool and `riskmap source add`: register
// a site with its district, issue and revoke its API keys (each key belongs
// to the site's data_source account, made on the first key), see and reset
// the column mapping ingest remembered for it.
import { createApiKey, createUser } from '../access/access.service.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';

/** As the CHECK on source.kind has them (migrations/0001_core.sql). */
export const SOURCE_KINDS = ['test_site', 'hospital', 'business', 'vaccination_site', 'registry', 'simulator', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface NewSource {
  code: string;
  name: string;
  kind: string;
  districtCode?: string | null;
  requireNationalId?: boolean;
}

export interface SourceKey {
  id: number;
  prefix: string;
  label: string | null;
  username: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface SourceDetail {
  id: number;
  code: string;
  name: string;
  kind: string;
  district: { id: number; code: string; name: string } | null;
  requireNationalId: boolean;
  columnMapping: unknown;
  createdAt: string;
  keys: SourceKey[];
}

const SELECT_DISTRICT = `SELECT id FROM unit WHERE code = $1 AND level = 'district'`;
const INSERT_SOURCE = `
INSERT INTO source (code, name, kind, district_id, require_national_id) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (code) DO NOTHING RETURNING id`;
const SELECT_SOURCES = `
SELECT s.id, s.code, s.name, s.kind, s.require_national_id, s.column_mapping, s.created_at,
       d.id AS district_id, d.code AS district_code, d.name AS district_name
FROM source s LEFT JOIN unit d ON d.id = s.district_id ORDER BY s.code`;
const SELECT_KEYS = `
SELECT k.id, k.key_prefix, k.label, u.username, u.source_id, k.created_at, k.last_used_at, k.revoked_at
FROM api_key k JOIN app_user u ON u.id = k.user_id WHERE u.source_id IS NOT NULL ORDER BY k.id`;
const SELECT_SOURCE = `SELECT id, code FROM source WHERE id = $1`;
const SELECT_SITE_ACCOUNT = `SELECT username FROM app_user WHERE source_id = $1 AND role = 'data_source' AND disabled_at IS NULL ORDER BY id LIMIT 1`;
const SELECT_USERNAME = `SELECT 1 FROM app_user WHERE username = $1`;
const REVOKE_SOURCE_KEY = `
UPDATE api_key k SET revoked_at = now() FROM app_user u
WHERE k.id = $2 AND u.id = k.user_id AND u.source_id = $1 AND k.revoked_at IS NULL RETURNING k.id`;
const RESET_MAPPING = `UPDATE source SET column_mapping = NULL WHERE id = $1 RETURNING id`;

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/** Registers a site; refuses a code in use, an unknown kind or district (nothing is written then). */
export async function registerSource(database: Database, input: NewSource): Promise<{ id: number }> {
  const code = input.code.trim();
  if (!/^[A-Za-z0-9._-]{2,64}$/.test(code)) throw new AppError('SOURCE_CODE_INVALID', undefined, { code });
  if (!(SOURCE_KINDS as readonly string[]).includes(input.kind)) throw new AppError('SOURCE_KIND_UNKNOWN', `kind must be one of ${SOURCE_KINDS.join(', ')}`, { kind: input.kind, kinds: SOURCE_KINDS });
  const name = input.name.trim() || code;
  return database.transaction(async (s) => {
    let districtId: number | null = null;
    if (input.districtCode) {
      const [district] = await s.query<{ id: number }>(SELECT_DISTRICT, [input.districtCode]);
      if (!district) throw new AppError('SOURCE_DISTRICT_UNKNOWN', `no district ${input.districtCode}`, { districtCode: input.districtCode });
      districtId = district.id;
    }
    const [row] = await s.query<{ id: number }>(INSERT_SOURCE, [code, name, input.kind, districtId, input.requireNationalId ?? false]);
    if (!row) throw new AppError('SOURCE_CODE_TAKEN', `source ${code} already exists`, { code });
    return { id: row.id };
  });
}

export async function listSources(database: Database): Promise<SourceDetail[]> {
  return database.withSession(async (s) => {
    const rows = await s.query<{
      id: number; code: string; name: string; kind: string; require_national_id: boolean; column_mapping: unknown; created_at: Date | string;
      district_id: number | null; district_code: string | null; district_name: string | null;
    }>(SELECT_SOURCES);
    const keys = await s.query<{ id: number; key_prefix: string; label: string | null; username: string; source_id: number; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }>(SELECT_KEYS);
    return rows.map((r) => ({
      id: r.id, code: r.code, name: r.name, kind: r.kind, requireNationalId: r.require_national_id, columnMapping: r.column_mapping ?? null,
      createdAt: iso(r.created_at) ?? '',
      district: r.district_id === null ? null : { id: r.district_id, code: r.district_code ?? '', name: r.district_name ?? '' },
      keys: keys.filter((k) => k.source_id === r.id).map((k) => ({
        id: k.id, prefix: k.key_prefix, label: k.label, username: k.username, createdAt: iso(k.created_at) ?? '', lastUsedAt: iso(k.last_used_at), revokedAt: iso(k.revoked_at),
      })),
    }));
  });
}

/** The site's data_source account, created (no password: it signs in by key) on its first key. */
async function siteAccount(database: Database, sourceId: number): Promise<string> {
  const { source, existing } = await database.withSession(async (s) => {
    const [source] = await s.query<{ id: number; code: string }>(SELECT_SOURCE, [sourceId]);
    const [existing] = source ? await s.query<{ username: string }>(SELECT_SITE_ACCOUNT, [sourceId]) : [];
    return { source, existing };
  });
  if (!source) throw new AppError('NOT_FOUND', `no data source ${sourceId}`);
  if (existing) return existing.username;
  let username = `site.${source.code}`.slice(0, 64).replace(/[^A-Za-z0-9._-]/g, '_');
  for (let n = 2; await database.withSession(async (s) => (await s.query(SELECT_USERNAME, [username])).length > 0); n++) username = `site.${source.code}.${n}`.slice(0, 64);
  await createUser(database, { username, role: 'data_source', sourceCode: source.code });
  return username;
}

/** Issues an API key for the site; the key is in this answer only. */
export async function issueSourceKey(database: Database, sourceId: number, label: string | null): Promise<{ id: number; key: string; username: string }> {
  const username = await siteAccount(database, sourceId);
  const key = await createApiKey(database, username, label);
  return { ...key, username };
}

export async function revokeSourceKey(database: Database, sourceId: number, keyId: number): Promise<void> {
  const rows = await database.withSession((s) => s.query(REVOKE_SOURCE_KEY, [sourceId, keyId]));
  if (rows.length === 0) throw new AppError('NOT_FOUND', `no active key ${keyId} of data source ${sourceId}`);
}

/** Forgets the remembered column mapping: the next file's header is mapped afresh. */
export async function resetColumnMapping(database: Database, sourceId: number): Promise<void> {
  const rows = await database.withSession((s) => s.query(RESET_MAPPING, [sourceId]));
  if (rows.length === 0) throw new AppError('NOT_FOUND', `no data source ${sourceId}`);
}
