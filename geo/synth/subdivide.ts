/**
 * Subdivision of a unit below the ward: ward → residential groups (tổ dân
 * phố) and group → blocks (khối). Points (households) are clustered by
 * recursive bisection, cluster centres become Voronoi sites, and each site's
 * cell is clipped to the parent. Members are assigned to the nearest site,
 * which is exactly "the cell that contains them", so containment holds by
 * construction; cells that end up with no members are dropped and the
 * diagram rebuilt, so the remaining cells still cover the parent.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Random } from '../random.ts';
import { indexPolygon } from './parent-index.ts';
import { computeBbox, computeLngScale, toMultiPolygon } from './planar.ts';
import { buildSiteDiagram, type SiteDiagram } from './voronoi-tiling.ts';

/** Household counts wanted per cell. Requires 1 <= minPerCell <= targetPerCell <= maxPerCell. */
export interface SubdivisionOptions {
  minPerCell: number;
  maxPerCell: number;
  targetPerCell: number;
}

/** One generated cell: its area (EPSG:4326) and the indexes of the input points inside it, ascending. */
export interface SubdivisionCell {
  polygon: MultiPolygon;
  memberIndexes: number[];
}

/** Ward → residential groups: 60–250 households, 115 wanted, so a city of ~2.75M households has ~24,000 groups as Ho Chi Minh City did in 2021. */
export const GROUP_OPTIONS: SubdivisionOptions = { minPerCell: 60, maxPerCell: 250, targetPerCell: 115 };
/** Residential group → blocks: 15–60 households, 30 wanted (~4 blocks a group, ~100,000 in the whole city). */
export const BLOCK_OPTIONS: SubdivisionOptions = { minPerCell: 15, maxPerCell: 60, targetPerCell: 30 };

const MAX_BALANCE_ROUNDS = 10;

/**
 * Splits `parent` into cells of about `targetPerCell` points each.
 *
 * - The cells cover the parent with no gap or overlap beyond floating-point
 *   noise (tests hold gap and overlap under 1e-6 of the parent's area), and
 *   every point inside the parent lies in (or on the edge of) its cell.
 * - Cell count starts at ceil(n / target); cells above `maxPerCell` are split
 *   and cells below `minPerCell` are dissolved into their neighbours for up
 *   to 10 rounds. The bounds are best effort: coincident points cannot be
 *   split, and a unit with fewer than `minPerCell` points becomes one cell.
 * - No points (a ward with 0 households): one cell, the whole parent, with
 *   no members — the only case where a cell is empty.
 * - Points outside the parent are still assigned (to the nearest cell) but
 *   cannot lie inside it; `pointsOutside` reports them.
 * - A cell may be a MultiPolygon when the parent is concave or in parts.
 * - Cells are numbered in reading order: bands north to south, west to east.
 * - Cluster centres closer than about 1 cm are merged (their Voronoi cells
 *   would be degenerate), so coincident points always share a cell.
 * - Deterministic: the result depends only on the inputs. `rng` is accepted
 *   so callers can pass a forked stream, but the current algorithm draws
 *   nothing from it.
 */
export function subdivideUnit(
  parent: Polygon | MultiPolygon, points: readonly Position[], options: SubdivisionOptions, _rng: Random,
): SubdivisionCell[] {
  const { minPerCell, maxPerCell, targetPerCell } = options;
  if (!(minPerCell >= 1 && minPerCell <= targetPerCell && targetPerCell <= maxPerCell)) {
    throw new RangeError('subdivision needs 1 <= minPerCell <= targetPerCell <= maxPerCell');
  }
  const multi = toMultiPolygon(parent);
  const n = points.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (Math.ceil(n / targetPerCell) <= 1) return [{ polygon: multi, memberIndexes: all }];
  const index = indexPolygon(multi);
  const kx = computeLngScale(computeBbox(multi) ?? [0, 0, 0, 0]);
  const xs = Float64Array.from(points, (p) => (p[0] as number) * kx);
  const ys = Float64Array.from(points, (p) => p[1] as number);
  const centreOf = (group: readonly number[]): Position => centroid(points, group);
  let sites = bisect(all, Math.ceil(n / targetPerCell), xs, ys).map(centreOf);
  for (let round = 0; round < MAX_BALANCE_ROUNDS; round++) {
    sites = dropCoincident(sites);
    const groups = assignToSites(buildSiteDiagram(index, sites), points);
    const next = rebalance(groups, sites, options, xs, ys, centreOf);
    if (!next) break;
    sites = next;
  }
  for (;;) {
    sites = dropCoincident(sites);
    const diagram = buildSiteDiagram(index, sites);
    const groups = assignToSites(diagram, points);
    const cells: SubdivisionCell[] = [];
    const keep: Position[] = [];
    groups.forEach((members, i) => {
      const polygon = members.length > 0 ? diagram.clipCell(i) : null;
      if (polygon) { cells.push({ polygon, memberIndexes: members }); keep.push(sites[i] as Position); }
    });
    if (keep.length === sites.length || keep.length === 0) return orderReading(cells, keep, multi, all);
    sites = keep;
  }
}

