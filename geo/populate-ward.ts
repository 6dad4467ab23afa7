/**
 * Everything the seed writes for one ward, as plain data: residential groups
 * and blocks subdivided from where households are, the households (point,
 * address, size) and their members. Pure and deterministic: the same input
 * gives the same output, whatever order wards are generated in (each ward
 * draws from its own stream, forked from the seed by ward code).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { createRandom, type Random } from './random.ts';
import { formatAddress } from './synth/addresses.ts';
import { computeAgeYears } from './synth/age-pyramid.ts';
import { generateHouseholdMembers } from './synth/household-members.ts';
import { generateHouseholds, HOUSEHOLD_SIZE_SHARES } from './synth/households.ts';
import type { SyntheticPerson } from './synth/person.ts';
import { BLOCK_OPTIONS, GROUP_OPTIONS, subdivideUnit } from './synth/subdivide.ts';
import { formatBlockCode, formatBlockName, formatGroupCode, formatGroupName } from './synth/unit-codes.ts';

/** Mean members per household implied by HOUSEHOLD_SIZE_SHARES (3.325). */
export const MEAN_HOUSEHOLD_SIZE = HOUSEHOLD_SIZE_SHARES.reduce((sum, share, i) => sum + share * (i + 1), 0);

export interface WardToPopulate {
  code: string;
  name: string;
  districtName: string;
  cityName: string;
  geometry: Polygon | MultiPolygon;
  /** People to place, an integer ≥ 0; the result has exactly this many. */
  people: number;
  /** Split into residential groups and blocks (false when the ward already has them). */
  subdivide: boolean;
  /**
   * This ward's place among all wards seeded together (slot 0…slots−1, in a fixed order). With it,
   * the 6-digit serials of national IDs are unique across the city: a ward numbers each
   * "PPP G YY" prefix from slot × ⌊10⁶ / slots⌋. Without it serials stay random and may repeat.
   */
  idSerial?: { slot: number; slots: number };
}

/** Resident counts by age band at the reference date. */
export interface AgeBandCounts {
  population: number;
  age18plus: number;
  age50plus: number;
  age65plus: number;
}

export interface GeneratedUnit extends AgeBandCounts {
  code: string;
  name: string;
  geometry: MultiPolygon;
}

export interface GeneratedBlock extends GeneratedUnit {
  /** Index into `groups`. */
  group: number;
}

export interface GeneratedHousehold {
  position: Position;
  houseNumber: string;
  street: string;
  address: string;
  /** Index into `blocks`, or null when the ward was not subdivided. */
  block: number | null;
  members: SyntheticPerson[];
}

export interface PopulatedWard {
  /** National IDs that could not get a unique serial (the ward used up its share of a prefix); 0 normally. */
  idSerialOverflows: number;
  groups: GeneratedUnit[];
  blocks: GeneratedBlock[];
  households: GeneratedHousehold[];
  /** The ward's own counts (sum over its households). */
  totals: AgeBandCounts;
}

const emptyCounts = (): AgeBandCounts => ({ population: 0, age18plus: 0, age50plus: 0, age65plus: 0 });

function addPerson(counts: AgeBandCounts, ageYears: number): void {
  counts.population += 1;
  if (ageYears >= 18) counts.age18plus += 1;
  if (ageYears >= 50) counts.age50plus += 1;
  if (ageYears >= 65) counts.age65plus += 1;
}

/** Nudges household sizes (within 1–8) so they add up to exactly `people`. */
function fitSizes(rng: Random, sizes: number[], people: number): void {
  let total = sizes.reduce((s, n) => s + n, 0);
  if (sizes.length === 0) return;
  let guard = 0;
  while (total !== people && guard++ < 100 * sizes.length + 1000) {
    const i = rng.int(0, sizes.length - 1);
    const size = sizes[i] as number;
    if (total > people && size > 1) {
      sizes[i] = size - 1;
      total -= 1;
    } else if (total < people && size < 8) {
      sizes[i] = size + 1;
      total += 1;
    }
  }
}

/**
 * Generates the population of one ward. `people` must be reachable with
 * households of 1–8 members (always true for people ≥ 0, as the household
 * count is people / 3.325 rounded, at least 1 when people > 0).
 */
