// A test city for tiles and OGC: Ho Chi Minh City's real districts and wards
// (read from ../shared at test time, never copied into the project) or, in a
// clone without ../shared, a generated city of the same size (22 districts,
// 312 wards) whose central district and ward carry Quận 1's and Phường Bến
// Nghé's codes and names; then four synthetic neighbourhoods and four blocks
// in Phường Bến Nghé (one of each with a hole), and a grid of households in
// the first block. Checks about the real city itself (its extent) read
// TEST_CITY, which holds the real city's figures when the real city is loaded.
// RISKMAP_TEST_CITY=generated loads the generated city even where ../shared is.
import fs from 'node:fs';
import path from 'node:path';
import * as turf from '@turf/turf';
import { generateSyntheticCity } from '../../../geo/synth/index.ts';
import type { Database } from '../../../server/db/database.ts';
import { importBoundaries } from '../../../server/geography/boundaries.service.ts';
import { HAS_HCMC, HCMC_DIR } from '../../helpers/real-city.ts';
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

type Collection = { type: 'FeatureCollection'; features: Array<{ type: 'Feature'; properties: Record<string, unknown>; geometry: GeoJSON.Geometry }> };

/**
 * Each edge cut into 16 straight pieces: the generated outlines have a few
 * hundred vertices where the real districts have thousands, and the tile
 * tests check that simplification drops most of them.
 */
function densify(geometry: GeoJSON.MultiPolygon): GeoJSON.MultiPolygon {
  const ring = (points: GeoJSON.Position[]) => [
    ...points.slice(1).flatMap((b, i) => {
      const a = points[i]!;
      return Array.from({ length: 16 }, (_, k) => [a[0]! + ((b[0]! - a[0]!) * k) / 16, a[1]! + ((b[1]! - a[1]!) * k) / 16]);
    }),
    points[0]!,
  ];
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map(ring)) };
}

/** The generated stand-in for the real city: same counts, Quận 1 and Phường Bến Nghé where ORIGIN is. */
function generatedCity(): { districts: Collection; wards: Collection } {
  const city = generateSyntheticCity({ seed: 'test-city', districtCount: 22, wardCount: 312, population: 9_000_000, center: [106.7, 10.78], radiusKm: 30 });
  const holds = (geometry: GeoJSON.MultiPolygon) => turf.booleanPointInPolygon(turf.point(ORIGIN), geometry);
  const quan1 = city.districts.find((d) => holds(d.geometry))!;
  const benNghe = city.wards.find((w) => holds(w.geometry))!;
  const code = (c: string) => (c === quan1.code ? '760' : c === benNghe.code ? BEN_NGHE : c);
  const name = (u: { code: string; name: string }) => (u.code === quan1.code ? 'Quận 1' : u.code === benNghe.code ? 'Phường Bến Nghé' : u.name);
  const collection = (units: typeof city.wards, shape = (g: GeoJSON.MultiPolygon) => g): Collection => ({
    type: 'FeatureCollection',
    features: units.map((u) => ({ type: 'Feature', properties: { code: code(u.code), name: name(u), district_code: u.parentCode && code(u.parentCode), pop_2019: u.population }, geometry: shape(u.geometry) })),
  });
  return { districts: collection(city.districts, densify), wards: collection(city.wards) };
}

const generated = HAS_HCMC && process.env.RISKMAP_TEST_CITY !== 'generated' ? null : generatedCity();
const round = (bbox: number[]) => bbox.map((n) => Math.round(n * 10) / 10);

/** Figures of the loaded city that tests compare with: its size and its wards' extent rounded to 0.1°. */
export const TEST_CITY = {
  real: generated === null,
  districts: 22,
  wards: 312,
  wardBbox: generated ? round(turf.bbox(generated.wards as GeoJSON.FeatureCollection)) : [106.4, 10.4, 107, 11.2],
};

/** Loads the test city; returns nothing (query the database for ids). */
export async function loadTestCity(database: Database): Promise<void> {
  const city = { code: '79', name: 'Thành phố Hồ Chí Minh' };
  const districts = generated?.districts ?? readJson('districts_from_wards.geojson');
  const wards = generated?.wards ?? readJson('wards.geojson');
  await importBoundaries(database, districts, { level: 'district', fields: { population: 'pop_2019' }, city });
  await importBoundaries(database, wards, { level: 'ward', fields: { parent: 'district_code', population: 'pop_2019' } });
  const [x, y] = ORIGIN;
  await importBoundaries(database, { type: 'FeatureCollection', features: grid('N', BEN_NGHE, x, y, 0.004) }, { level: 'neighbourhood' });
  await importBoundaries(database, { type: 'FeatureCollection', features: grid('B', 'N1', x, y, 0.002) }, { level: 'block' });
  await database.withSession((s) => s.query(INSERT_HOUSEHOLDS, [x, y, HOUSEHOLDS]));
}
