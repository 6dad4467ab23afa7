// Where to put a unit's label: tiles cut a unit into pieces, so pieces are
// grouped by feature id and the label goes at the area-weighted centroid of
// the largest ring of the largest piece (inside for the convex-ish shapes
// units have; never at a tile edge's sliver). Pure: GeoJSON in, points out.
import type { Geometry, Position } from 'geojson';
import type { Bbox } from '../api/types.ts';

export interface PieceFeature {
  id: number | string | undefined;
  geometry: Geometry;
  properties: Record<string, unknown> | null;
}

export interface LabelPoint {
  id: number;
  name: string;
  position: [number, number];
  /** Bounds of all pieces seen (degrees). */
  bbox: Bbox;
  /** Planar area of the largest ring (square degrees), for ranking. */
  area: number;
}

function ringCentroid(ring: readonly Position[]): { area: number; x: number; y: number } {
  let [a, cx, cy] = [0, 0, 0];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j] as [number, number];
    const [x1, y1] = ring[i] as [number, number];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (Math.abs(a) < 1e-18) {
    const [x, y] = (ring[0] ?? [0, 0]) as [number, number];
    return { area: 0, x, y };
  }
  return { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a) };
}

function outerRings(geometry: Geometry): Position[][] {
  if (geometry.type === 'Polygon') return geometry.coordinates[0] ? [geometry.coordinates[0]] : [];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flatMap((p) => (p[0] ? [p[0]] : []));
  return [];
}

/** One label point per unit id among the pieces; pieces without a numeric id or polygon are skipped. */
export function computeLabelPoints(pieces: readonly PieceFeature[]): LabelPoint[] {
  const byId = new Map<number, LabelPoint>();
  for (const piece of pieces) {
    const id = Number(piece.id);
    if (!Number.isFinite(id)) continue;
    for (const ring of outerRings(piece.geometry)) {
      const c = ringCentroid(ring);
      const xs = ring.map((p) => p[0] as number);
      const ys = ring.map((p) => p[1] as number);
      const ringBox: Bbox = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      const seen = byId.get(id);
      const bbox: Bbox = seen ? [Math.min(seen.bbox[0], ringBox[0]), Math.min(seen.bbox[1], ringBox[1]), Math.max(seen.bbox[2], ringBox[2]), Math.max(seen.bbox[3], ringBox[3])] : ringBox;
      if (!seen || c.area > seen.area) {
        byId.set(id, { id, name: String(piece.properties?.name ?? id), position: [c.x, c.y], bbox, area: c.area });
      } else {
        seen.bbox = bbox;
      }
    }
  }
  return [...byId.values()];
}
