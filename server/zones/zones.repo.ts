// Reads and writes of saved zones, and the SQL other features reuse to ask
// "which households / blocks lie in a zone" (aid rounds build on it).
import { sql } from 'kysely';
import type { Session } from '../db/database.ts';

/**
 * CTE text `zone_household(district_id, id)`: the households of zone `zoneParam`
 * (a placeholder such as '$1'). Units zone: households of the chosen units'
 * subtrees (by block, the block's neighbourhood, ward or district). Polygon
 * zone: households whose location lies in the polygon (ST_Intersects, so a
 * point on the edge counts). Filtered by district_id first so the query routes
 * to the zone's districts. Use as `WITH ${zoneHouseholdsCte('$1')} SELECT …`.
 */
export const zoneHouseholdsCte = (zoneParam: string): string => `
zone_household AS (
  SELECT h.district_id, h.id
  FROM zone z
  JOIN household h ON h.district_id = ANY (z.district_ids)
  LEFT JOIN unit b ON b.id = h.block_id
  WHERE z.id = ${zoneParam}::int
    AND CASE WHEN z.kind = 'polygon' THEN ST_Intersects(z.geom, h.geom)
             ELSE h.block_id = ANY (z.unit_ids) OR b.parent_id = ANY (z.unit_ids)
                  OR h.ward_id = ANY (z.unit_ids) OR h.district_id = ANY (z.unit_ids) END)`;

/** The households of zone $1 as (district_id, id). */
export const SELECT_ZONE_HOUSEHOLDS = `WITH ${zoneHouseholdsCte('$1')} SELECT district_id, id FROM zone_household ORDER BY district_id, id`;

/**
 * CTE text `zone_block(id)`: the blocks of zone `zoneParam`. Units zone: blocks
 * in the chosen units' subtrees (the unit itself, its children, grandchildren…).
 * Polygon zone: blocks whose interior point (ST_PointOnSurface) lies in the polygon.
 */
export const zoneBlocksCte = (zoneParam: string): string => `
zone_block AS (
  SELECT b.id
  FROM zone z
  JOIN unit b ON b.level = 'block' AND b.district_id = ANY (z.district_ids)
  LEFT JOIN unit p ON p.id = b.parent_id
  WHERE z.id = ${zoneParam}::int
    AND CASE WHEN z.kind = 'polygon' THEN ST_Intersects(z.geom, ST_PointOnSurface(b.geom))
             ELSE b.id = ANY (z.unit_ids) OR b.parent_id = ANY (z.unit_ids) OR p.parent_id = ANY (z.unit_ids)
                  OR b.district_id = ANY (z.unit_ids) END)`;

export const SELECT_ZONE_BLOCK_IDS = `WITH ${zoneBlocksCte('$1')} SELECT id FROM zone_block ORDER BY id`;

export interface ZoneRow {
  id: number;
  name: string;
  kind: 'units' | 'polygon';
  owner_id: number;
  shared: boolean;
  unit_level: string | null;
  unit_ids: number[];
  geometry: string | null;
  district_ids: number[];
  created_at: string;
}

/** A zone's columns as its row: geometry as GeoJSON text (7 decimals), created_at as text. */
const selectZones = (session: Session) => session.db.selectFrom('zone').select([
  'id', 'name', 'kind', 'owner_id', 'shared', 'unit_level', 'unit_ids', sql<string | null>`ST_AsGeoJSON(geom, 7)`.as('geometry'), 'district_ids',
  sql<string>`created_at::text`.as('created_at'),
]);

const INSERT_UNITS_ZONE = `
INSERT INTO zone (name, kind, owner_id, shared, unit_ids, district_ids)
SELECT $1, 'units', $2, $3, $4::int[],
       COALESCE((SELECT array_agg(DISTINCT district_id ORDER BY district_id) FROM unit WHERE id = ANY ($4::int[]) AND district_id IS NOT NULL), '{}')
RETURNING id`;

