/**
 * GeoJSON → EWKT text for PostGIS, so bulk writers can COPY geometry
 * straight into a geometry column without a function call per row.
 * Coordinates are written in full (JavaScript's shortest round-trip form),
 * never rounded: generated children share edges with their parents, and
 * rounding each side on its own would open gaps and overlaps between them.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

const formatNumber = (value: number): string => {
  if (!Number.isFinite(value)) throw new RangeError(`coordinate is not a finite number: ${value}`);
  return String(value);
};
const formatPosition = (p: Position): string => `${formatNumber(p[0] as number)} ${formatNumber(p[1] as number)}`;
const formatRing = (ring: readonly Position[]): string => `(${ring.map(formatPosition).join(',')})`;
const formatPolygon = (rings: readonly (readonly Position[])[]): string => `(${rings.map(formatRing).join(',')})`;

/** `SRID=4326;POINT(lng lat)` for a [lng, lat] position. */
export function toPointEwkt(position: Position): string {
  return `SRID=4326;POINT(${formatPosition(position)})`;
}

/** `SRID=4326;MULTIPOLYGON(...)` for a Polygon or MultiPolygon (a Polygon becomes a one-part MultiPolygon). */
export function toMultiPolygonEwkt(geometry: Polygon | MultiPolygon): string {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  if (polygons.length === 0) return 'SRID=4326;MULTIPOLYGON EMPTY';
  return `SRID=4326;MULTIPOLYGON(${polygons.map(formatPolygon).join(',')})`;
}
