// `riskmap seed`: a synthetic population (and, with no boundaries loaded, a
// synthetic city) streamed into the database ward by ward with COPY. Memory
// stays bounded by the largest ward; generation of the next ward overlaps the
// COPY of the previous one.
import type { MultiPolygon, Polygon } from 'geojson';
import { availableParallelism } from 'node:os';
import { apportionLargestRemainder } from '../../geo/synth/apportion.ts';
import { generateSyntheticCity } from '../../geo/synth/city.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { inlineWards, SeedPool, type WardSource } from './seed.pool.ts';
import type { Counters } from './seed.rows.ts';
import { importBoundaries } from './boundaries.service.ts';
import {
  analyzeSeededTables, countWards, createIndexes, dropSecondaryIndexes, finishSeed, hasHouseholds, hasPeople, HOUSEHOLD_COLUMNS, listWards,
  PERSON_COLUMNS, readHighWater, UNIT_COLUMNS, type WardCounts, type WardRow,
} from './seed.repo.ts';

export interface SyntheticCityShape {
  districts: number;
  wardsPerDistrict: number;
  center: [number, number];
  radiusKm: number;
}

export interface SeedOptions {
  people: number;
  seed: string;
  /** Ages are counted at this date (ISO). Default 2021-09-30, the reference city's autumn. */
  referenceDate?: string;
  idHashKey: string;
  /** Shape of the synthetic city made when no wards exist; defaults scale with `people`. */
  city?: Partial<SyntheticCityShape>;
  onProgress?: (progress: { wardsDone: number; wards: number; people: number }) => void;
  /**
   * Worker threads generating wards and their rows (seed.pool.ts); 0 generates inline. Default: up to 2 (the
   * machine's cores) from POOL_FROM_PEOPLE people, inline below (starting workers costs more than a small city).
   */
  workers?: number;
}

export interface SeedSummary {
  syntheticCity: boolean;
  wards: number;
  neighbourhoods: number;
  blocks: number;
  households: number;
  people: number;
  /** Seconds waiting for each ward's rows (generated here or in the workers), and waiting for the database to take them. */
  timings: { generateSeconds: number; writeWaitSeconds: number };
}

export const DEFAULT_REFERENCE_DATE = '2021-09-30';
/** From this many people the seed generates in worker threads by default. */
export const POOL_FROM_PEOPLE = 150_000;
export const SYNTHETIC_CITY = { code: 'SYN', name: 'Thành phố Mẫu' };

/** A city shape for a population: about 29,000 people a ward and 14 wards a district, as in Ho Chi Minh City. */
export function shapeCityFor(people: number, overrides: Partial<SyntheticCityShape> = {}): SyntheticCityShape {
  const districts = overrides.districts ?? Math.min(24, Math.max(2, Math.round(people / 400_000)));
  return {
    districts,
    wardsPerDistrict: overrides.wardsPerDistrict ?? Math.min(16, Math.max(3, Math.round(people / districts / 29_000))),
    center: overrides.center ?? [106.7, 10.78],
    radiusKm: overrides.radiusKm ?? Math.max(1.5, Math.sqrt(people / 8_000 / Math.PI)),
  };
}

function checkOptions(options: SeedOptions): void {
  const problems: string[] = [];
  if (!Number.isInteger(options.people) || options.people < 1 || options.people > 200_000_000) problems.push('--people must be a whole number from 1 to 200,000,000');
  if (options.referenceDate && !/^\d{4}-\d{2}-\d{2}$/.test(options.referenceDate)) problems.push('--as-of must be a date as YYYY-MM-DD');
  if (problems.length > 0) throw new AppError('BAD_REQUEST', problems.join('; '));
}

async function makeSyntheticCity(database: Database, options: SeedOptions): Promise<void> {
  const shape = shapeCityFor(options.people, options.city);
  const city = generateSyntheticCity({
    seed: options.seed, districtCount: shape.districts, wardsPerDistrict: shape.wardsPerDistrict,
    population: options.people, center: shape.center, radiusKm: shape.radiusKm,
  });
  const asCollection = (units: typeof city.districts) => ({
    type: 'FeatureCollection',
    features: units.map((u) => ({ type: 'Feature', properties: { code: u.code, name: u.name, parent_code: u.parentCode, population: u.population }, geometry: u.geometry })),
  });
  for (const [level, units] of [['district', city.districts], ['ward', city.wards]] as const) {
    const summary = await importBoundaries(database, asCollection(units), { level, city: SYNTHETIC_CITY, synthetic: true });
    if (summary.rejected.length > 0) throw new Error(`the synthetic city did not load: ${summary.rejected[0]?.message}`);
  }
}

