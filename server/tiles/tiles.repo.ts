// Tile SQL, pg_tileserv/martin style: each statement is a named constant with
// the signature ($1 z, $2 x, $3 y[, $4 unit level]) and a small function
// beside it. Every layer has two tails over one shared selection:
//  - *_MVT_SQL: ST_AsMVT(ST_AsMVTGeom(…)) — the PostGIS server;
//  - *_FEATURES_SQL: the same rows with geometry moved to tile units by
//    ordinary functions (ST_TransScale, ST_SnapToGrid) as GeoJSON text, encoded
//    by geo/tiles in JS — the embedded database, whose PostGIS has no protobuf.
// Both tails see the same clipped, simplified geometry, so they agree to a
// tile unit or two (tests/server/tiles/tiles-equivalence.test.ts).
import { TILE_BUFFER, TILE_EXTENT } from '../../geo/tiles/tile-math.ts';
import type { Session } from '../db/database.ts';
import { HOUSEHOLD_CLUSTER_CELL_UNITS } from './tiles.layers.ts';

const CELLS_PER_SIDE = TILE_EXTENT / HOUSEHOLD_CLUSTER_CELL_UNITS;

// The tile, its buffered clip box (3857) and both boxes in 4326 for index scans.
const TILE_CTE = `tile AS (
  SELECT t.env, t.clip_env, ST_Transform(t.env, 4326) AS env_4326, ST_Transform(t.clip_env, 4326) AS clip_env_4326,
         ST_XMin(t.env) AS min_x, ST_YMax(t.env) AS max_y, ST_XMax(t.env) - ST_XMin(t.env) AS size_m
  FROM (SELECT ST_TileEnvelope($1, $2, $3) AS env,
               ST_TileEnvelope($1, $2, $3, margin => ${TILE_BUFFER / TILE_EXTENT}) AS clip_env) t
)`;

// Units of one level: clipped in 4326 (fewer points to project), projected, then
// simplified at one 512-px screen pixel (size / 512) keeping collapsed rings.
const UNIT_PICK_CTE = `${TILE_CTE},
picked AS (
  SELECT u.id, u.code, u.name, u.level, u.parent_id,
         ST_Simplify(ST_Transform(ST_ClipByBox2D(u.geom, tile.clip_env_4326), 3857), tile.size_m / 512, true) AS geom
  FROM unit u CROSS JOIN tile
  WHERE u.level = $4 AND u.geom && tile.clip_env_4326
)`;

// Households are personal data: only those inside the caller's ward ($4) or district ($5) are drawn.
const HOUSEHOLD_SCOPE = '(($4::int IS NOT NULL AND h.ward_id = $4::int) OR ($5::int IS NOT NULL AND h.district_id = $5::int))';

const HOUSEHOLD_PICK_CTE = `${TILE_CTE},
picked AS (
  SELECT h.id, h.block_id, h.member_count, ST_Transform(h.geom, 3857) AS geom
  FROM household h CROSS JOIN tile
  WHERE h.geom && tile.clip_env_4326 AND ${HOUSEHOLD_SCOPE}
)`;

// Households counted per cell of a CELLS_PER_SIDE grid over the tile (no buffer:
// a cell belongs to one tile), placed at the mean position of its households.
// Tile units come from lon/lat by the Mercator formula in SQL: projecting each of
// ~100,000 points with ST_Transform costs several times more at z12.
const HOUSEHOLD_CLUSTER_PICK_CTE = `${TILE_CTE},
located AS (
  SELECT h.member_count,
         ((ST_X(h.geom) + 180) / 360 * 2 ^ $1::int - $2::int) * ${TILE_EXTENT} AS px,
         ((1 - ln(tan(radians(ST_Y(h.geom))) + 1 / cos(radians(ST_Y(h.geom)))) / pi()) / 2 * 2 ^ $1::int - $3::int) * ${TILE_EXTENT} AS py
  FROM household h CROSS JOIN tile
  WHERE h.geom && tile.env_4326 AND ${HOUSEHOLD_SCOPE}
),
cells AS (
  SELECT LEAST(${CELLS_PER_SIDE - 1}, GREATEST(0, floor(px / ${HOUSEHOLD_CLUSTER_CELL_UNITS})))::int AS cx,
         LEAST(${CELLS_PER_SIDE - 1}, GREATEST(0, floor(py / ${HOUSEHOLD_CLUSTER_CELL_UNITS})))::int AS cy,
         count(*)::int AS households, sum(member_count)::int AS members, avg(px) AS px, avg(py) AS py
  FROM located
  GROUP BY 1, 2
),
picked AS (
  SELECT (c.cy * ${CELLS_PER_SIDE} + c.cx)::int AS id, c.households, c.members,
         ST_SetSRID(ST_MakePoint(tile.min_x + c.px * tile.size_m / ${TILE_EXTENT}, tile.max_y - c.py * tile.size_m / ${TILE_EXTENT}), 3857) AS geom
  FROM cells c CROSS JOIN tile
)`;

