import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBoundaries } from '../../../server/geography/boundaries.service.ts';
import { seedCity, type SeedSummary } from '../../../server/geography/seed.service.ts';
import type { Database } from '../../../server/db/database.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { HCMC_DIR, hasRealCity } from '../../helpers/real-city.ts';

const KEY = 'seed-test-key-seed-test-key-seed-test-key';
const query = <R,>(database: Database, sql: string, params: unknown[] = []) => database.withSession((s) => s.query<R>(sql, params));

// Area tolerance for "children cover the parent without gaps or overlaps": 1e-6 of the parent's area.
const TOLERANCE = 1e-6;

/** Per parent: gap (parent not covered) and overlap (children counted twice) as shares of the parent's area. */
const COVERAGE_SQL = `
SELECT p.code,
       ST_Area(ST_Difference(p.geom, ST_Union(c.geom))) / ST_Area(p.geom) AS gap,
       (sum(ST_Area(c.geom)) - ST_Area(ST_Union(c.geom))) / ST_Area(p.geom) AS overlap,
       ST_Area(ST_Difference(ST_Union(c.geom), p.geom)) / ST_Area(p.geom) AS outside
FROM unit p JOIN unit c ON c.parent_id = p.id
WHERE p.level = $1
GROUP BY p.id, p.code, p.geom`;

/** Everything the seed wrote, as one text, for byte-for-byte comparison. */
const FINGERPRINT_SQL = `
SELECT md5(string_agg(x, '|' ORDER BY x)) AS units FROM (SELECT concat_ws(',', code, level, name, population, population_18plus, population_65plus, ST_AsText(geom)) AS x FROM unit) u
UNION ALL SELECT md5(string_agg(concat_ws(',', id, ward_id, block_id, address, address_key, member_count, ST_AsText(geom)), '|' ORDER BY id)) FROM household
UNION ALL SELECT md5(string_agg(concat_ws(',', id, household_id, full_name, birth_date, sex, phone, encode(national_id_hash, 'hex')), '|' ORDER BY id)) FROM person`;

describe('seeding a synthetic city', () => {
  let t: TestDatabase;
  let summary: SeedSummary;
  beforeAll(async () => {
    t = await openTestDatabase();
    summary = await seedCity(t.database, { people: 6000, seed: 'nesting', idHashKey: KEY, city: { districts: 2, wardsPerDistrict: 3 } });
  });
  afterAll(async () => t?.drop());

  it('places exactly the people asked for, in households of 1–8', async () => {
    expect(summary).toMatchObject({ syntheticCity: true, wards: 6, people: 6000 });
    const [row] = await query<{ people: number; households: number; min: number; max: number; sum: number }>(
      t.database,
      'SELECT (SELECT count(*)::int FROM person) AS people, count(*)::int AS households, min(member_count) AS min, max(member_count) AS max, sum(member_count)::int AS sum FROM household',
    );
    expect(row).toEqual({ people: 6000, households: summary.households, min: 1, max: 8, sum: 6000 });
  });

  it.each(['city', 'district', 'ward', 'neighbourhood'])('covers every %s with its children, without gaps or overlaps', async (level) => {
    const rows = await query<{ code: string; gap: number; overlap: number; outside: number }>(t.database, COVERAGE_SQL, [level]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect({ code: row.code, gap: row.gap < TOLERANCE, overlap: row.overlap < TOLERANCE, outside: row.outside < TOLERANCE }).toEqual({ code: row.code, gap: true, overlap: true, outside: true });
    }
  });

  it('puts every household inside its block, and every block in a group of its ward', async () => {
    const [row] = await query<{ outside: number; unplaced: number; wrong_ward: number }>(
      t.database,
      `SELECT count(*) FILTER (WHERE NOT ST_Intersects(b.geom, h.geom))::int AS outside,
              count(*) FILTER (WHERE h.block_id IS NULL)::int AS unplaced,
              count(*) FILTER (WHERE g.parent_id <> h.ward_id)::int AS wrong_ward
       FROM household h LEFT JOIN unit b ON b.id = h.block_id LEFT JOIN unit g ON g.id = b.parent_id`,
    );
    expect(row).toEqual({ outside: 0, unplaced: 0, wrong_ward: 0 });
  });

  it('keeps populations consistent from blocks up to the city', async () => {
    const rows = await query<{ level: string; population: number; bad: number }>(
      t.database,
      `SELECT p.level, sum(p.population)::int AS population,
              count(*) FILTER (WHERE p.population <> (SELECT sum(c.population) FROM unit c WHERE c.parent_id = p.id))::int AS bad
       FROM unit p WHERE p.level <> 'block' GROUP BY p.level ORDER BY p.level`,
    );
    expect(rows.map((r) => [r.level, r.population, r.bad])).toEqual([
      ['city', 6000, 0],
      ['district', 6000, 0],
      ['neighbourhood', 6000, 0],
      ['ward', 6000, 0],
    ]);
    const [bands] = await query<{ ok: boolean }>(t.database, "SELECT bool_and(population_65plus <= population_50plus AND population_50plus <= population_18plus AND population_18plus <= population) AS ok FROM unit WHERE level = 'block'");
    expect(bands?.ok).toBe(true);
  });

  it('stores no raw national ID, only keyed hashes', async () => {
    const [row] = await query<{ hashed: number; raw_like: number }>(
      t.database,
      "SELECT count(national_id_hash)::int AS hashed, count(*) FILTER (WHERE full_name ~ '[0-9]{9}' OR phone ~ '^[0-9]{12}$')::int AS raw_like FROM person",
    );
    expect(row?.hashed).toBeGreaterThan(3000);
    expect(row?.raw_like).toBe(0);
  });

  it('gives every person a different national ID', async () => {
    const [row] = await query<{ repeated: number }>(t.database, 'SELECT (count(national_id_hash) - count(DISTINCT national_id_hash))::int AS repeated FROM person');
    expect(row?.repeated).toBe(0);
  });

  it('refuses to seed a database that already has people, and keeps them', async () => {
    await expect(seedCity(t.database, { people: 10, seed: 'again', idHashKey: KEY })).rejects.toThrow(/already has people/);
    const [row] = await query<{ n: number }>(t.database, 'SELECT count(*)::int AS n FROM person');
    expect(row?.n).toBe(6000);
  });
});

