import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { measureCoverage, pointsOutside } from '../../../geo/synth/coverage.ts';

const rect = (x0: number, y0: number, x1: number, y1: number): Polygon =>
  ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
const parent = rect(0, 10, 0.02, 10.02);

describe('measureCoverage', () => {
  it('reports an exact tiling as clean', () => {
    const r = measureCoverage(parent, [rect(0, 10, 0.01, 10.02), rect(0.01, 10, 0.02, 10.02)]);
    expect(r.gapRatio).toBeLessThan(1e-12);
    expect(r.overlapRatio).toBeLessThan(1e-12);
    expect(r.outsideRatio).toBeLessThan(1e-12);
  });
  it('measures a gap', () => {
    const r = measureCoverage(parent, [rect(0, 10, 0.01, 10.02)]);
    expect(r.gapRatio).toBeCloseTo(0.5, 6);
  });
  it('measures an overlap', () => {
    const r = measureCoverage(parent, [rect(0, 10, 0.015, 10.02), rect(0.005, 10, 0.02, 10.02)]);
    expect(r.overlapRatio).toBeCloseTo(0.5, 6);
    expect(r.gapRatio).toBeLessThan(1e-12);
  });
  it('measures area outside the parent', () => {
    expect(measureCoverage(parent, [rect(0, 10, 0.03, 10.02)]).outsideRatio).toBeCloseTo(0.5, 6);
  });
  it('treats no children as all gap', () => {
    expect(measureCoverage(parent, []).gapRatio).toBe(1);
  });
  it('reports areas in square metres', () => {
    expect(measureCoverage(parent, []).parentAreaM2).toBeGreaterThan(4.8e6);
    expect(measureCoverage(parent, []).parentAreaM2).toBeLessThan(4.9e6);
  });
});

describe('pointsOutside', () => {
  const points: Position[] = [[0.005, 10.005], [0.01, 10.01], [0.015, 10.015], [0.5, 10.5]];
  const cells = [{ polygon: rect(0, 10, 0.01, 10.02), memberIndexes: [0, 1] }, { polygon: rect(0.01, 10, 0.02, 10.02), memberIndexes: [2, 3, 9] }];
  it('counts points on an edge as inside and reports the others with their distance', () => {
    const out = pointsOutside(cells, points);
    expect(out.map((o) => [o.cellIndex, o.pointIndex])).toEqual([[1, 3], [1, 9]]);
    expect(out[0]?.distanceMeters).toBeGreaterThan(1000);
    expect(out[1]?.distanceMeters).toBe(Infinity);
  });
});
