/**
 * A (Multi)Polygon prepared for many queries: its boundary segments bucketed
 * in a uniform grid, so point-in-polygon tests and "is this convex cell
 * wholly inside?" tests touch only nearby segments. Used to place households
 * and to clip Voronoi cells without running a full polygon clip on cells that
 * do not reach the boundary. Coordinates are `[lng, lat]` degrees.
 */
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { clipRingToBox, computeBbox, orientOuterRing, toMultiPolygon, type Bbox } from './planar.ts';

/** A prepared parent polygon (see module doc). Build with `indexPolygon`. */
export interface PolygonIndex {
  readonly geometry: MultiPolygon;
  readonly bbox: Bbox;
  /** Segment endpoints, 4 numbers per segment: x1, y1, x2, y2. */
  readonly segments: Float64Array;
  readonly cols: number;
  readonly rows: number;
  readonly buckets: readonly Int32Array[];
  /** Scratch stamps to visit each segment once per query. */
  readonly stamps: Uint32Array;
  query: number;
}

/** Prepares a (Multi)Polygon; throws RangeError on a geometry without vertices. */
export function indexPolygon(geometry: Polygon | MultiPolygon): PolygonIndex {
  const multi = toMultiPolygon(geometry);
  const bbox = computeBbox(multi);
  if (!bbox) throw new RangeError('polygon has no vertices');
  const coords: number[] = [];
  for (const polygon of multi.coordinates) {
    for (const ring of polygon) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1] as Position;
        const b = ring[i] as Position;
        coords.push(a[0] as number, a[1] as number, b[0] as number, b[1] as number);
      }
    }
  }
  const segments = Float64Array.from(coords);
  const count = segments.length / 4;
  const side = Math.max(1, Math.min(64, Math.round(Math.sqrt(count / 2))));
  const lists: number[][] = Array.from({ length: side * side }, () => []);
  const index = { bbox, cols: side, rows: side } as const;
  for (let s = 0; s < count; s++) {
    const [c0, r0, c1, r1] = bucketRange(index, segBox(segments, s));
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) (lists[r * side + c] as number[]).push(s);
  }
  return {
    geometry: multi, bbox, segments, cols: side, rows: side,
    buckets: lists.map((l) => Int32Array.from(l)), stamps: new Uint32Array(count), query: 0,
  };
}

function segBox(seg: Float64Array, s: number): Bbox {
  const x1 = seg[4 * s] as number, y1 = seg[4 * s + 1] as number, x2 = seg[4 * s + 2] as number, y2 = seg[4 * s + 3] as number;
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

function bucketRange(ix: { bbox: Bbox; cols: number; rows: number }, box: Bbox): [number, number, number, number] {
  const [x0, y0, x1, y1] = ix.bbox;
  const w = (x1 - x0) / ix.cols || 1;
  const h = (y1 - y0) / ix.rows || 1;
  const clampC = (v: number): number => Math.max(0, Math.min(ix.cols - 1, Math.floor(v)));
  const clampR = (v: number): number => Math.max(0, Math.min(ix.rows - 1, Math.floor(v)));
  return [clampC((box[0] - x0) / w), clampR((box[1] - y0) / h), clampC((box[2] - x0) / w), clampR((box[3] - y0) / h)];
}

/** Calls `visit(segmentIndex)` once for each segment in buckets overlapping `box`. */
function forEachSegmentNear(ix: PolygonIndex, box: Bbox, visit: (s: number) => boolean | void): void {
  ix.query = (ix.query + 1) >>> 0 || 1;
  const [c0, r0, c1, r1] = bucketRange(ix, box);
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      for (const s of ix.buckets[r * ix.cols + c] as Int32Array) {
        if (ix.stamps[s] === ix.query) continue;
        ix.stamps[s] = ix.query;
        if (visit(s) === true) return;
      }
    }
  }
}

/**
 * Even–odd point-in-polygon (holes and multiple parts handled). A point
 * exactly on the boundary may go either way; callers that need the boundary
 * counted as inside use turf.
 */
export function containsPoint(ix: PolygonIndex, x: number, y: number): boolean {
  const [bx0, by0, bx1, by1] = ix.bbox;
  if (x < bx0 || x > bx1 || y < by0 || y > by1) return false;
  let inside = false;
  const seg = ix.segments;
  forEachSegmentNear(ix, [x, y, bx1, y], (s) => {
    const x1 = seg[4 * s] as number, y1 = seg[4 * s + 1] as number, x2 = seg[4 * s + 2] as number, y2 = seg[4 * s + 3] as number;
    if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
  });
  return inside;
}

