import { describe, expect, it } from 'vitest';
import { computeLabelPoints } from '../../client/src/map/label-points.ts';
import { buildMapLabels, buildOverlayLayers, computeFlashRing, FLASH_MS } from '../../client/src/map/layers.ts';

const square = (x: number, y: number, size: number) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]] });

describe('label points', () => {
  it('puts the label at the centroid of the largest piece and the bbox over all pieces', () => {
    const [point] = computeLabelPoints([
      { id: 7, geometry: square(0, 0, 1), properties: { name: 'Phường 7' } },
      { id: 7, geometry: square(1, 0, 2), properties: { name: 'Phường 7' } },
    ]);
    expect(point?.name).toBe('Phường 7');
    expect(point?.position[0]).toBeCloseTo(2);
    expect(point?.position[1]).toBeCloseTo(1);
    expect(point?.bbox).toEqual([0, 0, 3, 2]);
  });

  it('skips pieces without an id or without polygons', () => {
    expect(computeLabelPoints([
      { id: undefined, geometry: square(0, 0, 1), properties: null },
      { id: 3, geometry: { type: 'Point', coordinates: [0, 0] }, properties: null },
    ])).toEqual([]);
  });
});

describe('map labels', () => {
  const points = computeLabelPoints([
    { id: 1, geometry: square(0, 0, 1), properties: { name: 'Lớn' } },
    { id: 2, geometry: square(5, 5, 0.01), properties: { name: 'Nhỏ' } },
  ]);

  it('labels only units wide enough on screen, with the tier on a second line', () => {
    const labels = buildMapLabels(points, 100, (id) => (id === 1 ? 'Cấp 3' : null));
    expect(labels).toEqual([{ id: 1, position: [0.5, 0.5], text: 'Lớn\nCấp 3' }]);
  });

  it('builds the overlay with stable layer ids', () => {
    const layers = buildOverlayLayers({ labels: [], flashes: [], nowMs: 0, showLabels: true });
    expect(layers.map((l) => l.id)).toEqual(['tier-flash', 'unit-labels']);
  });

  it('keeps only flashes that are still running', () => {
    const [flash] = buildOverlayLayers({ labels: [], flashes: [{ id: 1, position: [0, 0], startedMs: 0 }, { id: 2, position: [0, 0], startedMs: 5000 }], nowMs: 5100, showLabels: true });
    expect((flash?.props.data as unknown[]).length).toBe(1);
  });
});

describe('flash ring', () => {
  it('pulses and fades out, then disappears', () => {
    expect(computeFlashRing(0).alpha).toBe(255);
    expect(computeFlashRing(900).radiusPx).toBeGreaterThan(computeFlashRing(100).radiusPx);
    expect(computeFlashRing(FLASH_MS)).toEqual({ radiusPx: 0, alpha: 0 });
    expect(computeFlashRing(-1)).toEqual({ radiusPx: 0, alpha: 0 });
  });
});