/** Mean position of the given points, degrees. */
function centroid(points: readonly Position[], group: readonly number[]): Position {
  let x = 0, y = 0;
  for (const i of group) { x += (points[i] as Position)[0] as number; y += (points[i] as Position)[1] as number; }
  return [x / group.length, y / group.length];
}

/** Splits indexes into up to k groups of near-equal size by cutting along the longer axis (scaled space). */
function bisect(indexes: number[], k: number, xs: Float64Array, ys: Float64Array): number[][] {
  const out: number[][] = [];
  const visit = (idx: number[], parts: number): void => {
    if (idx.length === 0) return;
    if (parts <= 1 || idx.length === 1) { out.push(idx); return; }
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const i of idx) {
      const x = xs[i] as number, y = ys[i] as number;
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
    const axis = x1 - x0 >= y1 - y0 ? xs : ys;
    const sorted = idx.slice().sort((a, b) => (axis[a] as number) - (axis[b] as number) || a - b);
    const left = Math.floor(parts / 2);
    const cut = Math.round((sorted.length * left) / parts);
    visit(sorted.slice(0, cut), left);
    visit(sorted.slice(cut), parts - left);
  };
  visit(indexes, k);
  return out;
}

/** Members of each site (nearest site wins), indexes ascending. */
function assignToSites(diagram: SiteDiagram, points: readonly Position[]): number[][] {
  const groups: number[][] = Array.from({ length: diagram.size }, () => []);
  let hint = 0;
  points.forEach((p, i) => {
    hint = diagram.findNearest(p[0] as number, p[1] as number, hint);
    (groups[hint] as number[]).push(i);
  });
  return groups;
}

/** New sites after one balancing round, or `null` when every cell is within bounds. */
function rebalance(
  groups: number[][], sites: Position[], options: SubdivisionOptions,
  xs: Float64Array, ys: Float64Array, centreOf: (g: readonly number[]) => Position,
): Position[] | null {
  let changed = false;
  const next: Position[] = [];
  groups.forEach((members, i) => {
    if (members.length === 0 || (members.length < options.minPerCell && groups.length > 1)) {
      changed = true;
    } else if (members.length > options.maxPerCell) {
      const parts = bisect(members, Math.ceil(members.length / options.targetPerCell), xs, ys);
      changed ||= parts.length > 1;
      for (const part of parts) next.push(centreOf(part));
    } else {
      next.push(sites[i] as Position);
    }
  });
  if (!changed) return null;
  if (next.length === 0) {
    const largest = groups.reduce((best, g, i) => (g.length > (groups[best] as number[]).length ? i : best), 0);
    next.push(sites[largest] as Position);
  }
  return next;
}

/** Minimum distance between two sites, degrees (about 1 cm): closer sites make degenerate Voronoi cells. */
const MIN_SITE_SEPARATION_DEG = 1e-7;

/** Drops sites within `MIN_SITE_SEPARATION_DEG` of an earlier site; their points go to the kept one. */
function dropCoincident(sites: Position[]): Position[] {
  const kept: Position[] = [];
  for (const p of sites) {
    const near = kept.some((q) => Math.abs((p[0] as number) - (q[0] as number)) < MIN_SITE_SEPARATION_DEG
      && Math.abs((p[1] as number) - (q[1] as number)) < MIN_SITE_SEPARATION_DEG);
    if (!near) kept.push(p);
  }
  return kept;
}

/** Sorts cells into bands of sites north to south, each band west to east. */
function orderReading(cells: SubdivisionCell[], sites: Position[], parent: MultiPolygon, all: number[]): SubdivisionCell[] {
  if (cells.length === 0) return [{ polygon: parent, memberIndexes: all }];
  const order = sites.map((_, i) => i).sort((a, b) => ((sites[b] as Position)[1] as number) - ((sites[a] as Position)[1] as number) || a - b);
  const bandSize = Math.ceil(order.length / Math.max(1, Math.round(Math.sqrt(order.length))));
  const sorted: SubdivisionCell[] = [];
  for (let start = 0; start < order.length; start += bandSize) {
    const band = order.slice(start, start + bandSize);
    band.sort((a, b) => ((sites[a] as Position)[0] as number) - ((sites[b] as Position)[0] as number) || a - b);
    for (const i of band) sorted.push(cells[i] as SubdivisionCell);
  }
  return sorted;
}
