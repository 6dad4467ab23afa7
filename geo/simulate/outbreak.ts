/**
 * The outbreak: per-person infection state and one day of transmission in a
 * household-structured city. Each susceptible person faces a daily hazard
 *
 *   λ = household rate × infectious members / (members − 1)
 *     + contact multiplier × hot-spot multiplier ×
 *       (block rate × infectious share of the block + group rate × … of the
 *        residential group + ward rate × … of the ward + city rate × … of the city)
 *
 * scaled by the person's remaining susceptibility (vaccination), and is
 * infected with probability 1 − e^−λ. People in a quarantine facility
 * neither infect nor get infected; confirmed cases isolated at home infect
 * only their household.
 */
import type { Random } from '../random.ts';
import type { SimulationParameters } from './parameters.ts';
import type { SimPopulation } from './population.ts';

/** Per-person state arrays, indexed like SimPopulation.people; −1 means "never". */
export interface OutbreakState {
  infectedDay: Int32Array;
  infectiousFrom: Int32Array;
  infectiousTo: Int32Array;
  /** Day symptoms start, −1 for asymptomatic infections. */
  symptomDay: Int32Array;
  /** 1 when the infection was imported (arrived infected). */
  imported: Uint8Array;
  confirmedDay: Int32Array;
  /** Last day at home in isolation (confirmed case), or in a quarantine facility. */
  isolatedUntil: Int32Array;
  facilityUntil: Int32Array;
  /** Remaining susceptibility (1 = unvaccinated). */
  susceptibility: Float64Array;
  /** People infected and not yet past infectiousness. */
  active: number[];
  /** Group index → first day the group is a hot spot (it stays one for hotSpotDays), −1 for never. */
  hotSpotFrom: Int32Array;
}

function filled(n: number, value: number): Int32Array {
  return new Int32Array(n).fill(value);
}

/** A fresh state with no one infected; hot-spot groups and their start days (within `days`) drawn from `rng`. */
export function createOutbreakState(population: SimPopulation, params: SimulationParameters, days: number, rng: Random): OutbreakState {
  const n = population.people.length;
  const hotSpotFrom = new Int32Array(population.groups.length).fill(-1);
  const { hotSpotGroupShare, hotSpotDays } = params.epidemic;
  for (let g = 0; g < hotSpotFrom.length; g++) {
    if (rng.next() < hotSpotGroupShare) hotSpotFrom[g] = rng.int(-hotSpotDays + 1, Math.max(0, days - 1));
  }
  return {
    infectedDay: filled(n, -1), infectiousFrom: filled(n, -1), infectiousTo: filled(n, -1), symptomDay: filled(n, -1),
    imported: new Uint8Array(n), confirmedDay: filled(n, -1), isolatedUntil: filled(n, -1), facilityUntil: filled(n, -1),
    susceptibility: new Float64Array(n).fill(1), active: [], hotSpotFrom,
  };
}

/** Infects a person on `day`: draws the latent and infectious periods and symptoms. */
export function infectPerson(state: OutbreakState, person: number, day: number, params: SimulationParameters, rng: Random): void {
  const { latentDays, infectiousDays, symptomaticShare } = params.epidemic;
  const from = day + rng.int(latentDays[0], latentDays[1]);
  state.infectedDay[person] = day;
  state.infectiousFrom[person] = from;
  state.infectiousTo[person] = from + rng.int(infectiousDays[0], infectiousDays[1]);
  state.symptomDay[person] = rng.next() < symptomaticShare ? from + rng.int(0, 2) : -1;
  state.active.push(person);
}

/** True when group `g` is a hot spot on `day`. */
export function isHotSpot(state: OutbreakState, g: number, day: number, params: SimulationParameters): boolean {
  const from = g >= 0 ? (state.hotSpotFrom[g] as number) : -1;
  return from !== -1 && day >= from && day < from + params.epidemic.hotSpotDays;
}

/** True on the days a person is infectious. */
export function isInfectious(state: OutbreakState, person: number, day: number): boolean {
  return (state.infectiousFrom[person] as number) >= 0 && day >= (state.infectiousFrom[person] as number) && day < (state.infectiousTo[person] as number);
}

