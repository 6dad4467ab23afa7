// Checks a drawn or uploaded zone polygon before PostGIS sees it, so each
// kind of bad input gets its own code and says where: too few points,
// coordinates out of range, a ring that crosses itself, nothing at all.
// Accepts a Polygon, a MultiPolygon, a Feature of one, or a FeatureCollection
// of them (merged into one MultiPolygon). Unclosed rings are closed.
// The work is bounded: at most MAX_ZONE_POINTS points in all, Features
// nested at most MAX_FEATURE_NESTING deep, and the crossing check stops at
// the first crossing (ring-crossing.ts).
import { AppError } from '../errors.ts';
import { findFirstRingCrossing } from './ring-crossing.ts';

/** Most points a zone may have over all its rings (a ward boundary has a few thousand). */
export const MAX_ZONE_POINTS = 20_000;
/** Deepest Feature-in-Feature nesting looked into. */
const MAX_FEATURE_NESTING = 8;

type Position = [number, number];
type Ring = Position[];
export interface ZoneMultiPolygon { type: 'MultiPolygon'; coordinates: Ring[][] }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function polygonsOf(input: unknown, where: string, depth = 0): unknown[][] {
  if (depth > MAX_FEATURE_NESTING) throw new AppError('INPUT_TOO_DEEP', `${where}: Features nest more than ${MAX_FEATURE_NESTING} deep (limit ${MAX_FEATURE_NESTING})`, { path: where, limit: MAX_FEATURE_NESTING });
  if (!isObject(input)) throw new AppError('BAD_REQUEST', `${where}: expected a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection`);
  switch (input.type) {
    case 'Polygon': return [input.coordinates as unknown[]];
    case 'MultiPolygon': return Array.isArray(input.coordinates) ? (input.coordinates as unknown[][]) : [];
    case 'Feature': return polygonsOf(input.geometry, `${where}.geometry`, depth + 1);
    case 'FeatureCollection': {
      const features = Array.isArray(input.features) ? input.features : [];
      return features.flatMap((f, i) => polygonsOf(f, `${where}.features[${i}]`, depth + 1));
    }
    default: throw new AppError('BAD_REQUEST', `${where}: geometry type ${String(input.type)} is not a Polygon or MultiPolygon`);
  }
}

function checkRing(raw: unknown, where: string): Ring {
  if (!Array.isArray(raw)) throw new AppError('BAD_REQUEST', `${where}: a ring must be an array of [longitude, latitude] points`);
  const ring: Ring = raw.map((p, i) => {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      throw new AppError('BAD_REQUEST', `${where}[${i}]: a point must be [longitude, latitude] numbers`, { path: `${where}[${i}]` });
    }
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      throw new AppError('ZONE_COORDINATES_OUT_OF_RANGE', `${where}[${i}] = [${p[0]}, ${p[1]}] is outside longitude −180…180 / latitude −90…90 (points are [longitude, latitude])`, { path: `${where}[${i}]`, point: [p[0], p[1]] });
    }
    return [p[0], p[1]];
  });
  const distinct = new Set(ring.map(([x, y]) => `${x},${y}`));
  if (distinct.size < 3) {
    throw new AppError('ZONE_TOO_FEW_POINTS', `${where} has ${distinct.size} distinct point${distinct.size === 1 ? '' : 's'}; a polygon needs at least 3`, { path: where, distinctPoints: distinct.size });
  }
  const [first, last] = [ring[0] as Position, ring[ring.length - 1] as Position];
  if (first[0] !== last[0] || first[1] !== last[1]) ring.push([first[0], first[1]]);
  return ring;
}

/** Refuses a zone with more than MAX_ZONE_POINTS points before any point is checked. */
function assertPointCount(polygons: readonly unknown[][]): void {
  let points = 0;
  for (const rings of polygons) {
    if (!Array.isArray(rings)) continue;
    for (const ring of rings) points += Array.isArray(ring) ? ring.length : 0;
  }
  if (points > MAX_ZONE_POINTS) {
    throw new AppError('ZONE_TOO_MANY_POINTS', `geometry has ${points} points; the limit is ${MAX_ZONE_POINTS} (simplify the polygon)`, { path: 'geometry', points, limit: MAX_ZONE_POINTS });
  }
}

/** The polygon(s) as one checked MultiPolygon; throws a coded 400 naming the ring and point at fault. */
export function normaliseZoneGeometry(input: unknown): ZoneMultiPolygon {
  const polygons = polygonsOf(input, 'geometry');
  if (polygons.length === 0) throw new AppError('ZONE_EMPTY', 'geometry has no polygon in it');
  assertPointCount(polygons);
  const coordinates = polygons.map((rings, p) => {
    if (!Array.isArray(rings) || rings.length === 0) throw new AppError('ZONE_EMPTY', `geometry polygon ${p} has no rings`);
    return rings.map((ring, r) => checkRing(ring, `geometry polygon ${p} ring ${r}`));
  });
  coordinates.forEach((rings, p) => rings.forEach((ring, r) => {
    const where = `geometry polygon ${p} ring ${r}`;
    const found = findFirstRingCrossing(ring);
    if (found.kind === 'too-complex') {
      throw new AppError('ZONE_TOO_MANY_POINTS', `${where} is too intricate to check for crossings (more than ${found.tests} overlapping segment pairs): simplify it`, { path: where, limit: 'segment pairs' });
    }
    if (found.kind === 'crossing') {
      const point = [Number(found.at[0].toFixed(6)), Number(found.at[1].toFixed(6))];
      throw new AppError('ZONE_SELF_INTERSECTION', `${where} crosses itself at [${point[0]}, ${point[1]}] (segments ${found.segments[0]} and ${found.segments[1]})`, { path: where, at: point, segments: found.segments });
    }
  }));
  return { type: 'MultiPolygon', coordinates };
}
