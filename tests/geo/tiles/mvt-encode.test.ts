import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { describe, expect, it } from 'vitest';
import { encodeVectorTile, type TileFeature } from '../../../geo/tiles/mvt-encode.ts';
import { cleanRing, commandInteger, encodePointCommands, encodePolygonCommands, ringDoubleArea, zigzag } from '../../../geo/tiles/mvt-geometry.ts';

const decode = (bytes: Uint8Array) => new VectorTile(new PbfReader(bytes));
const square = (x: number, y: number, size: number) => [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];
const points = (ring: Array<{ x: number; y: number }>) => ring.map((p) => [p.x, p.y]);

describe('zigzag and command integers', () => {
  it.each([
    [0, 0],
    [-1, 1],
    [1, 2],
    [-2, 3],
    [2, 4],
    [4096, 8192],
    [-4096, 8191],
  ])('zigzag(%i) = %i', (n, encoded) => {
    expect(zigzag(n)).toBe(encoded);
  });

  it('packs the id in the low 3 bits and the count above (spec examples)', () => {
    expect(commandInteger(1, 1)).toBe(9);
    expect(commandInteger(2, 3)).toBe(26);
    expect(commandInteger(7, 1)).toBe(15);
  });

  it('encodes the spec example point (25, 17) and multipoint', () => {
    expect(encodePointCommands([[25, 17]])).toEqual([9, 50, 34]);
    expect(encodePointCommands([[5, 7], [3, 2]])).toEqual([17, 10, 14, 3, 9]);
    expect(encodePointCommands([])).toBeNull();
  });
});

describe('polygon rings', () => {
  it('encodes the spec example polygon (3,6) (8,12) (20,34)', () => {
    // The spec's example ring, wound clockwise on screen (positive area).
    expect(encodePolygonCommands([[[[3, 6], [8, 12], [20, 34], [3, 6]]]])).toEqual([9, 6, 12, 18, 10, 12, 24, 44, 15]);
  });

  it('rewinds exteriors clockwise on screen and holes counter-clockwise', () => {
    const ccwExterior = [[0, 0], [0, 100], [100, 100], [100, 0], [0, 0]];
    const cwHole = [[10, 10], [20, 10], [20, 20], [10, 20], [10, 10]];
    const tile = decode(encodeVectorTile([{ name: 'l', features: [{ id: 1, properties: {}, geometry: { type: 'Polygon', coordinates: [ccwExterior, cwHole] } }] }]).bytes);
    const rings = tile.layers.l!.feature(0).loadGeometry().map(points);
    expect(rings).toHaveLength(2);
    expect(ringDoubleArea(rings[0]!)).toBeGreaterThan(0);
    expect(ringDoubleArea(rings[1]!)).toBeLessThan(0);
  });

  it.each([
    ['two points', [[0, 0], [5, 5], [0, 0]]],
    ['a line folded back', [[0, 0], [5, 5], [10, 10], [0, 0]]],
    ['sub-unit wiggles that round to one point', [[0.1, 0.1], [0.2, 0.3], [0.4, 0.1]]],
    ['empty', []],
  ])('drops a collapsed ring: %s', (_name, ring) => {
    expect(cleanRing(ring)).toBeNull();
  });

  it('drops repeated points and the closing point', () => {
    expect(cleanRing([[0, 0], [0, 0], [10, 0.4], [10, 10], [0, 10], [0, 0]])).toEqual([[0, 0], [10, 0], [10, 10], [0, 10]]);
  });

  it('drops a polygon whose exterior collapsed, with its holes, and keeps the other parts', () => {
    const commands = encodePolygonCommands([
      [[[0, 0], [1, 1], [0, 0]], square(0, 0, 5)],
      [square(50, 50, 10)],
    ]);
    expect(commands?.[0]).toBe(9);
    expect(commands?.filter((c) => c === 15)).toHaveLength(1);
    expect(encodePolygonCommands([[[[0, 0], [1, 1], [0, 0]]]])).toBeNull();
  });
});

describe('encodeVectorTile', () => {
  const feature = (id: number, properties: TileFeature['properties']): TileFeature => ({ id, properties, geometry: { type: 'Polygon', coordinates: [square(10 * id, 0, 8)] } });

  it('writes a tile that @mapbox/vector-tile decodes with ids, properties and geometry', () => {
    const { bytes, written } = encodeVectorTile([
      {
        name: 'ward',
        features: [feature(1, { code: '26734', name: 'Phường Bến Nghé', parent_id: 7, ratio: 0.5, yes: true, neg: -3 }), feature(2, { code: '26737', name: 'Phường Đa Kao', parent_id: 7 })],
      },
      { name: 'household', features: [{ id: 2 ** 40, properties: { block_id: null, member_count: 4 }, geometry: { type: 'Point', coordinates: [100, 4095] } }] },
    ]);
    expect(written).toEqual({ ward: 2, household: 1 });
    const tile = decode(bytes);
    const ward = tile.layers.ward!;
    expect(ward).toMatchObject({ version: 2, extent: 4096, length: 2 });
    expect(ward.feature(0).id).toBe(1);
    expect(ward.feature(0).properties).toEqual({ code: '26734', name: 'Phường Bến Nghé', parent_id: 7, ratio: 0.5, yes: true, neg: -3 });
    expect(ward.feature(1).properties).toEqual({ code: '26737', name: 'Phường Đa Kao', parent_id: 7 });
    expect(VectorTileFeatureType(ward.feature(1).type)).toBe('Polygon');
    expect(points(ward.feature(1).loadGeometry()[0]!)).toEqual([[20, 0], [28, 0], [28, 8], [20, 8], [20, 0]]);
    const household = tile.layers.household!.feature(0);
    expect(household.id).toBe(2 ** 40);
    expect(household.properties).toEqual({ member_count: 4 });
    expect(points(household.loadGeometry()[0]!)).toEqual([[100, 4095]]);
  });

  it('shares repeated keys and values', () => {
    const one = encodeVectorTile([{ name: 'l', features: [feature(1, { level: 'ward' })] }]).bytes.length;
    const two = encodeVectorTile([{ name: 'l', features: [feature(1, { level: 'ward' }), feature(2, { level: 'ward' })] }]).bytes.length;
    const three = encodeVectorTile([{ name: 'l', features: [feature(1, { level: 'ward' }), feature(2, { level: 'ward' }), feature(3, { level: 'ward' })] }]).bytes.length;
    expect(three - two).toBe(two - one); // each extra feature costs only its tags and geometry
    expect(two - one).toBeLessThan(30); // tags (4 bytes) + a square (about 16 bytes) + framing
  });

  it('omits layers with no features, so an empty tile has zero bytes', () => {
    const result = encodeVectorTile([{ name: 'l', features: [] }, { name: 'm', features: [{ id: 1, properties: {}, geometry: { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] } }] }]);
    expect(result.bytes.length).toBe(0);
    expect(result.skipped).toEqual({ l: 0, m: 1 });
    expect(Object.keys(decode(result.bytes).layers)).toEqual([]);
  });

  it('writes no id for ids MVT cannot carry and skips non-finite numbers', () => {
    const tile = decode(encodeVectorTile([{ name: 'l', features: [{ id: -5, properties: { a: Number.NaN, b: 1 }, geometry: { type: 'Point', coordinates: [1, 1] } }] }]).bytes);
    expect(tile.layers.l!.feature(0).id).toBeUndefined();
    expect(tile.layers.l!.feature(0).properties).toEqual({ b: 1 });
  });
});

function VectorTileFeatureType(type: number): string {
  return ['Unknown', 'Point', 'LineString', 'Polygon'][type] ?? 'Unknown';
}
