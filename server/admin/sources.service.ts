// Data sources (sites) for the admin tool and `riskmap source add`: register
// a site with its district, issue and revoke its API keys (each key belongs
// to the site's data_source account, made on the first key), see and reset
// the column mapping ingest remembered for it.
import { createApiKey, createUser } from '../access/access.service.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import {
  clearColumnMapping, insertSource, revokeKeyOfSource, selectDistrictId, selectSiteAccount, selectSourceById, selectSourceKeys, selectSources, usernameExists,
} from './sources.repo.ts';

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
      districtId = await selectDistrictId(s, input.districtCode);
      if (districtId === null) throw new AppError('SOURCE_DISTRICT_UNKNOWN', `no district ${input.districtCode}`, { districtCode: input.districtCode });
    }
    const id = await insertSource(s, { code, name, kind: input.kind as SourceKind, districtId, requireNationalId: input.requireNationalId ?? false });
    if (id === null) throw new AppError('SOURCE_CODE_TAKEN', `source ${code} already exists`, { code });
    return { id };
  });
}

export async function listSources(database: Database): Promise<SourceDetail[]> {
  return database.withSession(async (s) => {
    const rows = await selectSources(s);
    const keys = await selectSourceKeys(s);
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
    const source = await selectSourceById(s, sourceId);
    const existing = source ? await selectSiteAccount(s, sourceId) : null;
    return { source, existing };
  });
  if (!source) throw new AppError('NOT_FOUND', `no data source ${sourceId}`);
  if (existing) return existing;
  let username = `site.${source.code}`.slice(0, 64).replace(/[^A-Za-z0-9._-]/g, '_');
  for (let n = 2; await database.withSession((s) => usernameExists(s, username)); n++) username = `site.${source.code}.${n}`.slice(0, 64);
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
  if (!(await database.withSession((s) => revokeKeyOfSource(s, sourceId, keyId)))) throw new AppError('NOT_FOUND', `no active key ${keyId} of data source ${sourceId}`);
}

/** Forgets the remembered column mapping: the next file's header is mapped afresh. */
export async function resetColumnMapping(database: Database, sourceId: number): Promise<void> {
  if (!(await database.withSession((s) => clearColumnMapping(s, sourceId)))) throw new AppError('NOT_FOUND', `no data source ${sourceId}`);
}
