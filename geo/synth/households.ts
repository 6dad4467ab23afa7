/**
 * Households of one unit (ward, group or block): positions inside the unit's
 * polygon, clustered along a few synthetic streets and their alleys (hẻm)
 * and around hot spots, with sizes and street addresses. Work is per unit,
 * so memory is bounded by the unit's household count.
 */
import * as turf from '@turf/turf';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Random } from '../random.ts';
import { formatHouseNumber, STREET_NAMES } from './addresses.ts';
import { sampleBirthProvinceCode } from './identity.ts';
import { sampleFamilyName } from './names.ts';
import { containsPoint, indexPolygon, type PolygonIndex } from './parent-index.ts';
import { METERS_PER_DEGREE_LAT } from './planar.ts';

/** Shares of household sizes 1..8 (index 0 = size 1); mean 3.325, near HCMC's 2019 average of about 3.3. */
export const HOUSEHOLD_SIZE_SHARES: readonly number[] = [0.13, 0.21, 0.24, 0.21, 0.11, 0.055, 0.025, 0.02];

/** A generated household. `position` is `[lng, lat]` degrees, always inside the unit polygon (edge included). */
export interface SyntheticHousehold {
  position: Position;
  /** Members, 1–8. */
  size: number;
  /** The head's family name. */
  familyName: string;
  /** CCCD province code of the family's home province (`079` for about 60%). */
  originProvinceCode: string;
  streetName: string;
  /** `123`, `123/4`, `123/4/5` or with a letter suffix (`45B`). */
  houseNumber: string;
  /** `${houseNumber} ${streetName}`. */
  streetAddress: string;
}

/** Options for `generateHouseholds`. */
export interface HouseholdOptions {
  /** Street names to use (default `STREET_NAMES`); must not be empty. */
  streetNames?: readonly string[];
}

/** A household size 1–8 drawn from `HOUSEHOLD_SIZE_SHARES`. */
export function sampleHouseholdSize(rng: Random): number {
  return rng.weighted(HOUSEHOLD_SIZE_SHARES) + 1;
}

/** Local flat frame in metres around the polygon's bbox centre. */
interface Frame { lng0: number; lat0: number; mx: number; my: number }
/** A straight street through the unit: origin and unit direction in metres. */
interface Street { name: string; ox: number; oy: number; ux: number; uy: number; halfLengthM: number }

const ALLEY_SPACING_M = 40;
const FRONTAGE_DEPTH_M = 20;

/**
 * Places `count` households (a non-negative integer) inside `polygon`
 * (holes and parts respected). About half sit on a street frontage, a third
 * along alleys off a street and the rest around 2–4 hot spots; candidates
 * outside the polygon are redrawn (30 tries, then uniform in the bbox, then
 * a point on the polygon as a last resort for degenerate shapes). Count 0
 * gives []. Street names are distinct within the unit while the list lasts.
 */
export function generateHouseholds(
  rng: Random, polygon: Polygon | MultiPolygon, count: number, options: HouseholdOptions = {},
): SyntheticHousehold[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError('household count must be a non-negative integer');
  if (count === 0) return [];
  const index = indexPolygon(polygon);
  const [x0, y0, x1, y1] = index.bbox;
  const frame: Frame = {
    lng0: (x0 + x1) / 2, lat0: (y0 + y1) / 2,
    mx: METERS_PER_DEGREE_LAT * Math.cos((((y0 + y1) / 2) * Math.PI) / 180), my: METERS_PER_DEGREE_LAT,
  };
  const diagonalM = Math.max(1, Math.hypot((x1 - x0) * frame.mx, (y1 - y0) * frame.my));
  const streets = layStreets(rng, index, frame, diagonalM, Math.min(10, Math.max(2, Math.round(Math.sqrt(count) / 5))), options.streetNames ?? STREET_NAMES);
  const hotSpots = Array.from({ length: rng.int(2, 4) }, () => toMeters(frame, sampleInterior(rng, index)));
  const fallback = turf.pointOnFeature(polygon).geometry.coordinates;
  const out: SyntheticHousehold[] = [];
  for (let h = 0; h < count; h++) {
    let position: Position | null = null;
    for (let attempt = 0; attempt < 30 && !position; attempt++) {
      const [mx, my] = sampleCandidate(rng, streets, hotSpots, diagonalM);
      const p = toDegrees(frame, mx, my);
      if (containsPoint(index, p[0] as number, p[1] as number)) position = p;
    }
    position ??= sampleInterior(rng, index) ?? fallback;
    const { streetName, houseNumber } = addressAt(rng, streets, toMeters(frame, position));
    out.push({
      position, size: sampleHouseholdSize(rng), familyName: sampleFamilyName(rng),
      originProvinceCode: sampleBirthProvinceCode(rng, 0.6), streetName, houseNumber,
      streetAddress: `${houseNumber} ${streetName}`,
    });
  }
  return out;
}

