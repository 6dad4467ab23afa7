import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBoundaries } from '../../../server/geography/boundaries.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { HCMC_DIR, hasRealCity } from '../../helpers/real-city.ts';

// The real Ho Chi Minh City, read from ../shared (never copied into the project).
const HCMC = HCMC_DIR;
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(HCMC, file), 'utf8'));
const HCMC_CITY = { code: '79', name: 'Thành phố Hồ Chí Minh' };
const WARD_FIELDS = { parent: 'district_code', population: 'pop_2019' };

const square = (x: number, y: number, size = 0.01) => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });

describe.skipIf(!hasRealCity())('importing Ho Chi Minh City', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => t?.drop());

  it('loads 22 districts and 312 wards with the 2019 census total', async () => {
    const districts = await importBoundaries(t.database, readJson('districts_from_wards.geojson'), { level: 'district', fields: { population: 'pop_2019' }, city: HCMC_CITY });
    expect(districts).toMatchObject({ features: 22, inserted: 22, updated: 0, rejected: [] });
    const wards = await importBoundaries(t.database, readJson('wards.geojson'), { level: 'ward', fields: WARD_FIELDS });
    expect(wards).toMatchObject({ features: 312, inserted: 312, updated: 0, rejected: [] });

    const totals = await t.database.withSession((s) =>
      s.query<{ level: string; units: number; population: number; orphans: number }>(
        `SELECT u.level, count(*)::int AS units, sum(u.population)::int AS population,
                count(*) FILTER (WHERE u.level <> 'city' AND (u.district_id IS NULL OR p.id IS NULL))::int AS orphans
         FROM unit u LEFT JOIN unit p ON p.id = u.parent_id GROUP BY u.level ORDER BY u.level`,
      ),
    );
    expect(totals).toEqual([
      { level: 'city', units: 1, population: 8_993_082, orphans: 0 },
      { level: 'district', units: 22, population: 8_993_082, orphans: 0 },
      { level: 'ward', units: 312, population: 8_993_082, orphans: 0 },
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await t.database.withSession((s) => s.query<{ version: number }>('SELECT version FROM boundary_version'));
    const again = await importBoundaries(t.database, readJson('wards.geojson'), { level: 'ward', fields: WARD_FIELDS });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 312, rejected: [] });
    const after = await t.database.withSession((s) => s.query<{ version: number }>('SELECT version FROM boundary_version'));
    expect(after).toEqual(before);
  });

  it('updates a corrected feature in place', async () => {
    const wards = readJson('wards.geojson');
    const first = wards.features[0];
    first.properties.pop_2019 += 10;
    first.properties.name = `${first.properties.name} (sửa)`;
    const corrected = await importBoundaries(t.database, wards, { level: 'ward', fields: WARD_FIELDS });
    expect(corrected).toMatchObject({ inserted: 0, updated: 1, unchanged: 311 });
    const [row] = await t.database.withSession((s) => s.query<{ name: string; population: number }>('SELECT name, population FROM unit WHERE code = $1', [String(first.properties.code)]));
    expect(row).toEqual({ name: first.properties.name, population: first.properties.pop_2019 });
  });
});

describe('bad boundary input', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    await importBoundaries(t.database, collection(feature({ code: 'D1', name: 'Quận Một', population: 1000 }, square(106.6, 10.7, 0.1))), { level: 'district' });
  });
  afterAll(async () => t?.drop());

  it('loads the good features and names every bad one', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[106.6, 10.7], [106.62, 10.72], [106.62, 10.7], [106.6, 10.72], [106.6, 10.7]]] };
    const summary = await importBoundaries(
      t.database,
      collection(
        feature({ code: 'W1', name: 'Phường 1', parent_code: 'D1', population: 400 }, square(106.6, 10.7)),
        feature({ name: 'No code', parent_code: 'D1' }, square(106.61, 10.7)),
        feature({ code: 'W3', name: 'Orphan', parent_code: 'NOPE' }, square(106.62, 10.7)),
        feature({ code: 'W4', name: 'Projected', parent_code: 'D1' }, square(686_000, 1_190_000, 50)),
        feature({ code: 'W5', name: 'Bowtie', parent_code: 'D1' }, bowtie),
        feature({ code: 'W1', name: 'Duplicate', parent_code: 'D1' }, square(106.63, 10.7)),
        feature({ code: 'W7', name: 'No geometry', parent_code: 'D1' }, null),
        feature({ code: 'D1', name: 'A district posing as a ward', parent_code: 'D1' }, square(106.64, 10.7)),
      ),
      { level: 'ward' },
    );
    expect(summary.inserted).toBe(2);
    expect(summary.repaired).toEqual([{ code: 'W5', reason: expect.stringMatching(/Self-intersection/i) }]);
    expect(summary.rejected.map((r) => [r.feature, r.problem])).toEqual([
      [2, 'CODE_MISSING'],
      [3, 'PARENT_UNKNOWN'],
      [4, 'COORDINATES_OUT_OF_RANGE'],
      [6, 'DUPLICATE_CODE'],
      [7, 'GEOMETRY_MISSING'],
      [8, 'LEVEL_CONFLICT'],
    ]);
    expect(summary.rejected[1]?.message).toMatch(/parent code NOPE is not a known unit/);
    const [repaired] = await t.database.withSession((s) => s.query<{ valid: boolean; type: string }>("SELECT ST_IsValid(geom) AS valid, GeometryType(geom) AS type FROM unit WHERE code = 'W5'"));
    expect(repaired).toEqual({ valid: true, type: 'MULTIPOLYGON' });
  });

  it('keeps what was loaded before when a later file is all bad', async () => {
    const summary = await importBoundaries(t.database, collection(feature({ code: 'W9', name: 'x', parent_code: 'NOPE' }, square(106.6, 10.7))), { level: 'ward' });
    expect(summary.inserted).toBe(0);
    const [count] = await t.database.withSession((s) => s.query<{ n: number }>("SELECT count(*)::int AS n FROM unit WHERE level = 'ward'"));
    expect(count?.n).toBe(2);
  });

  it('refuses a document that is not a FeatureCollection', async () => {
    await expect(importBoundaries(t.database, { type: 'Feature' }, { level: 'ward' })).rejects.toThrow(/not a GeoJSON FeatureCollection/);
    await expect(importBoundaries(t.database, collection(), { level: 'ward' })).rejects.toThrow(/no features/);
  });
});
