/**
 * The outbreak: per-person infection state and one day of transmission in a
 * household-structured city. Each susceptible person faces a daily hazard
 *
 *   λ = household rate × infectious members / (members − 1)
 *     + contact multiplier × hot-spot multiplier ×
 *       (block rate × infectious share of the block + group rate × … of the
 *        residential group + ward rate × … of the ward + city rate × … of the city
 *        + the outside hazard of the date: the rest of the real city)
 *
 * scaled by the person's remaining susceptibility (vaccination), and is
 * infected with probability 1 − e^−λ. People in a quarantine facility
 * neither infect nor get infected; confirmed cases isolated at home infect
 * only their household. A blockaded group (a new case household in the
 * last `groupBlockade.days`) is sealed from the rest of the city: the ward
 * and city terms of its residents, both ways (catching and passing on), are
 * multiplied by `groupBlockade.contactMultiplier`; neighbours inside it
 * still meet. Each
 * infection keeps the level it came from (drawn in proportion to the terms),
 * so a case can be told to have caught it from another household nearby.
 */
import type { Random } from '../random.ts';
import { toEpochDay } from './calendar.ts';
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
  /** Group index → last day of its blockade, −1 for none. */
  blockadeUntil: Int32Array;
  /** Person → where the infection came from (INFECTION_SOURCE), 0 when not infected here (seeded, imported) or never. */
  source: Uint8Array;
}

/** Levels an infection can come from; `neighbour` levels (block, group) mean contact with another household nearby. */
export const INFECTION_SOURCE = { unknown: 0, household: 1, block: 2, group: 3, ward: 4, city: 5, outside: 6 } as const;

/** True when the infection came from another household of the same block or residential group. */
export function caughtFromNeighbour(state: OutbreakState, person: number): boolean {
  const s = state.source[person] as number;
  return s === INFECTION_SOURCE.block || s === INFECTION_SOURCE.group;
}

function filled(n: number, value: number): Int32Array {
  return new Int32Array(n).fill(value);
}

/** A fresh state with no one infected; hot-spot groups and their start days (within `days`) drawn from `rng`. */
export function createOutbreakState(population: SimPopulation, params: SimulationParameters, days: number, rng: Random): OutbreakState {
  const n = population.people.length;
  const hotSpotFrom = new Int32Array(population.groups.length).fill(-1);
  const { hotSpotActiveShare, hotSpotDays } = params.epidemic;
  const ever = Math.min(1, (hotSpotActiveShare * (Math.max(1, days) + hotSpotDays - 1)) / hotSpotDays);
  for (let g = 0; g < hotSpotFrom.length; g++) {
    if (rng.next() < ever) hotSpotFrom[g] = rng.int(-hotSpotDays + 1, Math.max(0, days - 1));
  }
  return {
    infectedDay: filled(n, -1), infectiousFrom: filled(n, -1), infectiousTo: filled(n, -1), symptomDay: filled(n, -1),
    imported: new Uint8Array(n), confirmedDay: filled(n, -1), isolatedUntil: filled(n, -1), facilityUntil: filled(n, -1),
    susceptibility: new Float64Array(n).fill(1), active: [], hotSpotFrom,
    blockadeUntil: new Int32Array(population.groups.length).fill(-1), source: new Uint8Array(n),
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

/** True when group `g` is blockaded on `day`. */
export function isBlockaded(state: OutbreakState, g: number, day: number): boolean {
  return g >= 0 && (state.blockadeUntil[g] as number) >= day;
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

/** The outside hazard on an ISO date: linear between the points of `epidemic.outsideHazard`, flat beyond its ends, 0 with no points. */
export function outsideHazardOn(params: SimulationParameters, isoDate: string): number {
  const points = params.epidemic.outsideHazard;
  if (points.length === 0) return 0;
  const day = toEpochDay(isoDate);
  const first = points[0]!;
  if (day <= toEpochDay(first.date)) return first.perDay;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const [da, db] = [toEpochDay(a.date), toEpochDay(b.date)];
    if (day <= db) return a.perDay + ((b.perDay - a.perDay) * (day - da)) / (db - da);
  }
  return points[points.length - 1]!.perDay;
}

interface Counts {
  household: Float64Array;
  block: Float64Array;
  group: Float64Array;
  ward: Float64Array;
  city: number;
}

function countInfectious(population: SimPopulation, state: OutbreakState, day: number, blockadeMultiplier: number): Counts {
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
    const weight = isBlockaded(state, h.group, day) ? blockadeMultiplier : 1;
    if (h.block >= 0) add(counts.block, h.block, 1);
    if (h.group >= 0) add(counts.group, h.group, 1);
    add(counts.ward, h.ward, weight);
    counts.city += weight;
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
  const counts = countInfectious(population, state, day, e.groupBlockade.contactMultiplier);
  const contact = contactMultiplierOn(params, isoDate);
  const cityTerm = e.cityRatePerDay * share(counts.city, sizes.city);
  const outsideTerm = outsideHazardOn(params, isoDate);
  const infected: number[] = [];
  const sources: number[] = [];
  population.households.forEach((household, h) => {
    const g = household.group;
    const scale = contact * (isHotSpot(state, g, day, params) ? e.hotSpotMultiplier : 1);
    const sealed = isBlockaded(state, g, day) ? e.groupBlockade.contactMultiplier : 1;
    const ward = scale * sealed * e.wardRatePerDay * share(counts.ward[household.ward] as number, sizes.ward[household.ward] as number);
    const city = scale * sealed * cityTerm;
    const outside = scale * sealed * outsideTerm;
    const block = household.block >= 0 ? scale * e.blockRatePerDay * share(counts.block[household.block] as number, sizes.block[household.block] as number) : 0;
    const group = g >= 0 ? scale * e.groupRatePerDay * share(counts.group[g] as number, sizes.group[g] as number) : 0;
    const inHousehold = counts.household[h] as number;
    const home = household.members.length > 1 ? (e.householdRatePerDay * inHousehold) / (household.members.length - 1) : 0;
    const hazard = home + block + group + ward + city + outside;
    if (hazard <= 0) return;
    for (const p of household.members) {
      if ((state.infectedDay[p] as number) >= 0 || (state.facilityUntil[p] as number) >= day) continue;
      const probability = 1 - Math.exp(-hazard * (state.susceptibility[p] as number));
      if (rng.next() >= probability) continue;
      infected.push(p);
      // Where it came from, in proportion to the terms.
      let r = rng.next() * hazard;
      let source: number = INFECTION_SOURCE.outside;
      for (const [level, term] of [[INFECTION_SOURCE.household, home], [INFECTION_SOURCE.block, block], [INFECTION_SOURCE.group, group], [INFECTION_SOURCE.ward, ward], [INFECTION_SOURCE.city, city]] as const) {
        if (r < term) { source = level; break; }
        r -= term;
      }
      sources.push(source);
    }
  });
  infected.forEach((p, i) => {
    infectPerson(state, p, day, params, rng);
    state.source[p] = sources[i] as number;
  });
  return infected;
}