const mvtTail = (columns: string) => `
SELECT ST_AsMVT(mvt, $LAYER, ${TILE_EXTENT}, 'geom', 'id') AS tile FROM (
  SELECT ${columns}, ST_AsMVTGeom(p.geom, tile.env, ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom
  FROM picked p CROSS JOIN tile
  ORDER BY p.id
) mvt WHERE mvt.geom IS NOT NULL`;

// Tile units: x right from the west edge, y down from the north edge, rounded to integers.
const featuresTail = (columns: string) => `
SELECT ${columns},
       ST_AsGeoJSON(ST_SnapToGrid(ST_TransScale(p.geom, -tile.min_x, -tile.max_y, ${TILE_EXTENT} / tile.size_m, -${TILE_EXTENT} / tile.size_m), 1), 0) AS geometry
FROM picked p CROSS JOIN tile
WHERE NOT ST_IsEmpty(p.geom)
ORDER BY p.id`;

const UNIT_COLUMNS = 'p.id, p.code, p.name, p.level, p.parent_id';
const HOUSEHOLD_COLUMNS = 'p.id, p.block_id, p.member_count';
const CLUSTER_COLUMNS = 'p.id, p.households, p.members';

/** $1 z, $2 x, $3 y, $4 unit level, $5 MVT layer name. */
export const UNIT_TILE_MVT_SQL = `WITH ${UNIT_PICK_CTE}${mvtTail(UNIT_COLUMNS).replace('$LAYER', '$5::text')}`;
/** $1 z, $2 x, $3 y, $4 unit level. */
export const UNIT_TILE_FEATURES_SQL = `WITH ${UNIT_PICK_CTE}${featuresTail(UNIT_COLUMNS)}`;
/** $1 z, $2 x, $3 y, $4 ward id or null, $5 district id or null (the caller's jurisdiction). */
export const HOUSEHOLD_TILE_MVT_SQL = `WITH ${HOUSEHOLD_PICK_CTE}${mvtTail(HOUSEHOLD_COLUMNS).replace('$LAYER', "'household'")}`;
/** $1 z, $2 x, $3 y, $4 ward id or null, $5 district id or null. */
export const HOUSEHOLD_TILE_FEATURES_SQL = `WITH ${HOUSEHOLD_PICK_CTE}${featuresTail(HOUSEHOLD_COLUMNS)}`;
/** $1 z, $2 x, $3 y, $4 ward id or null, $5 district id or null. */
export const HOUSEHOLD_CLUSTER_TILE_MVT_SQL = `WITH ${HOUSEHOLD_CLUSTER_PICK_CTE}${mvtTail(CLUSTER_COLUMNS).replace('$LAYER', "'household_cluster'")}`;
/** $1 z, $2 x, $3 y, $4 ward id or null, $5 district id or null. */
export const HOUSEHOLD_CLUSTER_TILE_FEATURES_SQL = `WITH ${HOUSEHOLD_CLUSTER_PICK_CTE}${featuresTail(CLUSTER_COLUMNS)}`;

/** Ids of the household points a tile shows, for the audit log. $1 z, $2 x, $3 y, $4 ward id, $5 district id. */
export const HOUSEHOLD_TILE_IDS_SQL = `WITH ${HOUSEHOLD_PICK_CTE} SELECT id FROM picked ORDER BY id`;

export const BOUNDARY_VERSION_SQL = 'SELECT version FROM boundary_version';

export const LEVEL_BOUNDS_SQL = `
SELECT ST_XMin(e) AS west, ST_YMin(e) AS south, ST_XMax(e) AS east, ST_YMax(e) AS north
FROM (SELECT ST_Extent(geom) AS e FROM unit WHERE level = $1) extent
WHERE e IS NOT NULL`;

/** A row of a *_FEATURES_SQL statement: attributes and geometry as GeoJSON text in tile units. */
export type TileFeatureRow = { id: number; geometry: string } & Record<string, string | number | boolean | null>;

/** Runs an ST_AsMVT statement; an empty tile comes back as zero bytes. */
export async function queryTileMvt(session: Session, sql: string, params: readonly unknown[]): Promise<Uint8Array> {
  const [row] = await session.query<{ tile: Uint8Array | null }>(sql, params);
  const tile = row?.tile;
  if (!tile || tile.length === 0) return new Uint8Array(0);
  return new Uint8Array(tile.buffer, tile.byteOffset, tile.byteLength);
}

/** Runs a *_FEATURES_SQL statement. */
export function queryTileFeatures(session: Session, sql: string, params: readonly unknown[]): Promise<TileFeatureRow[]> {
  return session.query<TileFeatureRow>(sql, params);
}

/** The boundary version (bumped whenever unit geometry changes). */
export async function readBoundaryVersion(session: Session): Promise<number> {
  const [row] = await session.query<{ version: number }>(BOUNDARY_VERSION_SQL);
  return row?.version ?? 0;
}

/** [west, south, east, north] of the units of a level in degrees, or null when there are none. */
export async function readLevelBounds(session: Session, level: string): Promise<[number, number, number, number] | null> {
  const [row] = await session.query<{ west: number; south: number; east: number; north: number }>(LEVEL_BOUNDS_SQL, [level]);
  return row ? [row.west, row.south, row.east, row.north] : null;
}
