// A test city for tiles and OGC: Ho Chi Minh City's real districts and wards
// (read from ../shared at test time, never copied into the project), four
// synthetic neighbourhoods and four blocks in Phường Bến Nghé (one of each
// with a hole), and a grid of households in the first block.
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../../../server/db/database.ts';
import { importBoundaries } from '../../../server/geography/boundaries.service.ts';

export const HCMC_DIR = path.resolve('../shared/data/hcmc');
export const HAS_HCMC = fs.existsSync(HCMC_DIR);
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(HCMC_DIR, file), 'utf8'));

/** South-west corner of the synthetic units, inside Phường Bến Nghé, Quận 1. */
export const ORIGIN: [number, number] = [106.7, 10.774];
export const BEN_NGHE = '26740';
export const HOUSEHOLDS = 240;

const ring = (x: number, y: number, size: number) => [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];
const square = (x: number, y: number, size: number, hole = false) => ({
  type: 'Polygon',
  coordinates: hole ? [ring(x, y, size), ring(x + size / 4, y + size / 4, size / 2).reverse()] : [ring(x, y, size)],
});
const feature = (properties: Record<string, unknown>, geometry: unknown) => ({ type: 'Feature', properties, geometry });
const grid = (prefix: string, parent: string, x0: number, y0: number, size: number) =>
  [0, 1, 2, 3].map((i) => feature({ code: `${prefix}${i + 1}`, name: `${prefix} ${i + 1}`, parent_code: parent, population: 100 * (i + 1) }, square(x0 + (i % 2) * size, y0 + Math.floor(i / 2) * size, size, i === 3)));

const INSERT_HOUSEHOLDS = `
INSERT INTO household (district_id, id, ward_id, block_id, address, address_key, member_count, geom)
SELECT w.district_id, 1000 + g, w.id, b.id, 'Nhà ' || g, 'key-' || g, 1 + g % 6,
       ST_SetSRID(ST_MakePoint($1::float8 + 0.0001 + (g % 20) * 0.00009, $2::float8 + 0.0001 + (g / 20) * 0.00015), 4326)
FROM generate_series(0, $3::int - 1) AS g
JOIN unit w ON w.code = '${BEN_NGHE}'
JOIN unit b ON b.code = 'B1'`;

/** Loads the test city; returns nothing (query the database for ids). */
export async function loadTestCity(database: Database): Promise<void> {
  const city = { code: '79', name: 'Thành phố Hồ Chí Minh' };
  await importBoundaries(database, readJson('districts_from_wards.geojson'), { level: 'district', fields: { population: 'pop_2019' }, city });
  await importBoundaries(database, readJson('wards.geojson'), { level: 'ward', fields: { parent: 'district_code', population: 'pop_2019' } });
  const [x, y] = ORIGIN;
  await importBoundaries(database, { type: 'FeatureCollection', features: grid('N', BEN_NGHE, x, y, 0.004) }, { level: 'neighbourhood' });
  await importBoundaries(database, { type: 'FeatureCollection', features: grid('B', 'N1', x, y, 0.002) }, { level: 'block' });
  await database.withSession((s) => s.query(INSERT_HOUSEHOLDS, [x, y, HOUSEHOLDS]));
}
