/**
 * Web Mercator (EPSG:3857) XYZ tile maths: addresses, bounds, pixel sizes.
 * Tiles follow the XYZ scheme used by MapLibre and TileJSON (`scheme: xyz`):
 * x grows east from the antimeridian, y grows south from the top of the world.
 */

/** Half the width of the Web Mercator world, in metres (the square is ±this on both axes). */
export const WEB_MERCATOR_HALF_WORLD_METERS = 20037508.342789244;

/** Highest zoom level riskmap accepts in a tile address (MapLibre's maximum is 22 as well). */
export const MAX_TILE_ZOOM = 22;

/** Tile coordinate extent: integer units per tile side in an encoded vector tile (MVT default). */
export const TILE_EXTENT = 4096;

/** Geometry kept outside each tile edge, in tile units (of TILE_EXTENT), so strokes and labels do not clip at seams. */
export const TILE_BUFFER = 64;

/** Latitude where Web Mercator ends (the square world), in degrees. */
export const WEB_MERCATOR_MAX_LATITUDE = 85.0511287798066;

/** A tile address: zoom z, column x, row y (XYZ, row 0 at the top). */
export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

/** An axis-aligned box in EPSG:3857 metres. */
export interface MercatorBounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Says what is wrong with a tile address, or null when it is valid:
 * z, x and y must be integers, 0 ≤ z ≤ MAX_TILE_ZOOM, 0 ≤ x, y < 2^z.
 */
export function describeTileAddressProblem(tile: TileAddress): string | null {
  const { z, x, y } = tile;
  if (![z, x, y].every(Number.isInteger)) return `tile ${z}/${x}/${y}: z, x and y must be integers`;
  if (z < 0 || z > MAX_TILE_ZOOM) return `tile ${z}/${x}/${y}: zoom must be between 0 and ${MAX_TILE_ZOOM}`;
  const count = 2 ** z;
  if (x < 0 || x >= count || y < 0 || y >= count) return `tile ${z}/${x}/${y}: x and y must be between 0 and ${count - 1} at zoom ${z}`;
  return null;
}

/** Width (= height) of one tile at zoom z, in EPSG:3857 metres (at the equator; Mercator metres, not ground metres). */
export function tileSizeMeters(z: number): number {
  return (2 * WEB_MERCATOR_HALF_WORLD_METERS) / 2 ** z;
}

/** Bounds of a tile in EPSG:3857 metres, as PostGIS ST_TileEnvelope(z, x, y) computes them. */
export function tileBoundsMeters(tile: TileAddress): MercatorBounds {
  const size = tileSizeMeters(tile.z);
  const minX = -WEB_MERCATOR_HALF_WORLD_METERS + tile.x * size;
  const maxY = WEB_MERCATOR_HALF_WORLD_METERS - tile.y * size;
  return { minX, minY: maxY - size, maxX: minX + size, maxY };
}

/**
 * Simplification tolerance for geometry shown at zoom z, in EPSG:3857 metres:
 * one screen pixel of a 512-pixel tile (MapLibre draws vector tiles at 512 px),
 * i.e. TILE_EXTENT / 512 = 8 tile units. Vertices closer than this cannot be told apart on screen.
 */
export function simplifyToleranceMeters(z: number): number {
  return tileSizeMeters(z) / 512;
}

/**
 * The tile containing a point at zoom z. Longitude wraps into [-180, 180);
 * latitude is clamped to the Mercator square (±85.0511°), so poles map to the edge rows.
 */
export function lngLatToTile(lngLat: readonly [number, number], z: number): TileAddress {
  const count = 2 ** z;
  const lng = ((((lngLat[0] + 180) % 360) + 360) % 360) - 180;
  const lat = Math.max(-WEB_MERCATOR_MAX_LATITUDE, Math.min(WEB_MERCATOR_MAX_LATITUDE, lngLat[1]));
  const latRad = (lat * Math.PI) / 180;
  const fx = ((lng + 180) / 360) * count;
  const fy = ((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * count;
  const clamp = (v: number) => Math.max(0, Math.min(count - 1, Math.floor(v)));
  return { z, x: clamp(fx), y: clamp(fy) };
}

/**
 * Every tile at zoom z that a [west, south, east, north] box in degrees touches,
 * row by row from the north-west. The box must not cross the antimeridian (west ≤ east).
 * Returns [] when west > east or south > north.
 */
export function tilesCoveringBbox(bbox: readonly [number, number, number, number], z: number): TileAddress[] {
  const [west, south, east, north] = bbox;
  if (west > east || south > north) return [];
  // East = 180 would wrap to column 0; keep it in the last column instead.
  const topLeft = lngLatToTile([Math.max(-180, west), north], z);
  const bottomRight = lngLatToTile([Math.min(east, 180 - 1e-9), south], z);
  const tiles: TileAddress[] = [];
  for (let y = topLeft.y; y <= bottomRight.y; y++) {
    for (let x = topLeft.x; x <= bottomRight.x; x++) tiles.push({ z, x, y });
  }
  return tiles;
}