/** Seeds people (and a synthetic city when there are no wards). Refuses a database that already has people. */
export async function seedCity(database: Database, options: SeedOptions): Promise<SeedSummary> {
  checkOptions(options);
  const referenceDate = options.referenceDate ?? DEFAULT_REFERENCE_DATE;
  if (await database.withSession(hasPeople)) {
    throw new AppError('CONFLICT', 'this database already has people; seed works on an empty population (use a fresh database or data folder)');
  }
  const syntheticCity = (await database.withSession(countWards)) === 0;
  if (syntheticCity) await makeSyntheticCity(database, options);

  const wards = await database.withSession(listWards);
  if (wards.length === 0) throw new AppError('CONFLICT', 'there are no wards with a geometry to place people in');
  const meanPopulation = wards.reduce((s, w) => s + (w.population ?? 0), 0) / wards.length || 1;
  const peoplePerWard = apportionLargestRemainder(options.people, wards.map((w) => w.population ?? meanPopulation));
  const ids: Counters = await database.withSession(readHighWater);

  const summary: SeedSummary = { syntheticCity, wards: wards.length, neighbourhoods: 0, blocks: 0, households: 0, people: 0, timings: { generateSeconds: 0, writeWaitSeconds: 0 } };
  const syntheticCounts: WardCounts[] = [];
  const wardsWithUnits: number[] = [];
  const workers = options.workers ?? (options.people >= POOL_FROM_PEOPLE ? Math.min(2, availableParallelism()) : 0);
  const wardsInOrder: WardSource = workers > 0
    ? new SeedPool(workers, wards, peoplePerWard, options.seed, referenceDate, options.idHashKey)
    : inlineWards(wards, peoplePerWard, options.seed, referenceDate, options.idHashKey);
  // One transaction: a seed that stops half way leaves nothing behind, and the
  // indexes of empty tables can be built once at the end instead of row by row.
  try {
    await database.transaction(async (session) => {
      const rebuild = (await hasHouseholds(session)) ? [] : await dropSecondaryIndexes(session, ['household', 'person']);
      let writing: Promise<void> = Promise.resolve();
      for (const [i, ward] of wards.entries()) {
        const generating = performance.now();
        const rows = await wardsInOrder.next(i, ids);
        summary.neighbourhoods += rows.groups;
        summary.blocks += rows.blocks;
        summary.households += rows.householdCount;
        summary.people += rows.personCount;
        if (ward.synthetic) syntheticCounts.push({ id: ward.id, ...rows.totals });
        if (ward.has_children) wardsWithUnits.push(ward.id);
        const waiting = performance.now();
        summary.timings.generateSeconds += (waiting - generating) / 1000;
        await writing;
        summary.timings.writeWaitSeconds += (performance.now() - waiting) / 1000;
        options.onProgress?.({ wardsDone: i, wards: wards.length, people: summary.people - rows.personCount });
        // Generation of the next wards runs while the database takes this one.
        writing = (async () => {
          await session.copyCsv('unit', UNIT_COLUMNS, [rows.units]);
          await session.copyCsv('household', HOUSEHOLD_COLUMNS, [rows.households]);
          await session.copyCsv('person', PERSON_COLUMNS, [rows.people]);
        })();
        writing.catch(() => {}); // awaited below; avoids an unhandled rejection while the next ward generates
      }
      const lastWait = performance.now();
      await writing;
      options.onProgress?.({ wardsDone: wards.length, wards: wards.length, people: summary.people });
      await createIndexes(session, rebuild);
      await finishSeed(session, syntheticCounts, wardsWithUnits);
      summary.timings.writeWaitSeconds += (performance.now() - lastWait) / 1000;
    });
  } finally {
    await wardsInOrder.close();
  }
  await database.withSession(analyzeSeededTables);
  return summary;
}
