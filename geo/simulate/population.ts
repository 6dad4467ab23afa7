/**
 * The population the simulator works on: people, households and the units
 * they live in, flattened into arrays indexed by number for a fast daily
 * loop. Built from `populateWard` output, so it is exactly the population
 * `riskmap seed` wrote (same seed, same wards → same people, same order).
 */
import type { PopulatedWard } from '../populate-ward.ts';
import type { SyntheticPerson } from '../synth/person.ts';
import { computeAgeOn } from './calendar.ts';

/** One ward as the simulator needs it, with what the seed generated for it. */
export interface WardPopulation {
  code: string;
  name: string;
  districtCode: string;
  districtName: string;
  populated: PopulatedWard;
  /**
   * Database ids of the ward's first household and first person when known
   * (the seed allocates them consecutively in generation order), else null.
   */
  firstHouseholdId: number | null;
  firstPersonId: number | null;
}

/** A person with their true identity (the ground truth that dirty records are measured against). */
export interface SimPerson {
  /** Stable key `<wardCode>/<household index>/<member index>`, or `db:<id>` when the id is known. */
  key: string;
  /** Database person id when known, else null. */
  personId: number | null;
  household: number;
  identity: SyntheticPerson;
  /** Age in completed years on the run's start date. */
  ageYears: number;
}

/** A household: where it is (indexes into the unit arrays) and who lives in it (indexes into people). */
export interface SimHousehold {
  key: string;
  householdId: number | null;
  ward: number;
  /** Global indexes into `groups` and `blocks`, or -1 when the ward was not subdivided. */
  group: number;
  block: number;
  address: string;
  members: number[];
}

/** A whole city for the simulator; all cross-references are array indexes. */
export interface SimPopulation {
  wards: Array<{ code: string; name: string; districtCode: string; districtName: string }>;
  /** Residential groups (tổ dân phố): code and ward index. */
  groups: Array<{ code: string; ward: number }>;
  blocks: Array<{ code: string; group: number }>;
  households: SimHousehold[];
  people: SimPerson[];
}

/**
 * Flattens populated wards into one population. Ages are counted on
 * `startDate`. An empty ward list gives an empty population; a ward that
 * was not subdivided puts its households in group and block −1.
 */
export function buildSimPopulation(wards: readonly WardPopulation[], startDate: string): SimPopulation {
  const population: SimPopulation = { wards: [], groups: [], blocks: [], households: [], people: [] };
  for (const ward of wards) {
    const wardIndex = population.wards.length;
    population.wards.push({ code: ward.code, name: ward.name, districtCode: ward.districtCode, districtName: ward.districtName });
    const groupBase = population.groups.length;
    const blockBase = population.blocks.length;
    for (const group of ward.populated.groups) population.groups.push({ code: group.code, ward: wardIndex });
    for (const block of ward.populated.blocks) population.blocks.push({ code: block.code, group: groupBase + block.group });
    let personOffset = 0;
    ward.populated.households.forEach((h, hi) => {
      const householdIndex = population.households.length;
      const block = h.block === null ? -1 : blockBase + h.block;
      const household: SimHousehold = {
        key: `${ward.code}/${hi}`,
        householdId: ward.firstHouseholdId === null ? null : ward.firstHouseholdId + hi,
        ward: wardIndex,
        group: block < 0 ? -1 : (population.blocks[block]?.group ?? -1),
        block,
        address: h.address,
        members: [],
      };
      population.households.push(household);
      h.members.forEach((identity, mi) => {
        const personId = ward.firstPersonId === null ? null : ward.firstPersonId + personOffset;
        personOffset += 1;
        household.members.push(population.people.length);
        population.people.push({
          key: personId === null ? `${ward.code}/${hi}/${mi}` : `db:${personId}`,
          personId,
          household: householdIndex,
          identity,
          ageYears: computeAgeOn(identity.birthDate, startDate),
        });
      });
    });
  }
  return population;
}
