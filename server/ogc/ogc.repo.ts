// OGC API Features SQL: units of one level with their parent and the tier of
// the default rule set standing on a day (the latest row on or before it).
import { DEFAULT_RULE_SET_ID } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';

// $1 rule set, $2 day (NULL = latest). unit_tier is keyed (district_id, unit_id, rule_set_id, day):
// matching district_id routes the lookup to the primary key (and to one shard under Citus).
const UNIT_FEATURE_SELECT = `
SELECT u.id, u.code, u.name, u.level, u.parent_id, p.code AS parent_code, u.district_id, a.ward_id, u.population,
       u.population_18plus, u.population_50plus, u.population_65plus,
       t.tier, t.day::text AS tier_day, t.insufficient_data AS tier_insufficient_data, t.indicators,
       ST_AsGeoJSON(u.geom, 7)::json AS geometry
FROM unit u
LEFT JOIN unit p ON p.id = u.parent_id
LEFT JOIN unit_ancestry a ON a.unit_id = u.id
LEFT JOIN LATERAL (
  SELECT ut.tier, ut.day, ut.insufficient_data, ut.indicators
  FROM unit_tier ut
  WHERE ut.district_id = u.district_id AND ut.unit_id = u.id AND ut.rule_set_id = $1
    AND ($2::date IS NULL OR ut.day <= $2::date)
  ORDER BY ut.day DESC
  LIMIT 1
) t ON true`;

// Units below ward level are limited to a ward official's ward or district (both NULL = no limit).
const scopeFilter = (ward: string, district: string) => `
  AND (${ward}::int IS NULL AND ${district}::int IS NULL
       OR u.id IN (SELECT a.unit_id FROM unit_ancestry a WHERE a.ward_id = ${ward}::int OR a.district_id = ${district}::int))`;

// $3 level, $4..$7 bbox (all NULL = no bbox), $10/$11 scope.
const UNIT_FILTER = `
WHERE u.level = $3
  AND ($4::float8 IS NULL OR (u.geom && ST_MakeEnvelope($4, $5, $6, $7, 4326) AND ST_Intersects(u.geom, ST_MakeEnvelope($4, $5, $6, $7, 4326))))${scopeFilter('$10', '$11')}`;

/** $1 rule set, $2 day, $3 level, $4..$7 bbox, $8 limit, $9 offset, $10 ward scope, $11 district scope. */
export const UNIT_ITEMS_SQL = `${UNIT_FEATURE_SELECT}${UNIT_FILTER}
ORDER BY u.id
LIMIT $8 OFFSET $9`;

/** $1 level, $2..$5 bbox, $6 ward scope, $7 district scope. */
export const UNIT_ITEMS_COUNT_SQL = `
SELECT count(*)::int AS matched FROM unit u
WHERE u.level = $1
  AND ($2::float8 IS NULL OR (u.geom && ST_MakeEnvelope($2, $3, $4, $5, 4326) AND ST_Intersects(u.geom, ST_MakeEnvelope($2, $3, $4, $5, 4326))))${scopeFilter('$6', '$7')}`;

/** $1 rule set, $2 day, $3 level, $4 unit id, $5 ward scope, $6 district scope. */
export const UNIT_ITEM_SQL = `${UNIT_FEATURE_SELECT}
WHERE u.level = $3 AND u.id = $4${scopeFilter('$5', '$6')}`;

/** Extent of each level that has units, and the days the default rule set has tiers for. */
export const LEVEL_EXTENTS_SQL = `
SELECT level, ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
FROM (SELECT level, ST_Extent(geom) AS e FROM unit WHERE level <> 'city' GROUP BY level) extents
WHERE e IS NOT NULL`;

/** $1 rule set. */
export const TIER_DAYS_SQL = 'SELECT min(day)::text AS first_day, max(day)::text AS last_day FROM unit_tier WHERE rule_set_id = $1';

export type Bbox = [number, number, number, number];

export interface UnitFeatureRow {
  id: number;
  code: string;
  name: string;
  level: string;
  parent_id: number | null;
  parent_code: string | null;
  district_id: number | null;
  ward_id: number | null;
  population: number | null;
  /** Population bands, for withholding shares that would give a small count back; not published as properties. */
  population_18plus: number | null;
  population_50plus: number | null;
  population_65plus: number | null;
  tier: string | null;
  tier_day: string | null;
  tier_insufficient_data: boolean | null;
  indicators: unknown;
  geometry: unknown;
}

/** A ward official's limit below ward level: their ward or district; null = the whole city. */
export type UnitScope = { wardId: number } | { districtId: number } | null;
const scopeParams = (scope: UnitScope) => [scope && 'wardId' in scope ? scope.wardId : null, scope && 'districtId' in scope ? scope.districtId : null];

export interface UnitItemsQuery {
  scope: UnitScope;
  level: string;
  bbox: Bbox | null;
  day: string | null;
  limit: number;
  offset: number;
}

const bboxParams = (bbox: Bbox | null) => bbox ?? [null, null, null, null];

/** One page of units and how many match in all. */
export async function findUnitItems(session: Session, query: UnitItemsQuery): Promise<{ rows: UnitFeatureRow[]; matched: number }> {
  const [count] = await session.query<{ matched: number }>(UNIT_ITEMS_COUNT_SQL, [query.level, ...bboxParams(query.bbox), ...scopeParams(query.scope)]);
  const rows = await session.query<UnitFeatureRow>(UNIT_ITEMS_SQL, [DEFAULT_RULE_SET_ID, query.day, query.level, ...bboxParams(query.bbox), query.limit, query.offset, ...scopeParams(query.scope)]);
  return { rows, matched: count?.matched ?? 0 };
}

/** One unit of a level, or undefined. */
export async function findUnitItem(session: Session, level: string, id: number, day: string | null, scope: UnitScope = null): Promise<UnitFeatureRow | undefined> {
  const [row] = await session.query<UnitFeatureRow>(UNIT_ITEM_SQL, [DEFAULT_RULE_SET_ID, day, level, id, ...scopeParams(scope)]);
  return row;
}

/** Bounds per level (levels with no units are absent) and the first and last tier days (null when none). */
export async function readCollectionExtents(session: Session): Promise<{ bounds: Map<string, Bbox>; firstDay: string | null; lastDay: string | null }> {
  const rows = await session.query<{ level: string; west: number; south: number; east: number; north: number }>(LEVEL_EXTENTS_SQL);
  const [days] = await session.query<{ first_day: string | null; last_day: string | null }>(TIER_DAYS_SQL, [DEFAULT_RULE_SET_ID]);
  return {
    bounds: new Map(rows.map((r) => [r.level, [r.west, r.south, r.east, r.north] as Bbox])),
    firstDay: days?.first_day ?? null,
    lastDay: days?.last_day ?? null,
  };
}
