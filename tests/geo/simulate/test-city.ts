// A test-sized synthetic city flattened for the simulator, built the way
// `riskmap seed` builds one (generateSyntheticCity + populateWard per ward).
import { populateWard } from '../../../geo/populate-ward.ts';
import { buildSimPopulation, type SimPopulation } from '../../../geo/simulate/population.ts';
import { apportionLargestRemainder } from '../../../geo/synth/apportion.ts';
import { generateSyntheticCity } from '../../../geo/synth/city.ts';

const cache = new Map<string, SimPopulation>();

/** People in `districts` × `wardsPerDistrict` wards, ages counted on `startDate`. */
export function buildTestCity(people: number, districts = 2, wardsPerDistrict = 3, startDate = '2021-07-03'): SimPopulation {
  const key = `${people}/${districts}/${wardsPerDistrict}/${startDate}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const city = generateSyntheticCity({ seed: 'test-city', districtCount: districts, wardsPerDistrict, population: people, center: [106.7, 10.78], radiusKm: Math.max(1, Math.sqrt(people / 8000 / Math.PI)) });
  const names = new Map(city.districts.map((d) => [d.code, d.name]));
  const wards = city.wards.map((w) => ({
    code: w.code, name: w.name, districtCode: w.parentCode ?? '', districtName: names.get(w.parentCode ?? '') ?? '', firstHouseholdId: null, firstPersonId: null,
    populated: populateWard({ code: w.code, name: w.name, districtName: names.get(w.parentCode ?? '') ?? '', cityName: 'Thành phố Mẫu', geometry: w.geometry, people: w.population, subdivide: true }, 'test-city', '2021-09-30'),
  }));
  const population = buildSimPopulation(wards, startDate);
  cache.set(key, population);
  return population;
}

/**
 * The demo city of server/demo.ts (DEMO_CITY: 40,000 people, 4 districts × 6
 * wards, seed riskmap-demo) built in memory the way seedCity builds it (city
 * shape from shapeCityFor, people apportioned by ward population, wards in
 * code order). Coordinates are not rounded by PostGIS here, so a group count
 * may differ from the database's by a few.
 */
export function buildDemoCity(startDate: string): SimPopulation {
  const key = `demo/${startDate}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const people = 40_000;
  const seed = 'riskmap-demo';
  const city = generateSyntheticCity({ seed, districtCount: 4, wardsPerDistrict: 6, population: people, center: [106.7, 10.78], radiusKm: Math.max(1.5, Math.sqrt(people / 8_000 / Math.PI)) });
  const names = new Map(city.districts.map((d) => [d.code, d.name]));
  const wards = [...city.wards].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const mean = wards.reduce((s, w) => s + (w.population ?? 0), 0) / wards.length || 1;
  const perWard = apportionLargestRemainder(people, wards.map((w) => w.population ?? mean));
  const population = buildSimPopulation(wards.map((w, i) => ({
    code: w.code, name: w.name, districtCode: w.parentCode ?? '', districtName: names.get(w.parentCode ?? '') ?? '', firstHouseholdId: null, firstPersonId: null,
    populated: populateWard({
      code: w.code, name: w.name, districtName: names.get(w.parentCode ?? '') ?? '', cityName: 'Thành phố Mẫu', geometry: w.geometry,
      people: perWard[i] ?? 0, subdivide: true, idSerial: { slot: i, slots: wards.length },
    }, seed, '2021-09-30'),
  })), startDate);
  cache.set(key, population);
  return population;
}
