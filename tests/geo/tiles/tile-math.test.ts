import { describe, expect, it } from 'vitest';
import {
  describeTileAddressProblem,
  lngLatToTile,
  simplifyToleranceMeters,
  tileBoundsMeters,
  tilesCoveringBbox,
  tileSizeMeters,
  WEB_MERCATOR_HALF_WORLD_METERS,
} from '../../../geo/tiles/tile-math.ts';

const H = WEB_MERCATOR_HALF_WORLD_METERS;

describe('describeTileAddressProblem', () => {
  it.each([
    [{ z: 0, x: 0, y: 0 }],
    [{ z: 22, x: 4194303, y: 4194303 }],
    [{ z: 12, x: 3250, y: 1923 }],
  ])('accepts %o', (tile) => {
    expect(describeTileAddressProblem(tile)).toBeNull();
  });

  it.each([
    [{ z: 1.5, x: 0, y: 0 }, /integers/],
    [{ z: 1, x: Number.NaN, y: 0 }, /integers/],
    [{ z: -1, x: 0, y: 0 }, /zoom must be between 0 and 22/],
    [{ z: 23, x: 0, y: 0 }, /zoom must be between 0 and 22/],
    [{ z: 0, x: 1, y: 0 }, /between 0 and 0 at zoom 0/],
    [{ z: 3, x: 0, y: 8 }, /between 0 and 7 at zoom 3/],
    [{ z: 3, x: -1, y: 0 }, /between 0 and 7/],
  ])('refuses %o', (tile, message) => {
    expect(describeTileAddressProblem(tile)).toMatch(message);
  });
});

describe('tileBoundsMeters', () => {
  it('covers the whole square world at zoom 0', () => {
    expect(tileBoundsMeters({ z: 0, x: 0, y: 0 })).toEqual({ minX: -H, minY: -H, maxX: H, maxY: H });
  });

  it('puts row 0 at the top and halves the size per zoom', () => {
    const b = tileBoundsMeters({ z: 1, x: 1, y: 0 });
    expect(b).toEqual({ minX: 0, minY: 0, maxX: H, maxY: H });
    expect(tileSizeMeters(1)).toBe(H);
    expect(tileSizeMeters(10)).toBeCloseTo((2 * H) / 1024, 9);
  });

  it('simplifies at one 512-pixel screen pixel', () => {
    expect(simplifyToleranceMeters(0)).toBeCloseTo((2 * H) / 512, 6);
    expect(simplifyToleranceMeters(14) * 4096).toBeCloseTo(tileSizeMeters(14) * 8, 6);
  });
});

describe('lngLatToTile', () => {
  it.each([
    // Ben Thanh market, Ho Chi Minh City.
    [[106.698, 10.7725], 12, { z: 12, x: 3261, y: 1924 }],
    [[0, 0], 1, { z: 1, x: 1, y: 1 }],
    [[-180, 85.0511], 2, { z: 2, x: 0, y: 0 }],
    [[179.9999, -89], 2, { z: 2, x: 3, y: 3 }],
    [[540, 0], 1, { z: 1, x: 0, y: 1 }],
  ] as const)('%o at zoom %i is %o', (lngLat, z, tile) => {
    expect(lngLatToTile(lngLat, z)).toEqual(tile);
  });
});

describe('tilesCoveringBbox', () => {
  it('lists tiles row by row from the north-west', () => {
    expect(tilesCoveringBbox([-1, -1, 1, 1], 1)).toEqual([
      { z: 1, x: 0, y: 0 },
      { z: 1, x: 1, y: 0 },
      { z: 1, x: 0, y: 1 },
      { z: 1, x: 1, y: 1 },
    ]);
  });

  it('keeps an east edge of 180 in the last column', () => {
    expect(tilesCoveringBbox([170, 1, 180, 2], 1)).toEqual([{ z: 1, x: 1, y: 0 }]);
  });

  it('returns nothing for an inverted box', () => {
    expect(tilesCoveringBbox([10, 0, -10, 1], 3)).toEqual([]);
    expect(tilesCoveringBbox([0, 10, 1, -10], 3)).toEqual([]);
  });
});