export function populateWard(ward: WardToPopulate, seed: string | number, referenceDate: string): PopulatedWard {
  if (!Number.isInteger(ward.people) || ward.people < 0) throw new RangeError(`people for ward ${ward.code} must be a whole number ≥ 0`);
  const rng = createRandom(`${String(seed)}/ward/${ward.code}`);
  const householdCount = ward.people === 0 ? 0 : Math.max(Math.ceil(ward.people / 8), Math.min(ward.people, Math.round(ward.people / MEAN_HOUSEHOLD_SIZE)));
  const places = generateHouseholds(rng.fork('households'), ward.geometry, householdCount);
  const sizes = places.map((p) => p.size);
  fitSizes(rng.fork('sizes'), sizes, ward.people);

  const groups: GeneratedUnit[] = [];
  const blocks: GeneratedBlock[] = [];
  const blockOfHousehold: Array<number | null> = places.map(() => null);
  if (ward.subdivide) {
    const positions = places.map((p) => p.position);
    const groupCells = subdivideUnit(ward.geometry, positions, GROUP_OPTIONS, rng.fork('groups'));
    groupCells.forEach((groupCell, g) => {
      // The formatters take 0-based indexes: the first group is "Tổ dân phố 1" (-T001), its first block "Khối 1" (-B01).
      const groupCode = formatGroupCode(ward.code, g);
      groups.push({ code: groupCode, name: formatGroupName(g), geometry: groupCell.polygon, ...emptyCounts() });
      const memberPositions = groupCell.memberIndexes.map((i) => positions[i] as Position);
      const blockCells = subdivideUnit(groupCell.polygon, memberPositions, BLOCK_OPTIONS, rng.fork(`blocks/${g}`));
      blockCells.forEach((blockCell, b) => {
        for (const local of blockCell.memberIndexes) blockOfHousehold[groupCell.memberIndexes[local] as number] = blocks.length;
        blocks.push({ code: formatBlockCode(groupCode, b), name: formatBlockName(b), geometry: blockCell.polygon, group: g, ...emptyCounts() });
      });
    });
  }

  const totals = emptyCounts();
  const membersRng = rng.fork('members');
  const households = places.map((place, i): GeneratedHousehold => {
    const members = generateHouseholdMembers(membersRng, { ...place, size: sizes[i] as number }, referenceDate);
    const block = blockOfHousehold[i] ?? null;
    for (const person of members) {
      const age = computeAgeYears(person.birthDate, referenceDate);
      addPerson(totals, age);
      if (block !== null) {
        const blockUnit = blocks[block] as GeneratedBlock;
        addPerson(blockUnit, age);
        addPerson(groups[blockUnit.group] as GeneratedUnit, age);
      }
    }
    const groupName = block !== null ? groups[(blocks[block] as GeneratedBlock).group]?.name : undefined;
    return {
      position: place.position,
      houseNumber: place.houseNumber,
      street: place.streetName,
      address: formatAddress({ streetAddress: place.streetAddress, ...(groupName ? { groupName } : {}), wardName: ward.name, districtName: ward.districtName, cityName: ward.cityName }),
      block,
      members,
    };
  });
  const idSerialOverflows = ward.idSerial ? assignUniqueSerials(households, ward.idSerial) : 0;
  return { idSerialOverflows, groups, blocks, households, totals };
}

/** Rewrites the last 6 digits of each national ID from the ward's range of serials; returns how many did not fit. */
function assignUniqueSerials(households: GeneratedHousehold[], { slot, slots }: { slot: number; slots: number }): number {
  const size = Math.floor(1_000_000 / Math.max(1, slots));
  const next = new Map<string, number>();
  let overflows = 0;
  for (const household of households) {
    for (const person of household.members) {
      if (!person.nationalId) continue;
      const prefix = person.nationalId.slice(0, 6);
      const used = next.get(prefix) ?? 0;
      next.set(prefix, used + 1);
      if (used >= size) {
        overflows += 1;
        continue;
      }
      person.nationalId = `${prefix}${String(slot * size + used).padStart(6, '0')}`;
    }
  }
  return overflows;
}
