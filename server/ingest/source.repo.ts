// Sources (created on first use by code) and the gazetteer the address
// normaliser resolves wards and districts against.
import { indexGazetteer, type GazetteerIndex, type GazetteerUnit } from '../../geo/normalise/address-units.ts';
import { sql } from 'kysely';
import type { Session } from '../db/database.ts';
import type { DB, Json } from '../db/database.generated.ts';
import type { CaseClassification, IngestKind } from './ingest.types.ts';

export interface SourceRow {
  id: number;
  code: string;
  kind: string;
  column_mapping: unknown;
  require_national_id: boolean;
  case_classification: CaseClassification | null;
}

type SourceKind = DB['source']['kind'];
const SOURCE_KINDS: readonly SourceKind[] = ['test_site', 'hospital', 'business', 'vaccination_site', 'registry', 'simulator', 'other'];
const SOURCE_COLUMNS = ['id', 'code', 'kind', 'column_mapping', 'require_national_id', 'case_classification'] as const;

const selectSource = (session: Session, code: string): Promise<SourceRow | undefined> =>
  session.db.selectFrom('source').select(SOURCE_COLUMNS).where('code', '=', code).executeTakeFirst();

/** True when `kind` is a source kind the schema accepts. */
export function isSourceKind(kind: string): boolean {
  return (SOURCE_KINDS as readonly string[]).includes(kind);
}

/** The source with this code, created with `kind` (default by ingest kind) when new. */
export async function ensureSource(session: Session, code: string, ingestKind: IngestKind, kind?: string): Promise<SourceRow> {
  // Read first: a known source (every request but a site's first) then costs no write.
  const known = await selectSource(session, code);
  if (known) return known;
  await session.db.insertInto('source')
    .values({ code, name: code, kind: (kind ?? (ingestKind === 'tests' ? 'test_site' : 'vaccination_site')) as SourceKind })
    .onConflict((conflict) => conflict.column('code').doNothing())
    .execute();
  const row = await selectSource(session, code);
  if (!row) throw new Error(`source ${code} vanished after insert`);
  return row;
}

/** The source with this code, or null (a dry run creates nothing). */
export async function findSource(session: Session, code: string): Promise<SourceRow | null> {
  return (await selectSource(session, code)) ?? null;
}

export async function saveColumnMapping(session: Session, sourceId: number, mapping: unknown): Promise<void> {
  const json = JSON.stringify(mapping);
  // Unchanged (a site sending its usual columns) writes nothing and locks nothing.
  await session.db.updateTable('source')
    .set({ column_mapping: json })
    .where('id', '=', sourceId)
    .where('column_mapping', 'is distinct from', sql<Json>`${json}::jsonb`)
    .execute();
}

export async function listGazetteer(session: Session): Promise<GazetteerUnit[]> {
  const rows = await session.db.selectFrom('unit as u')
    .leftJoin('unit as d', (join) => join.onRef('d.id', '=', 'u.parent_id').on('u.level', '=', 'ward'))
    .select(['u.code', 'u.name', 'u.level', 'd.code as parent_code'])
    .where('u.level', 'in', ['district', 'ward'])
    .execute();
  return rows.map((r) => ({ code: r.code, name: r.name, level: r.level as 'district' | 'ward', parentCode: r.parent_code }));
}

/** The districts and wards as they are now, as one hash: the gazetteer index is built again only when it changes. */
const gazetteerVersion = (session: Session) => sql<{ version: string | null }>`
SELECT md5(string_agg(concat_ws(':', u.id, u.code, u.name, u.level, u.parent_id), ',' ORDER BY u.id)) AS version
FROM unit u WHERE u.level IN ('district', 'ward')`.execute(session.db);

const gazetteerIndexes = new Map<string, GazetteerIndex>();
const GAZETTEER_INDEXES_KEPT = 8;

/** The gazetteer index, reused across requests while the districts and wards are unchanged (one small query instead of a rebuild). */
export async function loadGazetteerIndex(session: Session): Promise<GazetteerIndex> {
  const [row] = (await gazetteerVersion(session)).rows;
  const version = row?.version ?? 'none';
  const kept = gazetteerIndexes.get(version);
  if (kept) return kept;
  const index = indexGazetteer(await listGazetteer(session));
  if (gazetteerIndexes.size >= GAZETTEER_INDEXES_KEPT) gazetteerIndexes.delete(gazetteerIndexes.keys().next().value as string);
  gazetteerIndexes.set(version, index);
  return index;
}
