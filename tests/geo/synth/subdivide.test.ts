import { readFileSync } from 'node:fs';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { HCMC_DIR, hasRealCity } from '../../helpers/real-city.ts';
import { createRandom } from '../../../geo/random.ts';
import { measureCoverage, pointsOutside } from '../../../geo/synth/coverage.ts';
import { generateHouseholds } from '../../../geo/synth/households.ts';
import { BLOCK_OPTIONS, GROUP_OPTIONS, subdivideUnit, type SubdivisionCell } from '../../../geo/synth/subdivide.ts';

const TOLERANCE = 1e-6;
const square = (x0: number, y0: number, size: number): Position[] =>
  [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]];
const ward: Polygon = { type: 'Polygon', coordinates: [square(106.68, 10.77, 0.02)] };
const holed: Polygon = { type: 'Polygon', coordinates: [square(106.68, 10.77, 0.02), square(106.686, 10.776, 0.008).reverse()] };
const twoParts: MultiPolygon = { type: 'MultiPolygon', coordinates: [[square(106.68, 10.77, 0.01)], [square(106.70, 10.77, 0.01)]] };

function expectTiling(parent: Polygon | MultiPolygon, cells: SubdivisionCell[], points: Position[]): void {
  const report = measureCoverage(parent, cells.map((c) => c.polygon));
  expect(report.gapRatio).toBeLessThan(TOLERANCE);
  expect(report.overlapRatio).toBeLessThan(TOLERANCE);
  expect(report.outsideRatio).toBeLessThan(TOLERANCE);
  expect(pointsOutside(cells, points)).toEqual([]);
  const members = cells.flatMap((c) => c.memberIndexes).sort((a, b) => a - b);
  expect(members).toEqual(points.map((_, i) => i));
}

function uniformPoints(seed: string, x0: number, y0: number, size: number, n: number): Position[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => [x0 + rng.next() * size, y0 + rng.next() * size]);
}

describe('subdivideUnit', () => {
  const households = generateHouseholds(createRandom('ward'), ward, 3000);
  const points = households.map((h) => h.position);
  const groups = subdivideUnit(ward, points, GROUP_OPTIONS, createRandom('groups'));

  it('is deterministic byte for byte', () => {
    expect(JSON.stringify(subdivideUnit(ward, points, GROUP_OPTIONS, createRandom('groups')))).toBe(JSON.stringify(groups));
  });

  it('tiles a ward with groups that hold their households', () => {
    expect(groups.length).toBeGreaterThanOrEqual(10);
    expectTiling(ward, groups, points);
  });

  it('keeps group sizes within the group bounds', () => {
    expect(groups.every((g) => g.memberIndexes.length >= GROUP_OPTIONS.minPerCell && g.memberIndexes.length <= GROUP_OPTIONS.maxPerCell)).toBe(true);
  });

  it('tiles every group with blocks, and every household lies in its block', () => {
    for (const group of groups) {
      const groupPoints = group.memberIndexes.map((i) => points[i] as Position);
      const blocks = subdivideUnit(group.polygon, groupPoints, BLOCK_OPTIONS, createRandom('blocks'));
      expectTiling(group.polygon, blocks, groupPoints);
      expect(blocks.every((b) => b.memberIndexes.length >= BLOCK_OPTIONS.minPerCell && b.memberIndexes.length <= BLOCK_OPTIONS.maxPerCell)).toBe(true);
    }
  });

  it('gives a unit with no households one empty cell: the whole parent', () => {
    const cells = subdivideUnit(ward, [], GROUP_OPTIONS, createRandom('e'));
    expect(cells).toEqual([{ polygon: { type: 'MultiPolygon', coordinates: [ward.coordinates] }, memberIndexes: [] }]);
  });

  it('keeps fewer points than the target in one cell', () => {
    const few = uniformPoints('few', 106.68, 10.77, 0.02, GROUP_OPTIONS.targetPerCell - 10);
    const cells = subdivideUnit(ward, few, GROUP_OPTIONS, createRandom('f'));
    expect(cells).toHaveLength(1);
    expect(cells[0]?.memberIndexes).toHaveLength(GROUP_OPTIONS.targetPerCell - 10);
  });

  it('respects a hole', () => {
    const pts = generateHouseholds(createRandom('holed'), holed, 1200).map((h) => h.position);
    const cells = subdivideUnit(holed, pts, BLOCK_OPTIONS, createRandom('h'));
    expect(cells.length).toBeGreaterThan(15);
    expectTiling(holed, cells, pts);
  });

  it('tiles a MultiPolygon parent', () => {
    const pts = generateHouseholds(createRandom('parts'), twoParts, 800).map((h) => h.position);
    const cells = subdivideUnit(twoParts, pts, BLOCK_OPTIONS, createRandom('m'));
    expectTiling(twoParts, cells, pts);
  });

  it('keeps coincident points together and still covers the parent', () => {
    const same: Position[] = Array.from({ length: 500 }, () => [106.69, 10.78]);
    const mixed = [...same, ...uniformPoints('dup', 106.68, 10.77, 0.02, 500)];
    const cells = subdivideUnit(ward, mixed, GROUP_OPTIONS, createRandom('d'));
    expectTiling(ward, cells, mixed);
    expect(cells.some((c) => same.every((_, i) => c.memberIndexes.includes(i)))).toBe(true);
  });

  it('refuses inconsistent bounds', () => {
    expect(() => subdivideUnit(ward, [], { minPerCell: 50, targetPerCell: 40, maxPerCell: 60 }, createRandom('x'))).toThrow(RangeError);
  });

  const wardsFile = `${HCMC_DIR}/wards.geojson`;
  it.skipIf(!hasRealCity())('subdivides real HCMC wards (read from shared data, not copied)', () => {
    const features = JSON.parse(readFileSync(wardsFile, 'utf8')).features as { properties: { name: string; district_code: string }; geometry: MultiPolygon }[];
    const picks = features.filter((f) => ['Phường Tân Định', 'Xã Tam Thôn Hiệp'].includes(f.properties.name));
    expect(picks).toHaveLength(2);
    for (const f of picks) {
      const pts = generateHouseholds(createRandom(f.properties.name), f.geometry, 4000).map((h) => h.position);
      const started = performance.now();
      const cells = subdivideUnit(f.geometry, pts, GROUP_OPTIONS, createRandom('real'));
      const ms = performance.now() - started;
      expectTiling(f.geometry, cells, pts);
      console.log(`${f.properties.name}: 4000 households → ${cells.length} groups in ${ms.toFixed(0)} ms`);
    }
  });
});
