// A test-sized synthetic city flattened for the simulator, built the way
// `riskmap seed` builds one (generateSyntheticCity + populateWard per ward).
import { populateWard } from '../../../geo/populate-ward.ts';
import { buildSimPopulation, type SimPopulation } from '../../../geo/simulate/population.ts';
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