const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** True when segment p1p2 touches or crosses the convex closed ring `cell` (either orientation). */
function segmentTouchesConvex(cell: readonly Position[], p1x: number, p1y: number, p2x: number, p2y: number): boolean {
  const n = cell.length - 1;
  let pos1 = 0, neg1 = 0, pos2 = 0, neg2 = 0;
  for (let i = 0; i < n; i++) {
    const a = cell[i] as Position, b = cell[i + 1] as Position;
    const ax = a[0] as number, ay = a[1] as number, bx = b[0] as number, by = b[1] as number;
    const c1 = cross(ax, ay, bx, by, p1x, p1y);
    const c2 = cross(ax, ay, bx, by, p2x, p2y);
    if (c1 > 0) pos1++; else if (c1 < 0) neg1++;
    if (c2 > 0) pos2++; else if (c2 < 0) neg2++;
    const d1 = cross(p1x, p1y, p2x, p2y, ax, ay);
    const d2 = cross(p1x, p1y, p2x, p2y, bx, by);
    if (c1 * c2 <= 0 && d1 * d2 <= 0) return true;
  }
  return pos1 === 0 || neg1 === 0 || pos2 === 0 || neg2 === 0;
}

/**
 * Intersects a convex cell (closed ring, degrees) with the indexed parent.
 * Cells that touch no boundary segment are returned whole (or `null` when
 * outside) without a polygon clip; others are clipped exactly with turf
 * after cutting the parent down to the cell's box. Returns `null` when the
 * intersection is empty.
 */
export function clipConvexCell(ix: PolygonIndex, cell: Position[]): MultiPolygon | null {
  const ring = orientOuterRing(cell);
  const box = computeBbox({ type: 'Polygon', coordinates: [ring] }) as Bbox;
  let touches = false;
  const seg = ix.segments;
  forEachSegmentNear(ix, box, (s) => {
    const [sx0, sy0, sx1, sy1] = segBox(seg, s);
    if (sx1 < box[0] || sx0 > box[2] || sy1 < box[1] || sy0 > box[3]) return false;
    touches = segmentTouchesConvex(ring, seg[4 * s] as number, seg[4 * s + 1] as number, seg[4 * s + 2] as number, seg[4 * s + 3] as number);
    return touches;
  });
  if (!touches) {
    let cx = 0, cy = 0;
    for (let i = 0; i < ring.length - 1; i++) { cx += (ring[i] as Position)[0] as number; cy += (ring[i] as Position)[1] as number; }
    const n = ring.length - 1;
    return containsPoint(ix, cx / n, cy / n) ? { type: 'MultiPolygon', coordinates: [[ring]] } : null;
  }
  const parent = cutParentToBox(ix, box);
  if (parent.length === 0) return null;
  const result = turf.intersect<Polygon | MultiPolygon>(turf.featureCollection<Polygon | MultiPolygon>([turf.polygon([ring]), turf.multiPolygon(parent)]));
  if (!result) return null;
  return result.geometry.type === 'Polygon'
    ? { type: 'MultiPolygon', coordinates: [result.geometry.coordinates] }
    : { type: 'MultiPolygon', coordinates: result.geometry.coordinates };
}

/** The parent cut to `box` padded by 5% (plus a tiny absolute margin), dropping emptied parts. */
function cutParentToBox(ix: PolygonIndex, box: Bbox): Position[][][] {
  const padX = (box[2] - box[0]) * 0.05 + 1e-9;
  const padY = (box[3] - box[1]) * 0.05 + 1e-9;
  const padded: Bbox = [box[0] - padX, box[1] - padY, box[2] + padX, box[3] + padY];
  if (ix.segments.length / 4 < 64) return ix.geometry.coordinates;
  const out: Position[][][] = [];
  for (const polygon of ix.geometry.coordinates) {
    const outer = polygon[0] ? clipRingToBox(polygon[0], padded) : null;
    if (!outer) continue;
    const rings = [outer];
    for (const hole of polygon.slice(1)) {
      const clipped = clipRingToBox(hole, padded);
      if (clipped) rings.push(clipped);
    }
    out.push(rings);
  }
  return out;
}