describe('determinism', () => {
  it('gives the same city byte for byte for the same seed, inline or in worker threads, and another for another seed', async () => {
    const fingerprints: string[][] = [];
    for (const [seed, workers] of [['same', 0], ['same', 2], ['other', 0]] as const) {
      const t = await openTestDatabase();
      try {
        await seedCity(t.database, { people: 1500, seed, idHashKey: KEY, city: { districts: 2, wardsPerDistrict: 2 }, workers });
        fingerprints.push((await query<{ units: string }>(t.database, FINGERPRINT_SQL)).map((r) => r.units));
      } finally {
        await t.drop();
      }
    }
    expect(fingerprints[0]).toEqual(fingerprints[1]);
    expect(fingerprints[2]?.[2]).not.toEqual(fingerprints[0]?.[2]);
  });
});

const HCMC = HCMC_DIR;
describe.skipIf(!hasRealCity())('seeding the real Ho Chi Minh City', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(HCMC, file), 'utf8'));
    await importBoundaries(t.database, read('districts_from_wards.geojson'), { level: 'district', fields: { population: 'pop_2019' }, city: { code: '79', name: 'Thành phố Hồ Chí Minh' } });
    const wards = read('wards.geojson');
    // Two districts are enough to check the rules; the whole city is for bench/seed.
    wards.features = wards.features.filter((f: { properties: { district_code: string } }) => ['760', '770'].includes(String(f.properties.district_code)));
    await importBoundaries(t.database, wards, { level: 'ward', fields: { parent: 'district_code', population: 'pop_2019' } });
  });
  afterAll(async () => t?.drop());

  it('places people in proportion to census populations and leaves the imported totals as they were', async () => {
    const before = await query<{ code: string; population: number }>(t.database, "SELECT code, population FROM unit WHERE level IN ('city', 'district', 'ward') ORDER BY code");
    await seedCity(t.database, { people: 5000, seed: 'hcmc', idHashKey: KEY });
    const after = await query<{ code: string; population: number }>(t.database, "SELECT code, population FROM unit WHERE level IN ('city', 'district', 'ward') ORDER BY code");
    expect(after).toEqual(before);
    const shares = await query<{ code: string; census: number; people: number }>(
      t.database,
      `SELECT w.code, w.population AS census, count(p.id)::int AS people
       FROM unit w JOIN household h ON h.ward_id = w.id JOIN person p ON p.household_id = h.id
       WHERE w.level = 'ward' GROUP BY w.code, w.population`,
    );
    const census = shares.reduce((s, r) => s + r.census, 0);
    for (const row of shares) expect(Math.abs(row.people - (5000 * row.census) / census)).toBeLessThan(1);
    const addresses = await query<{ address: string }>(t.database, 'SELECT address FROM household ORDER BY id LIMIT 3');
    for (const { address } of addresses) expect(address).toMatch(/, (Phường|Xã|Thị trấn) .+, Quận (1|3), Thành phố Hồ Chí Minh$/);
  });
});
