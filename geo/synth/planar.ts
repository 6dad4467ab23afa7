/**
 * Small planar helpers shared by the synthesis code: a local equirectangular
 * scale, rings and bounding boxes, and conversions to MultiPolygon.
 * Coordinates are `[lng, lat]` degrees (EPSG:4326) unless a name says
 * otherwise; "scaled" coordinates are `[lng * cos(lat0), lat]`, in which
 * distances are isotropic near `lat0` (used for Voronoi and nearest-site
 * assignment so cells are not stretched east–west).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** `[minLng, minLat, maxLng, maxLat]` in degrees. */
export type Bbox = [number, number, number, number];

/** Metres per degree of latitude (mean, WGS84 sphere approximation). */
export const METERS_PER_DEGREE_LAT = 111_320;

/** Wraps a Polygon into a MultiPolygon; a MultiPolygon is returned as is (same object). */
export function toMultiPolygon(geometry: Polygon | MultiPolygon): MultiPolygon {
  return geometry.type === 'MultiPolygon' ? geometry : { type: 'MultiPolygon', coordinates: [geometry.coordinates] };
}

/** Bounding box of all vertices of a (Multi)Polygon; `null` for a geometry with no vertices. */
export function computeBbox(geometry: Polygon | MultiPolygon): Bbox | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const polygon of toMultiPolygon(geometry).coordinates) {
    for (const ring of polygon) {
      for (const p of ring) {
        const x = p[0] as number;
        const y = p[1] as number;
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  return minX <= maxX ? [minX, minY, maxX, maxY] : null;
}

/** Cosine of the bbox's middle latitude: the factor applied to longitudes in scaled space. */
export function computeLngScale(bbox: Bbox): number {
  return Math.cos((((bbox[1] + bbox[3]) / 2) * Math.PI) / 180);
}

/** Signed shoelace area of a closed or open ring in its own units (positive = counter-clockwise). */
export function computeSignedRingArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[j] as Position;
    const b = ring[i] as Position;
    sum += ((a[0] as number) - (b[0] as number)) * ((a[1] as number) + (b[1] as number));
  }
  return sum / 2;
}

/** Returns the ring closed (last = first) and counter-clockwise, as RFC 7946 wants for outer rings. */
export function orientOuterRing(ring: Position[]): Position[] {
  const closed = closeRing(ring);
  return computeSignedRingArea(closed) < 0 ? closed.slice().reverse() : closed;
}

/** Returns the ring with its first position repeated at the end if it was not already. */
export function closeRing(ring: Position[]): Position[] {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (!first || !last) return ring;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

/**
 * Clips one ring to an axis-aligned box (Sutherland–Hodgman against the four
 * sides). The result may contain zero-width spikes along the box edges; it is
 * only used to shrink a big parent before an exact clip against a shape that
 * lies strictly inside the box. Returns a closed ring, or `null` when fewer
 * than 4 positions remain.
 */
export function clipRingToBox(ring: readonly Position[], box: Bbox): Position[] | null {
  let points: Position[] = ring.slice(0, -1);
  for (let side = 0; side < 4 && points.length > 0; side++) {
    const inside = (p: Position): boolean => {
      const x = p[0] as number;
      const y = p[1] as number;
      return side === 0 ? x >= box[0] : side === 1 ? x <= box[2] : side === 2 ? y >= box[1] : y <= box[3];
    };
    const cut = (a: Position, b: Position): Position => {
      const [ax, ay] = a as [number, number];
      const [bx, by] = b as [number, number];
      if (side < 2) {
        const x = side === 0 ? box[0] : box[2];
        return [x, ay + ((by - ay) * (x - ax)) / (bx - ax)];
      }
      const y = side === 2 ? box[1] : box[3];
      return [ax + ((bx - ax) * (y - ay)) / (by - ay), y];
    };
    const next: Position[] = [];
    let prev = points[points.length - 1] as Position;
    let prevInside = inside(prev);
    for (const p of points) {
      const pInside = inside(p);
      if (pInside !== prevInside) next.push(cut(prev, p));
      if (pInside) next.push(p);
      prev = p;
      prevInside = pInside;
    }
    points = next;
  }
  if (points.length < 3) return null;
  return closeRing(points);
}

/**
 * Area in square metres on a local equirectangular plane (longitudes scaled
 * by cos(`lat0Degrees`)): each polygon's outer ring counts positive and its
 * holes negative, whatever their orientation. Within a city this is within
 * about 0.1% of the spherical area, and unlike turf's spherical formula it
 * is exactly additive when an edge is split at a point on it, so it can
 * measure tiny gaps and overlaps between units that share edges.
 */
export function computePlanarAreaM2(geometry: Polygon | MultiPolygon, lat0Degrees: number): number {
  const k = METERS_PER_DEGREE_LAT * METERS_PER_DEGREE_LAT * Math.cos((lat0Degrees * Math.PI) / 180);
  let area = 0;
  for (const polygon of toMultiPolygon(geometry).coordinates) {
    polygon.forEach((ring, i) => {
      const a = Math.abs(computeSignedRingArea(ring));
      area += i === 0 ? a : -a;
    });
  }
  return area * k;
}
