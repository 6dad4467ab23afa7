import { describe, expect, it } from 'vitest';
import { computeMetresPerPixel, pickScaleBar } from '../../client/src/layout/export-view.ts';

describe('scale bar of an exported view', () => {
  it('gives the ground size of a pixel in Web Mercator (512 px tiles)', () => {
    expect(computeMetresPerPixel(0, 0)).toBeCloseTo(78_271.5, 0);
    expect(computeMetresPerPixel(60, 1)).toBeCloseTo(78_271.5 / 4, 0);
  });

  it.each([
    [1, 120, 100, '100 m', 100],
    [10, 120, 1000, '1 km', 100],
    [3, 120, 200, '200 m', 66.7],
    [0.004, 120, 0.2, '20 cm', 50],
    [50, 120, 5000, '5 km', 100],
  ])('at %f m/px within %i px: %f m ("%s", %f px)', (mpp, max, metres, label, pixels) => {
    const bar = pickScaleBar(mpp, max);
    expect(bar.metres).toBeCloseTo(metres, 6);
    expect(bar.label).toBe(label);
    expect(bar.pixels).toBeCloseTo(pixels, 0);
    expect(bar.pixels).toBeLessThanOrEqual(max);
  });

  it('draws no bar for a degenerate scale', () => {
    expect(pickScaleBar(0, 120).pixels).toBe(0);
    expect(pickScaleBar(Number.NaN, 120).pixels).toBe(0);
  });
});
