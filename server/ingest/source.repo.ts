// Sources (created on first use by code) and the gazetteer the address
// normaliser resolves wards and districts against.
import { indexGazetteer, type GazetteerIndex, type GazetteerUnit } from '../../geo/normalise/address-units.ts';
import type { Session } from '../db/database.ts';
import type { CaseClassification, IngestKind } from './ingest.types.ts';

export interface SourceRow {
  id: number;
  code: string;
  kind: string;
  column_mapping: unknown;
  require_national_id: boolean;
  case_classification: CaseClassification | null;
}

const SOURCE_KINDS = ['test_site', 'hospital', 'business', 'vaccination_site', 'registry', 'simulator', 'other'];

const INSERT_SOURCE = `INSERT INTO source (code, name, kind) VALUES ($1, $1, $2) ON CONFLICT (code) DO NOTHING`;
const SELECT_SOURCE = `SELECT id, code, kind, column_mapping, require_national_id, case_classification FROM source WHERE code = $1`;

/** True when `kind` is a source kind the schema accepts. */
export function isSourceKind(kind: string): boolean {
  return SOURCE_KINDS.includes(kind);
}

/** The source with this code, created with `kind` (default by ingest kind) when new. */
export async function ensureSource(session: Session, code: string, ingestKind: IngestKind, kind?: string): Promise<SourceRow> {
  // Read first: a known source (every request but a site's first) then costs no write.
  const [known] = await session.query<SourceRow>(SELECT_SOURCE, [code]);
  if (known) return known;
  await session.query(INSERT_SOURCE, [code, kind ?? (ingestKind === 'tests' ? 'test_site' : 'vaccination_site')]);
  const [row] = await session.query<SourceRow>(SELECT_SOURCE, [code]);
  if (!row) throw new Error(`source ${code} vanished after insert`);
  return row;
}

/** The source with this code, or null (a dry run creates nothing). */
export async function findSource(session: Session, code: string): Promise<SourceRow | null> {
  const [row] = await session.query<SourceRow>(SELECT_SOURCE, [code]);
  return row ?? null;
}

// Unchanged (a site sending its usual columns) writes nothing and locks nothing.
const SAVE_MAPPING = `UPDATE source SET column_mapping = $2 WHERE id = $1 AND column_mapping IS DISTINCT FROM $2::jsonb`;

export async function saveColumnMapping(session: Session, sourceId: number, mapping: unknown): Promise<void> {
  await session.query(SAVE_MAPPING, [sourceId, JSON.stringify(mapping)]);
}

const SELECT_GAZETTEER = `
SELECT u.code, u.name, u.level, d.code AS parent_code
FROM unit u LEFT JOIN unit d ON d.id = u.parent_id AND u.level = 'ward'
WHERE u.level IN ('district', 'ward')`;

export async function listGazetteer(session: Session): Promise<GazetteerUnit[]> {
  const rows = await session.query<{ code: string; name: string; level: 'district' | 'ward'; parent_code: string | null }>(SELECT_GAZETTEER);
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parent_code }));
}

// The districts and wards as they are now, as one hash: the gazetteer index is built again only when it changes.
const GAZETTEER_VERSION = `
SELECT md5(string_agg(concat_ws(':', u.id, u.code, u.name, u.level, u.parent_id), ',' ORDER BY u.id)) AS version
FROM unit u WHERE u.level IN ('district', 'ward')`;

const gazetteerIndexes = new Map<string, GazetteerIndex>();
const GAZETTEER_INDEXES_KEPT = 8;

/** The gazetteer index, reused across requests while the districts and wards are unchanged (one small query instead of a rebuild). */
export async function loadGazetteerIndex(session: Session): Promise<GazetteerIndex> {
  const [row] = await session.query<{ version: string | null }>(GAZETTEER_VERSION);
  const version = row?.version ?? 'none';
  const kept = gazetteerIndexes.get(version);
  if (kept) return kept;
  const index = indexGazetteer(await listGazetteer(session));
  if (gazetteerIndexes.size >= GAZETTEER_INDEXES_KEPT) gazetteerIndexes.delete(gazetteerIndexes.keys().next().value as string);
  gazetteerIndexes.set(version, index);
  return index;
}