function toMeters(frame: Frame, p: Position | null): [number, number] {
  if (!p) return [0, 0];
  return [((p[0] as number) - frame.lng0) * frame.mx, ((p[1] as number) - frame.lat0) * frame.my];
}

function toDegrees(frame: Frame, x: number, y: number): Position {
  return [frame.lng0 + x / frame.mx, frame.lat0 + y / frame.my];
}

/** A uniform point inside the polygon by bbox rejection (1000 tries), or null. */
function sampleInterior(rng: Random, index: PolygonIndex): Position | null {
  const [x0, y0, x1, y1] = index.bbox;
  for (let i = 0; i < 1000; i++) {
    const x = x0 + rng.next() * (x1 - x0);
    const y = y0 + rng.next() * (y1 - y0);
    if (containsPoint(index, x, y)) return [x, y];
  }
  return null;
}

function layStreets(
  rng: Random, index: PolygonIndex, frame: Frame, diagonalM: number, n: number, names: readonly string[],
): Street[] {
  if (names.length === 0) throw new RangeError('streetNames must not be empty');
  const pool = names.slice();
  const baseAngle = rng.next() * Math.PI;
  return Array.from({ length: n }, () => {
    const [ox, oy] = toMeters(frame, sampleInterior(rng, index));
    const angle = baseAngle + (rng.next() < 0.5 ? 0 : Math.PI / 2) + rng.normal() * 0.15;
    const name = pool.length > 0 ? (pool.splice(rng.int(0, pool.length - 1), 1)[0] as string) : rng.pick(names);
    return { name, ox, oy, ux: Math.cos(angle), uy: Math.sin(angle), halfLengthM: diagonalM };
  });
}

/** A candidate position in metres: frontage (50%), alley (35%) or hot spot (15%). */
function sampleCandidate(rng: Random, streets: readonly Street[], hotSpots: readonly [number, number][], diagonalM: number): [number, number] {
  const u = rng.next();
  if (u >= 0.85) {
    const [hx, hy] = rng.pick(hotSpots);
    const sigma = 0.06 * diagonalM;
    return [hx + rng.normal() * sigma, hy + rng.normal() * sigma];
  }
  const s = rng.pick(streets);
  const side = rng.next() < 0.5 ? -1 : 1;
  let t = (rng.next() * 2 - 1) * s.halfLengthM;
  let depth: number;
  if (u < 0.5) {
    depth = 6 + Math.abs(rng.normal()) * 5;
  } else {
    t = Math.round(t / ALLEY_SPACING_M) * ALLEY_SPACING_M + rng.normal() * 2;
    depth = FRONTAGE_DEPTH_M + rng.next() * Math.min(250, Math.max(30, 0.25 * diagonalM));
  }
  return [s.ox + s.ux * t - s.uy * depth * side, s.oy + s.uy * t + s.ux * depth * side];
}

/** Street and house number of a position: the nearest street; frontage numbers odd on one side, even on the other. */
function addressAt(rng: Random, streets: readonly Street[], [x, y]: [number, number]): { streetName: string; houseNumber: string } {
  let best = streets[0] as Street;
  let bestT = 0;
  let bestD = Infinity;
  for (const s of streets) {
    const t = (x - s.ox) * s.ux + (y - s.oy) * s.uy;
    const d = -(x - s.ox) * s.uy + (y - s.oy) * s.ux;
    if (Math.abs(d) < Math.abs(bestD)) { best = s; bestT = t; bestD = d; }
  }
  const depth = Math.abs(bestD);
  const suffix = rng.next() < 0.05 ? rng.pick(['A', 'B', 'C']) : '';
  const frontage = (t: number): number => {
    const slot = Math.max(0, Math.floor((t + best.halfLengthM) / 5));
    return 2 * slot + (bestD > 0 ? 1 : 2);
  };
  if (depth < FRONTAGE_DEPTH_M) return { streetName: best.name, houseNumber: formatHouseNumber(frontage(bestT), [], suffix) };
  const mouth = frontage(Math.round(bestT / ALLEY_SPACING_M) * ALLEY_SPACING_M);
  const inAlley = Math.floor((depth - FRONTAGE_DEPTH_M) / 5) + 1;
  const alleys = inAlley > 24 ? [Math.floor(inAlley / 12), (inAlley % 12) + 1] : [inAlley];
  return { streetName: best.name, houseNumber: formatHouseNumber(mouth, alleys, suffix) };
}
