/**
 * A synthetic city: districts and wards that tile a city-shaped outline.
 * Districts are Voronoi cells of sites spread over the outline (denser near
 * the centre, so inner districts are small), clipped to the outline; wards
 * are Voronoi cells of sites spread over their district, clipped to it, so
 * the two levels nest exactly and each covers its parent.
 */
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { createRandom, type Random } from '../random.ts';
import { apportionLargestRemainder } from './apportion.ts';
import { nameDistricts, nameWards, planDistrictKinds } from './city-names.ts';
import { containsPoint, indexPolygon, type PolygonIndex } from './parent-index.ts';
import { METERS_PER_DEGREE_LAT, orientOuterRing } from './planar.ts';
import { formatSyntheticDistrictCode, formatSyntheticWardCode } from './unit-codes.ts';
import { buildSiteDiagram } from './voronoi-tiling.ts';

/** Inputs of `generateSyntheticCity`. Give `wardsPerDistrict` or `wardCount`. */
export interface SyntheticCityOptions {
  seed: string | number;
  /** Number of districts, >= 1. */
  districtCount: number;
  /** Wards in every district, >= 1. */
  wardsPerDistrict?: number;
  /** Total wards, >= districtCount: each district gets 1 plus a share of the rest by population. */
  wardCount?: number;
  /** Total population, a non-negative integer; split so that wards sum to their district and districts to this. */
  population: number;
  /** `[lng, lat]` of the city centre, degrees. */
  center: Position;
  /** Mean radius of the outline, kilometres (> 0); the outline wobbles between about 0.6 and 1.4 times it. */
  radiusKm: number;
}

/** A generated district or ward. Codes are synthetic (`S001`, `S00001`; see unit-codes.ts). */
export interface SyntheticUnit {
  code: string;
  name: string;
  level: 'district' | 'ward';
  /** The district's code for a ward; null for a district (its parent is the city). */
  parentCode: string | null;
  population: number;
  synthetic: true;
  geometry: MultiPolygon;
}

/** The generated city: its outline and units, districts ordered from the centre outwards, wards by district. */
export interface SyntheticCity {
  outline: Polygon;
  districts: SyntheticUnit[];
  wards: SyntheticUnit[];
}

/** Metres from the centre, in a local flat frame. */
type DistanceFn = (p: Position) => number;

/**
 * Generates a city. Deterministic: the same options give deeply equal
 * output. Population density falls off exponentially from the centre
 * (scale 0.35 × radius, with a floor of 5% of the central density) and
 * varies ±20% at random per unit. Throws RangeError on invalid options.
 */
export function generateSyntheticCity(options: SyntheticCityOptions): SyntheticCity {
  const { districtCount, population, center, radiusKm } = options;
  if (!(Number.isInteger(districtCount) && districtCount >= 1)) throw new RangeError('districtCount must be an integer >= 1');
  if (!(radiusKm > 0)) throw new RangeError('radiusKm must be > 0');
  if (!(Number.isInteger(population) && population >= 0)) throw new RangeError('population must be a non-negative integer');
  const rng = createRandom(`synthetic-city/${String(options.seed)}`);
  const radiusM = radiusKm * 1000;
  const cosLat = Math.cos(((center[1] as number) * Math.PI) / 180);
  const distanceM: DistanceFn = (p) => Math.hypot(
    ((p[0] as number) - (center[0] as number)) * METERS_PER_DEGREE_LAT * cosLat,
    ((p[1] as number) - (center[1] as number)) * METERS_PER_DEGREE_LAT,
  );
  const density = (p: Position): number => Math.exp(-distanceM(p) / (0.35 * radiusM)) + 0.05;
  const outline = makeOutline(rng.fork('outline'), center, radiusM, cosLat);
  const districtGeometries = tileWithSpreadSites(rng.fork('districts'), outline, districtCount, distanceM, radiusM)
    .sort((a, b) => a.distanceM - b.distanceM).map((c) => c.geometry);
  const districtPopulations = apportionByDensity(rng.fork('district-population'), population, districtGeometries, density);
  const wardCounts = planWardCounts(options, districtPopulations);
  const kinds = planDistrictKinds(districtCount);
  const districtNames = nameDistricts(kinds);
  const districts: SyntheticUnit[] = [];
  const wards: SyntheticUnit[] = [];
  districtGeometries.forEach((geometry, d) => {
    const code = formatSyntheticDistrictCode(d);
    const districtRng = rng.fork(`district/${code}`);
    districts.push({ code, name: districtNames[d] as string, level: 'district', parentCode: null, population: districtPopulations[d] as number, synthetic: true, geometry });
    const cells = tileWithSpreadSites(districtRng.fork('wards'), geometry, wardCounts[d] as number, distanceM, radiusM)
      .sort((a, b) => (b.site[1] as number) - (a.site[1] as number) || (a.site[0] as number) - (b.site[0] as number));
    const geometries = cells.map((c) => c.geometry);
    const pops = apportionByDensity(districtRng.fork('population'), districtPopulations[d] as number, geometries, density);
    const names = nameWards(districtRng.fork('names'), kinds[d] ?? 'urban-numbered', geometries.length);
    geometries.forEach((wardGeometry, w) => {
      wards.push({
        code: formatSyntheticWardCode(wards.length), name: names[w] as string, level: 'ward', parentCode: code,
        population: pops[w] as number, synthetic: true, geometry: wardGeometry,
      });
    });
  });
  return { outline, districts, wards };
}

