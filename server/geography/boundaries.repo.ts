// SQL for loading boundaries: stage the checked features, judge what only
// the database can (parents, validity), repair, upsert by code. Set-based:
// one statement per step, whatever the number of features.
import type { Session } from '../db/database.ts';
import type { UnitLevel } from '../../geo/risk/index.ts';

export const STAGE_COLUMNS = ['idx', 'code', 'name', 'parent_code', 'population', 'population_18plus', 'population_50plus', 'population_65plus', 'geojson'] as const;

const CREATE_STAGE = `
CREATE TEMP TABLE boundary_stage (
  idx integer, code text, name text, parent_code text, population integer,
  population_18plus integer, population_50plus integer, population_65plus integer, geojson text
) ON COMMIT DROP`;

// The parent level each level hangs from; a block may hang from a ward that has no residential groups.
export const PARENT_LEVELS: Record<Exclude<UnitLevel, 'city'>, UnitLevel[]> = {
  district: ['city'],
  ward: ['district'],
  neighbourhood: ['ward'],
  block: ['neighbourhood', 'ward'],
};

// One row per staged feature with everything needed to accept or reject it.
const JUDGE = `
CREATE TEMP TABLE boundary_judged ON COMMIT DROP AS
SELECT s.idx, s.code, s.name, s.population, s.population_18plus, s.population_50plus, s.population_65plus,
       s.parent_code, p.id AS parent_id, p.level AS parent_level, existing.level AS existing_level,
       ST_IsValid(g.raw) AS was_valid,
       CASE WHEN ST_IsValid(g.raw) THEN NULL ELSE ST_IsValidReason(g.raw) END AS invalid_reason,
       CASE WHEN ST_IsValid(g.raw) THEN ST_Multi(g.raw)
            ELSE ST_Multi(ST_CollectionExtract(ST_MakeValid(g.raw), 3)) END AS geom
FROM boundary_stage s
CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(s.geojson), 4326) AS raw) g
LEFT JOIN unit p ON p.code = COALESCE(s.parent_code, CASE WHEN $1 = 'district' THEN (SELECT code FROM unit WHERE level = 'city' ORDER BY id LIMIT 1) END)
LEFT JOIN unit existing ON existing.code = s.code`;

const SELECT_REJECTS = `
SELECT idx, code, parent_code, parent_level, existing_level,
       CASE
         WHEN existing_level IS NOT NULL AND existing_level <> $1 THEN 'LEVEL_CONFLICT'
         WHEN parent_code IS NOT NULL AND parent_id IS NULL THEN 'PARENT_UNKNOWN'
         WHEN parent_id IS NULL THEN 'PARENT_MISSING'
         WHEN NOT (parent_level = ANY($2::text[])) THEN 'PARENT_LEVEL'
         WHEN geom IS NULL OR ST_IsEmpty(geom) THEN 'GEOMETRY_EMPTY'
       END AS problem
FROM boundary_judged`;

const DELETE_REJECTED = `DELETE FROM boundary_judged WHERE idx = ANY($1::int[])`;

const SELECT_REPAIRED = `SELECT code, invalid_reason FROM boundary_judged WHERE NOT was_valid ORDER BY idx`;

const UPSERT = `
INSERT INTO unit AS u (code, level, name, parent_id, population, population_18plus, population_50plus, population_65plus, synthetic, geom, age_bands_imported)
SELECT code, $1, name, parent_id, population, population_18plus, population_50plus, population_65plus, $2, geom, population IS NOT NULL AND NOT $2
FROM boundary_judged ORDER BY idx
ON CONFLICT (code) DO UPDATE SET
  age_bands_imported = excluded.age_bands_imported,
  name = excluded.name, parent_id = excluded.parent_id, population = excluded.population,
  population_18plus = excluded.population_18plus, population_50plus = excluded.population_50plus,
  population_65plus = excluded.population_65plus, synthetic = excluded.synthetic, geom = excluded.geom, updated_at = now()
WHERE (u.name, u.parent_id, u.population, u.population_18plus, u.population_50plus, u.population_65plus, u.synthetic)
        IS DISTINCT FROM (excluded.name, excluded.parent_id, excluded.population, excluded.population_18plus, excluded.population_50plus, excluded.population_65plus, excluded.synthetic)
   OR NOT ST_OrderingEquals(u.geom, excluded.geom)
RETURNING u.id, (xmax = 0) AS inserted`;

