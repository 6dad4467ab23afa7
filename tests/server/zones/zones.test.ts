import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { resolveZone } from '../../../server/zones/zones.service.ts';
import { selectZoneBlockIds, selectZoneHouseholds } from '../../../server/zones/zones.repo.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';

// Zones: saving units or a polygon, every kind of bad polygon, jurisdiction,
// and the household/block SQL the aid rounds reuse.
interface Ward { id: number; code: string; district_id: number; box: number[][] }

describe('zones API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let planner: SignedInHeaders;
  let official: SignedInHeaders;
  let other: SignedInHeaders;
  let wards: Ward[];
  const post = (payload: unknown, who: SignedInHeaders) => app.inject({ method: 'POST', url: '/api/zones', payload: payload as never, headers: who });
  const q = <R>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 1500, seed: 'zones', idHashKey: 'x'.repeat(40) });
    // A box well inside each ward: the ward's interior point ± a tenth of its extent.
    wards = (await q<{ id: number; code: string; district_id: number; x: number; y: number; w: number; h: number }>(`
      SELECT id, code, district_id, ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y,
             ST_XMax(geom) - ST_XMin(geom) AS w, ST_YMax(geom) - ST_YMin(geom) AS h
      FROM unit WHERE level = 'ward' ORDER BY id`)).map((w) => {
      const [dx, dy] = [w.w / 40, w.h / 40];
      return { id: w.id, code: w.code, district_id: w.district_id, box: [[w.x - dx, w.y - dy], [w.x + dx, w.y - dy], [w.x + dx, w.y + dy], [w.x - dx, w.y + dy], [w.x - dx, w.y - dy]] };
    });
    app = await buildApp({ config: t.config, database: t.database });
    planner = await signInAs(app, t.database, { username: 'planner', role: 'planner' });
    other = await signInAs(app, t.database, { username: 'planner2', role: 'planner' });
    official = await signInAs(app, t.database, { username: 'official', role: 'ward_official', unitCode: wards[0]!.code });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('saves a units zone and resolves it for other features', async () => {
    const res = await post({ name: 'Phường đầu tiên', unitIds: [wards[0]!.id, wards[1]!.id] }, planner);
    expect(res.statusCode).toBe(201);
    const zone = res.json();
    expect(zone).toMatchObject({ name: 'Phường đầu tiên', kind: 'units', unitIds: [wards[0]!.id, wards[1]!.id], geometryGeoJson: null });
    const area = await t.database.withSession((s) => resolveZone(s, zone.id));
    expect(area.districtIds).toEqual([...new Set([wards[0]!.district_id, wards[1]!.district_id])].sort((a, b) => a - b));
    // Households of the zone = households of the two wards.
    const households = await t.database.withSession((s) => selectZoneHouseholds(s, zone.id));
    const [expected] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM household WHERE ward_id = ANY ($1::int[])`, [[wards[0]!.id, wards[1]!.id]]);
    expect(households.length).toBe(expected!.n);
    expect(households.length).toBeGreaterThan(0);
    const blocks = await t.database.withSession((s) => selectZoneBlockIds(s, zone.id));
    const [expectedBlocks] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM unit b JOIN unit_ancestry a ON a.unit_id = b.id WHERE b.level = 'block' AND a.ward_id = ANY ($1::int[])`, [[wards[0]!.id, wards[1]!.id]]);
    expect(blocks.length).toBe(expectedBlocks!.n);
  });

  it('saves a drawn polygon: units are those whose interior point lies inside; households by location', async () => {
    const res = await post({ name: 'Vùng vẽ', geometry: { type: 'Polygon', coordinates: [wards[0]!.box] }, level: 'ward' }, planner);
    expect(res.statusCode).toBe(201);
    const zone = res.json();
    expect(zone.kind).toBe('polygon');
    expect(zone.unitIds).toEqual([wards[0]!.id]);
    expect(JSON.parse(zone.geometryGeoJson).type).toBe('MultiPolygon');
    const households = await t.database.withSession((s) => selectZoneHouseholds(s, zone.id));
    const [expected] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM household WHERE ST_Intersects(ST_GeomFromGeoJSON($1), geom)`, [JSON.stringify({ type: 'Polygon', coordinates: [wards[0]!.box] })]);
    expect(households.length).toBe(expected!.n);
  });

  it('accepts an uploaded FeatureCollection and an unclosed ring', async () => {
    const ring = wards[1]!.box.slice(0, 4);
    const fc = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }] };
    const res = await post({ name: 'Tải lên', geometry: fc, level: 'ward' }, planner);
    expect(res.statusCode).toBe(201);
    expect(res.json().unitIds).toEqual([wards[1]!.id]);
  });

  it('refuses fewer than 3 distinct points, naming the ring', async () => {
    const [a, b] = [wards[0]!.box[0]!, wards[0]!.box[1]!];
    const res = await post({ name: 'x', geometry: { type: 'Polygon', coordinates: [[a, b, a]] } }, planner);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ZONE_TOO_FEW_POINTS', details: { distinctPoints: 2 } });
    expect(res.json().message).toMatch(/ring 0 has 2 distinct points; a polygon needs at least 3/);
  });

  it('refuses a self-intersecting polygon and says where it crosses', async () => {
    const bowtie = [[106.70, 10.77], [106.72, 10.79], [106.72, 10.77], [106.70, 10.79], [106.70, 10.77]];
    const res = await post({ name: 'x', geometry: { type: 'Polygon', coordinates: [bowtie] } }, planner);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('ZONE_SELF_INTERSECTION');
    expect(res.json().details.at).toEqual([106.71, 10.78]);
    expect(res.json().message).toMatch(/crosses itself at \[106\.71, 10\.78\]/);
  });

  it('refuses coordinates out of range, latitude/longitude swapped', async () => {
    const res = await post({ name: 'x', geometry: { type: 'Polygon', coordinates: [[[10.7, 106.7], [10.8, 106.7], [10.8, 106.8], [10.7, 106.7]]] } }, planner);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'ZONE_COORDINATES_OUT_OF_RANGE', details: { point: [10.7, 106.7] } });
  });

  it('refuses an empty upload and an empty unit list', async () => {
    const fc = await post({ name: 'x', geometry: { type: 'FeatureCollection', features: [] } }, planner);
    expect(fc.statusCode).toBe(400);
    expect(fc.json().code).toBe('ZONE_EMPTY');
    const units = await post({ name: 'x', unitIds: [] }, planner);
    expect(units.statusCode).toBe(400);
    expect(units.json().code).toBe('ZONE_EMPTY');
  });

  it('refuses a blank name and unknown units', async () => {
    const blank = await post({ name: '   ', unitIds: [wards[0]!.id] }, planner);
    expect(blank.statusCode).toBe(400);
    expect(blank.json().message).toBe('name is empty: give the zone a name');
    const unknown = await post({ name: 'x', unitIds: [999999] }, planner);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('There is no unit 999999.');
  });

  it('keeps a ward official inside their ward: 403 with a clear message for units and polygons outside', async () => {
    const inside = await post({ name: 'Của tôi', geometry: { type: 'Polygon', coordinates: [wards[0]!.box] }, level: 'ward' }, official);
    expect(inside.statusCode, inside.body).toBe(201);
    const unitOutside = await post({ name: 'x', unitIds: [wards[1]!.id] }, official);
    expect(unitOutside.statusCode).toBe(403);
    expect(unitOutside.json()).toMatchObject({ code: 'ZONE_OUTSIDE_JURISDICTION' });
    expect(unitOutside.json().message).toMatch(new RegExp(`Unit ${wards[1]!.id} lies outside your jurisdiction`));
    const polygonOutside = await post({ name: 'x', geometry: { type: 'Polygon', coordinates: [wards[1]!.box] } }, official);
    expect(polygonOutside.statusCode).toBe(403);
    expect(polygonOutside.json().message).toMatch(/100\.0% of the polygon lies outside your jurisdiction/);
  });

  it('lists, reads and deletes only the owner\'s zones', async () => {
    const mine = (await app.inject({ url: '/api/zones', headers: planner })).json().zones;
    expect(mine.length).toBeGreaterThanOrEqual(3);
    const theirs = (await app.inject({ url: '/api/zones', headers: other })).json().zones;
    expect(theirs).toEqual([]);
    const id = mine[0].id;
    expect((await app.inject({ url: `/api/zones/${id}`, headers: other })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/zones/${id}`, headers: other })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/api/zones/${id}`, headers: planner })).statusCode).toBe(204);
    expect((await app.inject({ url: `/api/zones/${id}`, headers: planner })).statusCode).toBe(404);
  });
});
