/**
 * Invariant checks for generated units, used by tests and by the server's
 * data checks: do children tile their parent, and does every member point
 * lie in its cell?
 */
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { computeBbox, computePlanarAreaM2 } from './planar.ts';

/**
 * Areas in square metres on a local plane (see `computePlanarAreaM2`, within
 * about 0.1% of the spherical area); ratios are relative to the parent's area.
 */
export interface CoverageReport {
  parentAreaM2: number;
  /** Parent area covered by no child. */
  gapAreaM2: number;
  /** Sum of children's areas minus the area of their union: area counted twice or more. */
  overlapAreaM2: number;
  /** Children's area that lies outside the parent. */
  outsideAreaM2: number;
  gapRatio: number;
  overlapRatio: number;
  outsideRatio: number;
}

/**
 * Measures how well `children` tile `parent`. Floating-point noise from
 * polygon clipping shows up as ratios around 1e-12 to 1e-9 (planar areas are
 * used because turf's spherical area changes when an edge is split, by up to
 * 1e-6 of a district); the generators promise
 * gap and overlap ratios under 1e-6. A parent of zero area gives ratios of
 * 0 when all areas are 0, otherwise Infinity. No children: the gap is the
 * whole parent. Cost: one union of all children, so call it per unit (a ward
 * and its groups), not for a whole city at once.
 */
export function measureCoverage(parent: Polygon | MultiPolygon, children: readonly (Polygon | MultiPolygon)[]): CoverageReport {
  const bbox = computeBbox(parent);
  const lat0 = bbox ? (bbox[1] + bbox[3]) / 2 : 0;
  const area = (g: Polygon | MultiPolygon): number => computePlanarAreaM2(g, lat0);
  const parentAreaM2 = area(parent);
  const sumAreaM2 = children.reduce((sum, child) => sum + area(child), 0);
  const union = unionAll(children);
  const unionAreaM2 = union ? area(union.geometry) : 0;
  const inside = union ? turf.intersect(turf.featureCollection([turf.feature(parent), union])) : null;
  const insideAreaM2 = inside ? area(inside.geometry) : 0;
  const gapAreaM2 = Math.max(0, parentAreaM2 - insideAreaM2);
  const overlapAreaM2 = Math.max(0, sumAreaM2 - unionAreaM2);
  const outsideAreaM2 = Math.max(0, unionAreaM2 - insideAreaM2);
  const ratio = (a: number): number => (parentAreaM2 > 0 ? a / parentAreaM2 : a === 0 ? 0 : Infinity);
  return {
    parentAreaM2, gapAreaM2, overlapAreaM2, outsideAreaM2,
    gapRatio: ratio(gapAreaM2), overlapRatio: ratio(overlapAreaM2), outsideRatio: ratio(outsideAreaM2),
  };
}

function unionAll(children: readonly (Polygon | MultiPolygon)[]): Feature<Polygon | MultiPolygon> | null {
  const features = children.map((geometry) => turf.feature(geometry));
  if (features.length === 0) return null;
  if (features.length === 1) return features[0] as Feature<Polygon | MultiPolygon>;
  return turf.union(turf.featureCollection(features));
}

/** A cell and its members, as returned by `subdivideUnit`. */
export interface CellWithMembers {
  polygon: Polygon | MultiPolygon;
  memberIndexes: readonly number[];
}

/** A member point found outside its cell. */
export interface PointOutside {
  cellIndex: number;
  pointIndex: number;
  /** Distance from the point to the cell, metres. */
  distanceMeters: number;
}

/**
 * Lists member points that are not inside their cell. Points on a cell's
 * edge count as inside, and so do points within `toleranceMeters` (default
 * 1 mm) of it, to absorb floating-point noise at shared edges. A member
 * index with no point in `points` is reported with distance Infinity.
 */
export function pointsOutside(
  cells: readonly CellWithMembers[], points: readonly Position[], toleranceMeters = 0.001,
): PointOutside[] {
  const out: PointOutside[] = [];
  cells.forEach((cell, cellIndex) => {
    const feature = turf.feature(cell.polygon);
    for (const pointIndex of cell.memberIndexes) {
      const p = points[pointIndex];
      if (!p) { out.push({ cellIndex, pointIndex, distanceMeters: Infinity }); continue; }
      if (turf.booleanPointInPolygon(p, feature)) continue;
      const distanceMeters = Math.abs(turf.pointToPolygonDistance(p, feature, { units: 'meters' }));
      if (distanceMeters > toleranceMeters) out.push({ cellIndex, pointIndex, distanceMeters });
    }
  });
  return out;
}
