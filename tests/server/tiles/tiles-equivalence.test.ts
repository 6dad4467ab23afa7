// Both encoders for the same tiles. On the PostGIS server (DATABASE_URL set)
// this compares ST_AsMVT with the JS path feature by feature. The embedded
// database cannot run ST_AsMVT, so there the test checks the JS path alone:
// it must hold exactly the units and households plain SQL finds in the tile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lngLatToTile, type TileAddress } from '../../../geo/tiles/tile-math.ts';
import { renderTile } from '../../../server/tiles/tiles.service.ts';
import { TILE_LAYERS, type TileLayerName } from '../../../server/tiles/tiles.layers.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { loadTestCity, ORIGIN } from './city-fixture.ts';
import { decodeTile, doubleArea, type DecodedFeature } from './tile-decode.ts';

const CASES: Array<[TileLayerName, TileAddress]> = [
  ['district', lngLatToTile(ORIGIN, 8)],
  ['district', lngLatToTile(ORIGIN, 11)],
  ['ward', lngLatToTile(ORIGIN, 10)],
  ['ward', lngLatToTile(ORIGIN, 13)],
  ['ward', lngLatToTile([106.65, 10.8], 14)],
  ['neighbourhood', lngLatToTile(ORIGIN, 15)],
  ['block', lngLatToTile(ORIGIN, 17)],
  ['household', lngLatToTile(ORIGIN, 13)],
  ['household', lngLatToTile(ORIGIN, 17)],
];

/** Largest distance from a vertex of a to the outline of b, in tile units. */
function farthestVertex(a: DecodedFeature, b: DecodedFeature): number {
  const segments = b.rings.flatMap((ring) => ring.map((p, i) => [p, ring[(i + 1) % ring.length]!] as const));
  let worst = 0;
  for (const [x, y] of a.rings.flat()) {
    let best = Infinity;
    for (const [[x1, y1], [x2, y2]] of segments) {
      const dx = x2 - x1;
      const dy = y2 - y1;
      const len = dx * dx + dy * dy;
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len));
      best = Math.min(best, Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)));
    }
    worst = Math.max(worst, best);
  }
  return worst;
}

const area = (f: DecodedFeature) => f.rings.reduce((sum, ring) => sum + doubleArea(ring) / 2, 0);

describe('tile encoders agree', () => {
  let t: TestDatabase;
  // Household tiles are drawn for a jurisdiction: the test households all lie in Quận 1.
  let scope: { districtId: number };
  beforeAll(async () => {
    t = await openTestDatabase();
    await loadTestCity(t.database);
    const [quan1] = await t.database.withSession((s) => s.query<{ id: number }>("SELECT id FROM unit WHERE code = '760'"));
    scope = { districtId: quan1!.id };
  });
  afterAll(async () => t?.drop());

  it.each(CASES)('%s %o', async (layerName, tile) => {
    const layer = TILE_LAYERS[layerName];
    const fromJs = decodeTile(await t.database.withSession((s) => renderTile(s, layer, tile, 'process', layer.kind === 'household' ? scope : null)));
    const names = Object.keys(fromJs);
    expect(names).toHaveLength(1);

    if (!t.database.capabilities.mvt) {
      const table = layer.kind === 'unit' ? "unit WHERE level = $4 AND" : 'household WHERE';
      const envelope = layer.kind === 'unit' || tile.z >= 15 ? 'ST_TileEnvelope($1, $2, $3, margin => 64.0 / 4096)' : 'ST_TileEnvelope($1, $2, $3)';
      const params = layer.kind === 'unit' ? [tile.z, tile.x, tile.y, layerName] : [tile.z, tile.x, tile.y];
      const [expected] = await t.database.withSession((s) =>
        s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} ST_Intersects(geom, ST_Transform(${envelope}, 4326))`, params),
      );
      const features = fromJs[names[0]!]!.features;
      if (layer.kind === 'unit' || tile.z >= 15) expect(features.length).toBe(expected!.n);
      else expect(features.reduce((n, f) => n + Number(f.properties.households), 0)).toBe(expected!.n);
      return;
    }

    const fromSql = decodeTile(await t.database.withSession((s) => renderTile(s, layer, tile, 'database', layer.kind === 'household' ? scope : null)));
    expect(Object.keys(fromSql)).toEqual(names);
    const js = fromJs[names[0]!]!;
    const sql = fromSql[names[0]!]!;
    expect(js.extent).toBe(sql.extent);
    expect(js.features.map((f) => f.id)).toEqual(sql.features.map((f) => f.id));
    js.features.forEach((feature, i) => {
      const other = sql.features[i]!;
      expect(feature.properties).toEqual(other.properties);
      expect(feature.type).toBe(other.type);
      expect(farthestVertex(feature, other)).toBeLessThanOrEqual(2);
      expect(farthestVertex(other, feature)).toBeLessThanOrEqual(2);
      if (feature.type === 3) expect(Math.abs(area(feature) - area(other))).toBeLessThanOrEqual(Math.max(8, 0.01 * Math.abs(area(other))));
    });
  });
});