/** A wobbly closed outline of 96 vertices around `center`, counter-clockwise. */
function makeOutline(rng: Random, center: Position, radiusM: number, cosLat: number): Polygon {
  const harmonics = [2, 3, 4, 5].map((k) => ({ k, amplitude: (rng.next() * 0.16) / (k - 1), phase: rng.next() * 2 * Math.PI }));
  const ring: Position[] = [];
  for (let i = 0; i < 96; i++) {
    const theta = (2 * Math.PI * i) / 96;
    const wobble = harmonics.reduce((s, h) => s + h.amplitude * Math.cos(h.k * theta + h.phase), 0);
    const r = radiusM * Math.max(0.6, Math.min(1.4, 1 + wobble));
    ring.push([
      (center[0] as number) + (r * Math.cos(theta)) / (METERS_PER_DEGREE_LAT * cosLat),
      (center[1] as number) + (r * Math.sin(theta)) / METERS_PER_DEGREE_LAT,
    ]);
  }
  return { type: 'Polygon', coordinates: [orientOuterRing(ring)] };
}

/**
 * Tiles `parent` with `count` Voronoi cells whose sites are spread by
 * best-candidate sampling, with spacing growing with distance from the
 * centre (small cells in the middle).
 */
function tileWithSpreadSites(
  rng: Random, parent: Polygon | MultiPolygon, count: number, distanceM: DistanceFn, radiusM: number,
): { geometry: MultiPolygon; site: Position; distanceM: number }[] {
  const index = indexPolygon(parent);
  const sites = spreadSites(rng, index, count, distanceM, radiusM);
  const diagram = buildSiteDiagram(index, sites);
  return sites.map((site, i) => {
    const geometry = diagram.clipCell(i);
    if (!geometry) throw new Error(`internal: site ${i} has an empty cell`);
    return { geometry, site, distanceM: distanceM(site) };
  });
}

function spreadSites(rng: Random, index: PolygonIndex, count: number, distanceM: DistanceFn, radiusM: number): Position[] {
  const [x0, y0, x1, y1] = index.bbox;
  const interior = (): Position => {
    for (let i = 0; i < 10_000; i++) {
      const p: Position = [x0 + rng.next() * (x1 - x0), y0 + rng.next() * (y1 - y0)];
      if (containsPoint(index, p[0] as number, p[1] as number)) return p;
    }
    throw new Error('internal: no interior point found');
  };
  const sites: Position[] = [];
  const scale = (p: Position): number => 0.25 * radiusM + distanceM(p);
  const cosLat = Math.cos((((y0 + y1) / 2) * Math.PI) / 180);
  for (let s = 0; s < count; s++) {
    let best: Position = interior();
    let bestScore = -Infinity;
    for (let c = 0; c < 12; c++) {
      const p = c === 0 ? best : interior();
      let nearest = Infinity;
      for (const q of sites) {
        const dx = ((p[0] as number) - (q[0] as number)) * cosLat;
        const dy = (p[1] as number) - (q[1] as number);
        nearest = Math.min(nearest, Math.hypot(dx, dy) * METERS_PER_DEGREE_LAT);
      }
      const score = nearest / scale(p);
      if (score > bestScore) { best = p; bestScore = score; }
    }
    sites.push(best);
  }
  return sites;
}

/** Splits `total` over geometries by area × density at the centroid × a ±20% random factor. */
function apportionByDensity(rng: Random, total: number, geometries: readonly MultiPolygon[], density: (p: Position) => number): number[] {
  const weights = geometries.map((g) => {
    const areaKm2 = turf.area(g) / 1e6;
    const centroid = turf.centroid(g).geometry.coordinates;
    return areaKm2 * density(centroid) * Math.exp(rng.normal() * 0.2);
  });
  return apportionLargestRemainder(total, weights);
}

function planWardCounts(options: SyntheticCityOptions, districtPopulations: readonly number[]): number[] {
  const { districtCount, wardsPerDistrict, wardCount } = options;
  if (wardsPerDistrict !== undefined) {
    if (!(Number.isInteger(wardsPerDistrict) && wardsPerDistrict >= 1)) throw new RangeError('wardsPerDistrict must be an integer >= 1');
    return districtPopulations.map(() => wardsPerDistrict);
  }
  if (wardCount === undefined) throw new RangeError('give wardsPerDistrict or wardCount');
  if (!(Number.isInteger(wardCount) && wardCount >= districtCount)) throw new RangeError('wardCount must be an integer >= districtCount');
  const weights = districtPopulations.some((p) => p > 0) ? districtPopulations : districtPopulations.map(() => 1);
  return apportionLargestRemainder(wardCount - districtCount, weights).map((n) => n + 1);
}
