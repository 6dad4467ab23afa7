import { describe, expect, it } from 'vitest';
import { checkBoundaryFeatures, NotAFeatureCollectionError } from '../../geo/boundaries.ts';

const square = (x: number, y: number, size = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});
const feature = (properties: Record<string, unknown>, geometry: unknown = square(106.7, 10.7)) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

describe('checkBoundaryFeatures', () => {
  it('accepts good features and reads the named fields', () => {
    const result = checkBoundaryFeatures(collection(feature({ ma: '760', ten: 'Quận 1', dan_so: '142000' })), {
      code: 'ma',
      name: 'ten',
      parent: 'cha',
      population: 'dan_so',
    });
    expect(result.problems).toEqual([]);
    expect(result.candidates).toEqual([expect.objectContaining({ index: 0, code: '760', name: 'Quận 1', parentCode: null, population: 142000 })]);
  });

  it.each([
    [feature({ name: 'No code' }), 'CODE_MISSING', /feature 1 has no "code"/],
    [feature({ code: 'A' }), 'NAME_MISSING', /code A\) has no "name"/],
    [{ type: 'Feature', properties: { code: 'A', name: 'a' }, geometry: null }, 'GEOMETRY_MISSING', /no geometry/],
    [feature({ code: 'A', name: 'a' }, { type: 'Point', coordinates: [106, 10] }), 'GEOMETRY_TYPE', /is a Point/],
    [feature({ code: 'A', name: 'a' }, square(686000, 1190000, 100)), 'COORDINATES_OUT_OF_RANGE', /projected CRS/],
    [feature({ code: 'A', name: 'a' }, { type: 'Polygon', coordinates: [[[1, 1], [2, 2]]] }), 'GEOMETRY_MALFORMED', /malformed/],
    [feature({ code: 'A', name: 'a', population: -3 }), 'POPULATION_INVALID', /not a whole number/],
    [{ type: 'Thing' }, 'NOT_A_FEATURE', /not a GeoJSON Feature/],
  ])('reports %# as %s without stopping the rest', (bad, problem, message) => {
    const result = checkBoundaryFeatures(collection(bad, feature({ code: 'OK', name: 'Good' })));
    expect(result.problems).toEqual([expect.objectContaining({ index: 0, problem })]);
    expect(result.problems[0]?.message).toMatch(message);
    expect(result.candidates.map((c) => c.code)).toEqual(['OK']);
  });

  it('keeps the first of duplicate codes and names both features', () => {
    const result = checkBoundaryFeatures(collection(feature({ code: 'D', name: 'first' }), feature({ code: 'D', name: 'second' })));
    expect(result.candidates.map((c) => c.name)).toEqual(['first']);
    expect(result.problems[0]).toMatchObject({ index: 1, code: 'D', problem: 'DUPLICATE_CODE' });
    expect(result.problems[0]?.message).toMatch(/feature 2 repeats code D of feature 1/);
  });

  it.each([[null], [[]], [{ type: 'Feature' }], [{ type: 'FeatureCollection' }], [collection()]])('refuses %j as a whole', (document) => {
    expect(() => checkBoundaryFeatures(document)).toThrow(NotAFeatureCollectionError);
  });
});
