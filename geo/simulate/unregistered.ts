/**
 * Residents outside the household register (parameters: residents.
 * unregisteredShare). They are added to a population built from the register
 * (the seeded people), in small households renting next to registered ones —
 * an alley room behind a registered house, same street, same block — so their
 * true block, group and ward are known to the simulator while the register
 * riskmap sees does not hold them. They have no ID number on record: sites
 * write their name, birth date, phone and address only.
 */
import { createRandom } from '../random.ts';
import { generateHouseholdMembers } from '../synth/household-members.ts';
import { sampleBirthProvinceCode } from '../synth/identity.ts';
import { sampleFamilyName } from '../synth/names.ts';
import { computeAgeOn } from './calendar.ts';
import type { SimHousehold, SimPerson, SimPopulation } from './population.ts';

/** Household sizes of unregistered residents, 1–4 (rented rooms), by weight. */
const SIZE_WEIGHTS = [0.35, 0.3, 0.2, 0.15];

/** True when the person is outside the register (added by addUnregisteredResidents). */
export function isUnregistered(person: Pick<SimPerson, 'key'>): boolean {
  return person.key.startsWith('u:');
}

/**
 * A new population with unregistered residents appended (the registered
 * people and households keep their indexes). Adds round(n × share / (1 −
 * share)) people for n registered, so they are `share` of the result. Each
 * household rents at "<host house number>/9<k> <street>, …" of a random
 * registered household with a house number, in the host's block, group and
 * ward. Keys are `u:<host key>/<k>` (households) and `u:<host key>/<k>/<m>`
 * (people); person ids null; national IDs null. Share 0 or a population
 * without addresses returns the input unchanged. Deterministic for the seed.
 */
export function addUnregisteredResidents(population: SimPopulation, share: number, seed: string, referenceDate: string, startDate: string): SimPopulation {
  const hosts = population.households.map((h, i) => ({ i, m: /^(\d[^\s,]*) (.+)$/.exec(h.address) })).filter((h) => h.m !== null);
  const target = share > 0 && share < 1 ? Math.round((population.people.length * share) / (1 - share)) : 0;
  if (target === 0 || hosts.length === 0) return population;
  const rng = createRandom(`unregistered/${seed}`);
  const households: SimHousehold[] = [...population.households];
  const people: SimPerson[] = [...population.people];
  const rooms = new Map<number, number>();
  let added = 0;
  while (added < target) {
    const host = rng.pick(hosts);
    const hostHousehold = population.households[host.i] as SimHousehold;
    const k = (rooms.get(host.i) ?? 0) + 1;
    rooms.set(host.i, k);
    const size = Math.min(target - added, 1 + rng.weighted(SIZE_WEIGHTS));
    const members = generateHouseholdMembers(rng, { size, familyName: sampleFamilyName(rng), originProvinceCode: sampleBirthProvinceCode(rng, 0.2) }, referenceDate);
    const key = `u:${hostHousehold.key}/${k}`;
    const household: SimHousehold = {
      key, householdId: null, ward: hostHousehold.ward, group: hostHousehold.group, block: hostHousehold.block,
      address: `${host.m?.[1]}/9${k} ${host.m?.[2]}`, members: [],
    };
    const index = households.length;
    households.push(household);
    members.forEach((identity, m) => {
      household.members.push(people.length);
      people.push({ key: `${key}/${m}`, personId: null, household: index, identity: { ...identity, nationalId: null }, ageYears: computeAgeOn(identity.birthDate, startDate) });
    });
    added += members.length;
  }
  return { ...population, households, people };
}
