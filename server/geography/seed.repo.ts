// SQL for `riskmap seed`: what is there, id high-water marks, and the
// set-based updates after the COPYs. Rows themselves go in with COPY.
import type { Session } from '../db/database.ts';

export const UNIT_COLUMNS = ['id', 'code', 'level', 'name', 'parent_id', 'district_id', 'population', 'population_18plus', 'population_50plus', 'population_65plus', 'synthetic', 'geom'] as const;
export const HOUSEHOLD_COLUMNS = ['district_id', 'id', 'ward_id', 'block_id', 'address', 'address_key', 'member_count', 'geom'] as const;
export const PERSON_COLUMNS = ['district_id', 'id', 'household_id', 'full_name', 'name_key', 'birth_date', 'sex', 'phone', 'national_id_hash', 'national_id_kind'] as const;

const COUNT_PEOPLE = `SELECT count(*)::int AS n FROM (SELECT 1 FROM person LIMIT 1) p`;
const COUNT_WARDS = `SELECT count(*)::int AS n FROM unit WHERE level = 'ward'`;

export interface WardRow {
  id: number;
  code: string;
  name: string;
  district_id: number;
  district_name: string;
  city_name: string;
  population: number | null;
  synthetic: boolean;
  has_children: boolean;
  geojson: string;
}

const SELECT_WARDS = `
SELECT w.id, w.code, w.name, w.district_id, d.name AS district_name, c.name AS city_name, w.population, w.synthetic,
       EXISTS (SELECT 1 FROM unit ch WHERE ch.parent_id = w.id) AS has_children,
       ST_AsGeoJSON(w.geom) AS geojson
FROM unit w JOIN unit d ON d.id = w.parent_id JOIN unit c ON c.id = d.parent_id
WHERE w.level = 'ward' AND w.geom IS NOT NULL
ORDER BY w.code`;

const HIGH_WATER = `
SELECT (SELECT COALESCE(max(id), 0) FROM unit)::bigint AS unit_id,
       (SELECT COALESCE(max(id), 0) FROM household)::bigint AS household_id,
       (SELECT COALESCE(max(id), 0) FROM person)::bigint AS person_id`;

const SYNC_UNIT_SEQUENCE = `SELECT setval(pg_get_serial_sequence('unit', 'id'), (SELECT max(id) FROM unit))`;

// Generated wards carry the people generated in them; every parent whose own figures were not imported
// (age_bands_imported) carries its children's sums, level by level from the blocks up, so that a parent's
// age-band populations never differ from its children's (issue 14: a coverage above 100% otherwise).
const SET_WARD_COUNTS = `
UPDATE unit u SET population = t.population, population_18plus = t.p18, population_50plus = t.p50, population_65plus = t.p65, updated_at = now()
FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[]) AS t(id, population, p18, p50, p65)
WHERE u.id = t.id`;

const ROLL_UP_COUNTS = `
UPDATE unit u SET population = s.population, population_18plus = s.p18, population_50plus = s.p50, population_65plus = s.p65, updated_at = now()
FROM (SELECT parent_id, sum(population)::int AS population, sum(population_18plus)::int AS p18,
             sum(population_50plus)::int AS p50, sum(population_65plus)::int AS p65,
             count(*) FILTER (WHERE population IS NULL OR population_18plus IS NULL OR population_50plus IS NULL OR population_65plus IS NULL) AS unknown
      FROM unit WHERE level = $1 GROUP BY parent_id) s
WHERE u.id = s.parent_id AND NOT u.age_bands_imported AND s.unknown = 0
  AND (u.population, u.population_18plus, u.population_50plus, u.population_65plus) IS DISTINCT FROM (s.population, s.p18, s.p50, s.p65)`;

/** Children levels from the leaves up: each parent is summed after its children are. */
const CHILD_LEVELS_BOTTOM_UP = ['block', 'neighbourhood', 'ward', 'district'] as const;

