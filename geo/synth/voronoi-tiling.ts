/**
 * Voronoi tiling of a parent polygon from a set of sites: the diagram is
 * built in scaled space (`[lng * cos(lat0), lat]`, see planar.ts) over a box
 * around the parent, so its cells tile the box exactly; each cell is then
 * intersected with the parent, so the clipped cells tile the parent. Nearest
 * site lookups use the same Delaunay triangulation, so a point assigned to a
 * site lies in that site's cell (ties on a shared edge go to one of them).
 */
import { Delaunay } from 'd3-delaunay';
import type { MultiPolygon, Position } from 'geojson';
import { clipConvexCell, type PolygonIndex } from './parent-index.ts';
import { computeLngScale } from './planar.ts';

/** Sites prepared for nearest-site lookups and clipped cells (see module doc). */
export interface SiteDiagram {
  /** Number of sites. */
  readonly size: number;
  /** Index of the site nearest to `[lng, lat]` (degrees); `hint` is a site index to start the walk from. */
  findNearest(lng: number, lat: number, hint?: number): number;
  /**
   * Site `i`'s Voronoi cell intersected with the parent, or `null` when that
   * is empty (a site outside the parent, or a duplicate of an earlier site).
   */
  clipCell(i: number): MultiPolygon | null;
}

/**
 * Builds the diagram of `sites` (`[lng, lat]` degrees) for the indexed
 * parent. Sites outside the parent are allowed (their cells are clipped);
 * at least one site is required.
 */
export function buildSiteDiagram(parent: PolygonIndex, sites: readonly Position[]): SiteDiagram {
  if (sites.length === 0) throw new RangeError('a site diagram needs at least one site');
  const kx = computeLngScale(parent.bbox);
  const flat = new Float64Array(sites.length * 2);
  let [x0, y0, x1, y1] = [parent.bbox[0] * kx, parent.bbox[1], parent.bbox[2] * kx, parent.bbox[3]];
  sites.forEach((p, i) => {
    const x = (p[0] as number) * kx;
    const y = p[1] as number;
    flat[2 * i] = x;
    flat[2 * i + 1] = y;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  });
  const pad = Math.max(x1 - x0, y1 - y0) * 0.02 + 1e-9;
  const delaunay = new Delaunay(flat);
  const voronoi = delaunay.voronoi([x0 - pad, y0 - pad, x1 + pad, y1 + pad]);
  return {
    size: sites.length,
    findNearest: (lng, lat, hint) => delaunay.find(lng * kx, lat, hint ?? 0),
    clipCell: (i) => {
      const polygon = voronoi.cellPolygon(i) as [number, number][] | null;
      if (!polygon || polygon.length < 4) return null;
      return clipConvexCell(parent, polygon.map(([x, y]) => [x / kx, y]));
    },
  };
}