/** The contact multiplier of the phase in force on an ISO date (1 before the first phase). */
export function contactMultiplierOn(params: SimulationParameters, isoDate: string): number {
  let multiplier = 1;
  for (const phase of params.epidemic.contactPhases) if (phase.from <= isoDate) multiplier = phase.contactMultiplier;
  return multiplier;
}

interface Counts {
  household: Float64Array;
  block: Float64Array;
  group: Float64Array;
  ward: Float64Array;
  city: number;
}

function countInfectious(population: SimPopulation, state: OutbreakState, day: number): Counts {
  const counts: Counts = {
    household: new Float64Array(population.households.length), block: new Float64Array(population.blocks.length),
    group: new Float64Array(population.groups.length), ward: new Float64Array(population.wards.length), city: 0,
  };
  state.active = state.active.filter((p) => (state.infectiousTo[p] as number) > day);
  for (const p of state.active) {
    if (!isInfectious(state, p, day) || (state.facilityUntil[p] as number) >= day) continue;
    const h = population.households[population.people[p]!.household]!;
    add(counts.household, population.people[p]!.household, 1);
    if ((state.isolatedUntil[p] as number) >= day) continue;
    if (h.block >= 0) add(counts.block, h.block, 1);
    if (h.group >= 0) add(counts.group, h.group, 1);
    add(counts.ward, h.ward, 1);
    counts.city += 1;
  }
  return counts;
}

/** Sizes of every unit, for infectious shares. */
export interface UnitSizes {
  block: Float64Array;
  group: Float64Array;
  ward: Float64Array;
  city: number;
}

/** Residents per block, group and ward. */
export function measureUnitSizes(population: SimPopulation): UnitSizes {
  const sizes: UnitSizes = {
    block: new Float64Array(population.blocks.length), group: new Float64Array(population.groups.length),
    ward: new Float64Array(population.wards.length), city: population.people.length,
  };
  for (const h of population.households) {
    const n = h.members.length;
    if (h.block >= 0) add(sizes.block, h.block, n);
    if (h.group >= 0) add(sizes.group, h.group, n);
    add(sizes.ward, h.ward, n);
  }
  return sizes;
}

function add(array: Float64Array, index: number, amount: number): void {
  array[index] = (array[index] ?? 0) + amount;
}

const share = (count: number, size: number) => (size > 0 ? count / size : 0);

/** One day of transmission; returns the people newly infected (already marked in `state`). */
export function stepTransmission(
  population: SimPopulation, state: OutbreakState, sizes: UnitSizes, day: number, isoDate: string,
  params: SimulationParameters, rng: Random,
): number[] {
  const e = params.epidemic;
  const counts = countInfectious(population, state, day);
  const contact = contactMultiplierOn(params, isoDate);
  const cityTerm = e.cityRatePerDay * share(counts.city, sizes.city);
  const infected: number[] = [];
  population.households.forEach((household, h) => {
    const g = household.group;
    const hot = isHotSpot(state, g, day, params) ? e.hotSpotMultiplier : 1;
    let outside = e.wardRatePerDay * share(counts.ward[household.ward] as number, sizes.ward[household.ward] as number) + cityTerm;
    if (household.block >= 0) outside += e.blockRatePerDay * share(counts.block[household.block] as number, sizes.block[household.block] as number);
    if (g >= 0) outside += e.groupRatePerDay * share(counts.group[g] as number, sizes.group[g] as number);
    outside *= contact * hot;
    const inHousehold = counts.household[h] as number;
    const hazardHome = household.members.length > 1 ? (e.householdRatePerDay * inHousehold) / (household.members.length - 1) : 0;
    const hazard = outside + hazardHome;
    if (hazard <= 0) return;
    for (const p of household.members) {
      if ((state.infectedDay[p] as number) >= 0 || (state.facilityUntil[p] as number) >= day) continue;
      const probability = 1 - Math.exp(-hazard * (state.susceptibility[p] as number));
      if (rng.next() < probability) infected.push(p);
    }
  });
  for (const p of infected) infectPerson(state, p, day, params, rng);
  return infected;
}