// $1 GeoJSON geometry; the polygon's units are those of level $5 whose interior point lies inside.
const INSERT_POLYGON_ZONE = `
WITH g AS (SELECT ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326))::geometry(MultiPolygon, 4326) AS geom)
INSERT INTO zone (name, kind, owner_id, shared, unit_level, geom, unit_ids, district_ids)
SELECT $2, 'polygon', $3, $4, $5, g.geom,
       COALESCE((SELECT array_agg(u.id ORDER BY u.id) FROM unit u WHERE u.level = $5 AND ST_Intersects(g.geom, ST_PointOnSurface(u.geom))), '{}'),
       COALESCE((SELECT array_agg(u.id ORDER BY u.id) FROM unit u WHERE u.level = 'district' AND ST_Intersects(g.geom, u.geom)), '{}')
FROM g
RETURNING id`;

// Validity of a GeoJSON geometry as PostGIS sees it: reason text (with the location) when not valid.
const CHECK_GEOMETRY = `
WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS geom)
SELECT ST_IsValid(geom) AS valid, ST_IsValidReason(geom) AS reason, ST_IsEmpty(geom) AS empty FROM g`;

// Share of the polygon's area outside unit $2 (0 = fully inside), in the polygon's own area; 1 when the unit has no boundary.
const SELECT_OUTSIDE_SHARE = `
WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS geom)
SELECT CASE WHEN u.geom IS NULL OR ST_Area(g.geom) = 0 THEN 1
            ELSE ST_Area(ST_Difference(g.geom, u.geom)) / ST_Area(g.geom) END AS outside
FROM g, unit u WHERE u.id = $2`;

export async function selectZone(session: Session, id: number): Promise<ZoneRow | null> {
  return (await selectZones(session).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The owner's zones and the shared ones (every zone when `all`), by id. */
export async function selectZonesOf(session: Session, ownerId: number, all: boolean): Promise<ZoneRow[]> {
  const zones = selectZones(session);
  return (all ? zones : zones.where((eb) => eb.or([eb('owner_id', '=', ownerId), eb('shared', '=', true)]))).orderBy('id').execute();
}

export async function deleteZone(session: Session, id: number): Promise<void> {
  await session.db.deleteFrom('zone').where('id', '=', id).execute();
}

export async function insertUnitsZone(session: Session, z: { name: string; ownerId: number; shared: boolean; unitIds: number[] }): Promise<number> {
  const [row] = await session.query<{ id: number }>(INSERT_UNITS_ZONE, [z.name, z.ownerId, z.shared, z.unitIds]);
  return (row as { id: number }).id;
}

export async function insertPolygonZone(session: Session, z: { name: string; ownerId: number; shared: boolean; level: string; geometryGeoJson: string }): Promise<number> {
  const [row] = await session.query<{ id: number }>(INSERT_POLYGON_ZONE, [z.geometryGeoJson, z.name, z.ownerId, z.shared, z.level]);
  return (row as { id: number }).id;
}

export async function checkGeometry(session: Session, geometryGeoJson: string): Promise<{ valid: boolean; reason: string; empty: boolean }> {
  const [row] = await session.query<{ valid: boolean; reason: string; empty: boolean }>(CHECK_GEOMETRY, [geometryGeoJson]);
  return row as { valid: boolean; reason: string; empty: boolean };
}

export async function selectOutsideShare(session: Session, geometryGeoJson: string, unitId: number): Promise<number> {
  const [row] = await session.query<{ outside: number }>(SELECT_OUTSIDE_SHARE, [geometryGeoJson, unitId]);
  return Number(row?.outside ?? 1);
}

export async function selectUnitLevels(session: Session, ids: readonly number[]): Promise<Map<number, string>> {
  const rows = await session.db.selectFrom('unit').select(['id', 'level']).where(sql<boolean>`id = ANY (${[...ids]}::int[])`).execute();
  return new Map(rows.map((r) => [r.id, r.level]));
}

/** The households of a zone as (districtId, id) pairs. */
export async function selectZoneHouseholds(session: Session, zoneId: number): Promise<{ districtId: number; id: number }[]> {
  const rows = await session.query<{ district_id: number; id: string | number }>(SELECT_ZONE_HOUSEHOLDS, [zoneId]);
  return rows.map((r) => ({ districtId: r.district_id, id: Number(r.id) }));
}

/** The block ids of a zone. */
export async function selectZoneBlockIds(session: Session, zoneId: number): Promise<number[]> {
  return (await session.query<{ id: number }>(SELECT_ZONE_BLOCK_IDS, [zoneId])).map((r) => r.id);
}
