// Per-site API keys for `riskmap simulate --live`: every synthetic site gets
// its own source row, a data_source user bound to it and an API key, so live
// traffic passes the same authorisation a real site's does (a site's key
// sends only as that site). The keys are kept in a file beside the ground
// truth (mode 600, like the data folder's other secrets) so a later --live
// run reuses them without opening the database the server holds.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { SyntheticSource } from '../../geo/simulate/sources.ts';
import { createApiKey, createUser } from '../access/access.service.ts';
import { findUserByName } from '../access/access.repo.ts';
import type { Database } from '../db/database.ts';
import { SOURCE_KIND } from './ingest-adapter.ts';

/** Source code → API key of the site's data_source user. */
export type SiteKeys = Record<string, string>;

export const SITE_KEYS_FILE = 'site-keys.json';

const INSERT_SITE_SOURCE = `INSERT INTO source (code, name, kind) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`;

/** The data_source user of a synthetic site (usernames allow letters, digits, dots, dashes). */
export const siteUsername = (code: string): string => `site.${code}`.replace(/[^a-z0-9._-]/gi, '-').slice(0, 64);

/** Creates (or reuses) each site's source and data_source user and issues one new API key per site. */
export async function createSiteKeys(database: Database, sources: readonly SyntheticSource[]): Promise<SiteKeys> {
  const keys: SiteKeys = {};
  for (const source of sources) {
    const username = siteUsername(source.code);
    const exists = await database.withSession(async (s) => {
      await s.query(INSERT_SITE_SOURCE, [source.code, source.name, SOURCE_KIND[source.kind]]);
      return (await findUserByName(s, username)) !== null;
    });
    if (!exists) await createUser(database, { username, role: 'data_source', sourceCode: source.code, displayName: source.name });
    keys[source.code] = (await createApiKey(database, username, 'riskmap simulate --live')).key;
  }
  return keys;
}

/** The saved keys, or null when there is no file or it lacks a key for one of the sites. */
export async function readSiteKeys(file: string, sources: readonly SyntheticSource[]): Promise<SiteKeys | null> {
  let keys: SiteKeys;
  try {
    keys = JSON.parse(await fs.readFile(file, 'utf8')) as SiteKeys;
  } catch {
    return null;
  }
  return sources.every((s) => typeof keys[s.code] === 'string') ? keys : null;
}

export async function writeSiteKeys(file: string, keys: SiteKeys): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
}

/** Keys from the file when it covers every site, else new ones (written to the file). */
export async function ensureSiteKeys(database: Database, sources: readonly SyntheticSource[], file: string): Promise<SiteKeys> {
  const saved = await readSiteKeys(file, sources);
  if (saved) return saved;
  const keys = await createSiteKeys(database, sources);
  await writeSiteKeys(file, keys);
  return keys;
}