// district_id: a district is its own; anything below inherits its parent's.
const SET_DISTRICT_IDS = `
UPDATE unit u SET district_id = CASE WHEN u.level = 'district' THEN u.id ELSE p.district_id END
FROM unit p WHERE p.id = u.parent_id AND u.id = ANY($1::int[])`;

const ENSURE_CITY = `
INSERT INTO unit (code, level, name, parent_id) VALUES ($1, 'city', $2, NULL)
ON CONFLICT (code) DO NOTHING`;

// The city is the union of its districts; its population their sum when every district has one.
const REFRESH_CITY = `
UPDATE unit c SET
  geom = d.geom,
  population = CASE WHEN d.unknown = 0 THEN d.population END,
  population_18plus = CASE WHEN d.unknown = 0 THEN d.p18 END,
  population_50plus = CASE WHEN d.unknown = 0 THEN d.p50 END,
  population_65plus = CASE WHEN d.unknown = 0 THEN d.p65 END,
  updated_at = now()
FROM (SELECT parent_id, ST_Multi(ST_CollectionExtract(ST_Union(geom), 3)) AS geom, sum(population)::int AS population,
             sum(population_18plus)::int AS p18, sum(population_50plus)::int AS p50, sum(population_65plus)::int AS p65,
             count(*) FILTER (WHERE population IS NULL) AS unknown
      FROM unit WHERE level = 'district' GROUP BY parent_id) d
WHERE c.level = 'city' AND c.id = d.parent_id`;

const BUMP_BOUNDARY_VERSION = `UPDATE boundary_version SET version = version + 1, changed_at = now()`;

export async function stageBoundaries(session: Session, rows: Iterable<string>): Promise<void> {
  await session.exec(CREATE_STAGE);
  await session.copyCsv('boundary_stage', STAGE_COLUMNS, rows);
}

export interface DatabaseReject {
  idx: number;
  code: string;
  parent_code: string | null;
  parent_level: string | null;
  existing_level: string | null;
  problem: 'LEVEL_CONFLICT' | 'PARENT_UNKNOWN' | 'PARENT_MISSING' | 'PARENT_LEVEL' | 'GEOMETRY_EMPTY';
}

/** Judges staged rows; removes and returns the ones that cannot load. */
export async function judgeBoundaries(session: Session, level: Exclude<UnitLevel, 'city'>): Promise<DatabaseReject[]> {
  await session.query(JUDGE, [level]);
  const rejects = (await session.query<DatabaseReject & { problem: DatabaseReject['problem'] | null }>(SELECT_REJECTS, [level, PARENT_LEVELS[level]])).filter(
    (row): row is DatabaseReject => row.problem !== null,
  );
  if (rejects.length > 0) await session.query(DELETE_REJECTED, [rejects.map((r) => r.idx)]);
  return rejects;
}

export async function listRepaired(session: Session): Promise<Array<{ code: string; invalid_reason: string }>> {
  return session.query(SELECT_REPAIRED);
}

export async function upsertJudgedUnits(session: Session, level: UnitLevel, synthetic: boolean): Promise<{ inserted: number; updated: number }> {
  const rows = await session.query<{ id: number; inserted: boolean }>(UPSERT, [level, synthetic]);
  if (rows.length > 0) {
    await session.query(SET_DISTRICT_IDS, [rows.map((r) => r.id)]);
    await session.query(BUMP_BOUNDARY_VERSION);
  }
  const inserted = rows.filter((r) => r.inserted).length;
  return { inserted, updated: rows.length - inserted };
}

export async function ensureCity(session: Session, code: string, name: string): Promise<void> {
  await session.query(ENSURE_CITY, [code, name]);
}

export async function refreshCity(session: Session): Promise<void> {
  await session.query(REFRESH_CITY);
}
