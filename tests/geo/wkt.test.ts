import { describe, expect, it } from 'vitest';
import { toMultiPolygonEwkt, toPointEwkt } from '../../geo/wkt.ts';

describe('EWKT', () => {
  it('writes points as lng lat, without losing precision', () => {
    expect(toPointEwkt([106.70123456789013, 10.776])).toBe('SRID=4326;POINT(106.70123456789013 10.776)');
  });
  it('writes a polygon with a hole as a one-part multipolygon', () => {
    const polygon = {
      type: 'Polygon' as const,
      coordinates: [
        [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
        [[1, 1], [1, 2], [2, 2], [1, 1]],
      ],
    };
    expect(toMultiPolygonEwkt(polygon)).toBe('SRID=4326;MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0),(1 1,1 2,2 2,1 1)))');
  });
  it('writes an empty multipolygon and refuses non-finite coordinates', () => {
    expect(toMultiPolygonEwkt({ type: 'MultiPolygon', coordinates: [] })).toBe('SRID=4326;MULTIPOLYGON EMPTY');
    expect(() => toPointEwkt([Number.NaN, 1])).toThrow(RangeError);
  });
});
