import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lngLatToTile, type TileAddress } from '../../../geo/tiles/tile-math.ts';
import { buildApp } from '../../../server/app.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { BEN_NGHE, HOUSEHOLDS, loadTestCity, ORIGIN, TEST_CITY } from './city-fixture.ts';
import { decodeTile, doubleArea } from './tile-decode.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';

const at = (z: number): TileAddress => lngLatToTile(ORIGIN, z);
const path = (layer: string, t: TileAddress) => `/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`;

describe('vector tiles of Ho Chi Minh City', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  // The official of Quận 1, where the test households are: the one role that sees household tiles there.
  let official: SignedInHeaders;
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers: { ...official, ...headers } });
  const version = async () => (await t.database.withSession((s) => s.query<{ version: number }>('SELECT version FROM boundary_version')))[0]!.version;

  beforeAll(async () => {
    t = await openTestDatabase();
    await loadTestCity(t.database);
    app = await buildApp({ config: t.config, database: t.database });
    official = await signInAs(app, t.database, { username: 'official', role: 'ward_official', unitCode: '760' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('serves districts at z10 as valid MVT 2.1 polygons with id, code, name, level and parent', async () => {
    const response = await get(path('district', at(10)));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    const { district } = decodeTile(response.rawPayload);
    expect(district).toMatchObject({ extent: 4096, version: 2 });
    const quan1 = district!.features.find((f) => f.properties.code === '760');
    expect(quan1).toMatchObject({ type: 3, properties: { code: '760', name: 'Quận 1', level: 'district', parent_id: expect.any(Number) } });
    for (const feature of district!.features) {
      expect(feature.id).toEqual(expect.any(Number));
      expect(doubleArea(feature.rings[0]!)).toBeGreaterThan(0); // first ring exterior, clockwise on screen
      for (const [x, y] of feature.rings.flat()) {
        expect(x).toBeGreaterThanOrEqual(-64);
        expect(x).toBeLessThanOrEqual(4096 + 64);
        expect(y).toBeGreaterThanOrEqual(-64);
        expect(y).toBeLessThanOrEqual(4096 + 64);
      }
    }
  });

  it('serves wards at z12 and neighbourhoods with their holes at z14', async () => {
    const wards = decodeTile((await get(path('ward', at(12)))).rawPayload).ward!;
    expect(wards.features.map((f) => f.properties.code)).toContain(BEN_NGHE);
    expect(new Set(wards.features.map((f) => f.properties.level))).toEqual(new Set(['ward']));

    // The z14 tile holding N4 whole, so its hole is not cut by a tile edge.
    const neighbourhoods = decodeTile((await get(path('neighbourhood', lngLatToTile([ORIGIN[0] + 0.006, ORIGIN[1] + 0.006], 14)))).rawPayload).neighbourhood!;
    expect(neighbourhoods.features.map((f) => f.properties.code)).toContain('N4');
    const donut = neighbourhoods.features.find((f) => f.properties.code === 'N4')!;
    expect(donut.rings.map((r) => Math.sign(doubleArea(r)))).toEqual([1, -1]);
  });

  it('serves blocks at z16 and simplifies: a z6 tile has far fewer vertices than the districts', async () => {
    const blocks = decodeTile((await get(path('block', at(16)))).rawPayload).block!;
    expect(blocks.features.map((f) => f.properties.code).sort()).toEqual(['B1', 'B2', 'B3', 'B4']);

    const overview = decodeTile((await get(path('district', at(6)))).rawPayload).district!;
    expect(overview.features).toHaveLength(22);
    const tileVertices = overview.features.reduce((n, f) => n + f.rings.flat().length, 0);
    const [raw] = await t.database.withSession((s) => s.query<{ n: number }>("SELECT sum(ST_NPoints(geom))::int AS n FROM unit WHERE level = 'district'"));
    expect(tileVertices).toBeLessThan(raw!.n / 5);
  });

  it('serves households as points from z15 with id, block and member count only', async () => {
    const response = await get(path('household', at(16)));
    expect(response.headers['cache-control']).toBe('private, no-cache');
    const { household } = decodeTile(response.rawPayload);
    expect(household!.features.length).toBeGreaterThan(0);
    const [block] = await t.database.withSession((s) => s.query<{ id: number }>("SELECT id FROM unit WHERE code = 'B1'"));
    for (const feature of household!.features) {
      expect(feature.type).toBe(1);
      expect(feature.id).toBeGreaterThanOrEqual(1000);
      expect(Object.keys(feature.properties).sort()).toEqual(['block_id', 'member_count']);
      expect(feature.properties.block_id).toBe(block!.id);
    }
  });

  it('counts households per cell below z15 instead of sending points', async () => {
    const tile = at(13);
    const { household_cluster: clusters, household } = decodeTile((await get(path('household', tile))).rawPayload);
    expect(household).toBeUndefined();
    const [expected] = await t.database.withSession((s) =>
      s.query<{ n: number; members: number }>('SELECT count(*)::int AS n, sum(member_count)::int AS members FROM household WHERE geom && ST_Transform(ST_TileEnvelope($1, $2, $3), 4326)', [tile.z, tile.x, tile.y]),
    );
    expect(expected!.n).toBe(HOUSEHOLDS);
    expect(clusters!.features.reduce((n, f) => n + Number(f.properties.households), 0)).toBe(expected!.n);
    expect(clusters!.features.reduce((n, f) => n + Number(f.properties.members), 0)).toBe(expected!.members);
    expect(clusters!.features.every((f) => f.type === 1 && f.id! >= 0 && f.id! < 256)).toBe(true);
  });

  it('answers 204 below a layer\'s minzoom and where there is nothing', async () => {
    expect((await get(path('household', at(11)))).statusCode).toBe(204);
    expect((await get(path('district', at(5)))).statusCode).toBe(204);
    expect((await get('/tiles/ward/12/0/0.mvt')).statusCode).toBe(204);
  });

  it('caches by boundary version: immutable with the current ?v=, 304 on a matching ETag, a new ETag after a boundary change', async () => {
    const v = await version();
    const url = `${path('ward', at(12))}?v=${v}`;
    const first = await get(url);
    expect(first.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(first.headers.etag).toBe(`"ward-12-${at(12).x}-${at(12).y}-v${v}"`);
    const again = await get(url, { 'if-none-match': first.headers.etag as string });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const stale = await get(`${path('ward', at(12))}?v=${v - 1}`);
    expect(stale.headers['cache-control']).toBe('private, max-age=60');
    expect(Buffer.compare(stale.rawPayload, first.rawPayload)).toBe(0);

    await t.database.withSession((s) => s.query('UPDATE boundary_version SET version = version + 1'));
    const after = await get(url, { 'if-none-match': first.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).toBe(`"ward-12-${at(12).x}-${at(12).y}-v${v + 1}"`);
    expect(after.headers['cache-control']).toBe('private, max-age=60');
  });

  it('revalidates household tiles by content', async () => {
    const first = await get(path('household', at(16)));
    expect((await get(path('household', at(16)), { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
    await t.database.withSession((s) => s.query('UPDATE household SET member_count = member_count + 1 WHERE id = 1000'));
    expect((await get(path('household', at(16)), { 'if-none-match': first.headers.etag as string })).statusCode).toBe(200);
  });

  it('describes each source in TileJSON 3.0 with the boundary version in the tiles URL', async () => {
    const v = await version();
    const response = await get('/tiles/ward.json');
    expect(response.statusCode).toBe(200);
    const tilejson = response.json();
    expect(tilejson).toMatchObject({ tilejson: '3.0.0', scheme: 'xyz', minzoom: 9, maxzoom: 16, tiles: [`http://localhost:80/tiles/ward/{z}/{x}/{y}.mvt?v=${v}`] });
    const [west, south, east, north] = tilejson.bounds;
    expect([west, south, east, north].map((n: number) => Math.round(n * 10) / 10)).toEqual(TEST_CITY.wardBbox);
    expect(tilejson.vector_layers).toEqual([expect.objectContaining({ id: 'ward', fields: { id: 'Number', code: 'String', name: 'String', level: 'String', parent_id: 'Number' } })]);
    const households = (await get('/tiles/household.json')).json();
    expect(households.vector_layers.map((l: { id: string; minzoom: number }) => [l.id, l.minzoom])).toEqual([['household_cluster', 12], ['household', 15]]);
  });
});

describe('bad tile requests', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let planner: SignedInHeaders;
  beforeAll(async () => {
    t = await openTestDatabase();
    app = await buildApp({ config: t.config, database: t.database });
    planner = await signInAs(app, t.database, { username: 'planner', role: 'planner' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it.each([
    ['/tiles/nope/1/0/0.mvt', /Unknown tile layer "nope"; layers are district, ward, neighbourhood, block, household/],
    ['/tiles/ward/1.5/0/0.mvt', /z must be integer/],
    ['/tiles/ward/a/0/0.mvt', /z must be integer/],
    ['/tiles/ward/23/0/0.mvt', /z must be <= 22/],
    ['/tiles/ward/-1/0/0.mvt', /z must be >= 0/],
    ['/tiles/ward/3/8/0.mvt', /x and y must be between 0 and 7 at zoom 3/],
    ['/tiles/ward/3/0/99999999999.mvt', /x and y must be between 0 and 7/],
    ['/tiles/ward/3/0/1e3.mvt', /x and y must be between 0 and 7/],
    ['/tiles/Ward.json', /Unknown tile layer "Ward"/],
    ['/tiles/constructor.json', /Unknown tile layer "constructor"/],
  ])('%s → 400', async (url, message) => {
    const response = await app.inject({ method: 'GET', url, headers: planner });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
  });
});