const BUMP_BOUNDARY_VERSION = `UPDATE boundary_version SET version = version + 1, changed_at = now()`;

// Wards that already had groups/blocks: put each household in the smallest unit containing it.
const PLACE_IN_EXISTING_UNITS = `
UPDATE household h SET block_id = (
  SELECT u.id FROM unit u
  WHERE u.level IN ('block', 'neighbourhood') AND u.district_id = h.district_id AND ST_Intersects(u.geom, h.geom)
  ORDER BY CASE u.level WHEN 'block' THEN 0 ELSE 1 END LIMIT 1)
WHERE h.block_id IS NULL AND h.ward_id = ANY($1::int[])`;

// Secondary indexes (not the primary key) of tables the seed fills: on empty
// tables they are dropped before the COPYs and built once after, inside the
// same transaction, which is several times faster than maintaining them row by row.
const SELECT_SECONDARY_INDEXES = `
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
ORDER BY i.indexname`;

export async function dropSecondaryIndexes(session: Session, tables: readonly string[]): Promise<string[]> {
  const indexes = await session.query<{ indexname: string; indexdef: string }>(SELECT_SECONDARY_INDEXES, [tables]);
  for (const index of indexes) await session.exec(`DROP INDEX ${index.indexname}`);
  return indexes.map((index) => index.indexdef);
}

export async function createIndexes(session: Session, definitions: readonly string[]): Promise<void> {
  for (const definition of definitions) await session.exec(definition);
}

export async function hasPeople(session: Session): Promise<boolean> {
  return ((await session.query<{ n: number }>(COUNT_PEOPLE))[0]?.n ?? 0) > 0;
}

const COUNT_HOUSEHOLDS = `SELECT count(*)::int AS n FROM (SELECT 1 FROM household LIMIT 1) h`;
export async function hasHouseholds(session: Session): Promise<boolean> {
  return ((await session.query<{ n: number }>(COUNT_HOUSEHOLDS))[0]?.n ?? 0) > 0;
}

export async function countWards(session: Session): Promise<number> {
  return (await session.query<{ n: number }>(COUNT_WARDS))[0]?.n ?? 0;
}

export async function listWards(session: Session): Promise<WardRow[]> {
  return session.query<WardRow>(SELECT_WARDS);
}

export async function readHighWater(session: Session): Promise<{ unitId: number; householdId: number; personId: number }> {
  const [row] = await session.query<{ unit_id: number; household_id: number; person_id: number }>(HIGH_WATER);
  return { unitId: row?.unit_id ?? 0, householdId: row?.household_id ?? 0, personId: row?.person_id ?? 0 };
}

export interface WardCounts {
  id: number;
  population: number;
  age18plus: number;
  age50plus: number;
  age65plus: number;
}

/** After the COPYs: counts of generated wards and their parents, sequences, placement, version, statistics. */
export async function finishSeed(session: Session, syntheticWards: WardCounts[], wardsWithUnits: number[]): Promise<void> {
  await session.query(SYNC_UNIT_SEQUENCE);
  if (syntheticWards.length > 0) {
    const column = (pick: (w: WardCounts) => number) => syntheticWards.map(pick);
    await session.query(SET_WARD_COUNTS, [column((w) => w.id), column((w) => w.population), column((w) => w.age18plus), column((w) => w.age50plus), column((w) => w.age65plus)]);
  }
  for (const level of CHILD_LEVELS_BOTTOM_UP) await session.query(ROLL_UP_COUNTS, [level]);
  if (wardsWithUnits.length > 0) await session.query(PLACE_IN_EXISTING_UNITS, [wardsWithUnits]);
  await session.query(BUMP_BOUNDARY_VERSION);
}

/** Planner statistics after a bulk load (outside the transaction: ANALYZE is cheap and needs none). */
export async function analyzeSeededTables(session: Session): Promise<void> {
  await session.exec('ANALYZE unit; ANALYZE household; ANALYZE person');
}
