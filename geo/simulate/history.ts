/**
 * A whole simulated history, day by day: imported arrivals, transmission,
 * tests planned and run, results arriving (confirmations, contact tracing,
 * pool follow-ups), vaccination. Deterministic: the same population,
 * parameters and seed give deeply equal output.
 */
import { createRandom, type Random } from '../random.ts';
import { addDays, daysBetween } from './calendar.ts';
import type { TrueCase, TrueEvent, TrueTestEvent } from './events.ts';
import { caughtFromNeighbour, createOutbreakState, infectPerson, isHotSpot, measureUnitSizes, stepTransmission, type OutbreakState } from './outbreak.ts';
import type { SimulationParameters } from './parameters.ts';
import { validateParameters } from './validate-parameters.ts';
import type { SimPopulation } from './population.ts';
import { createTestingState, planRoutineTests, planTest, runTest, type TestingState } from './testing.ts';
import { createVaccinationState, runVaccinationDay } from './vaccination.ts';

/** What `simulateHistory` returns: the true events and cases of a run. */
export interface SimulatedHistory {
  startDate: string;
  endDate: string;
  days: number;
  /** Every test and dose whose record is sent by the end date, in the order they happened (by report day). */
  events: TrueEvent[];
  cases: TrueCase[];
  /** Infections per day (index = day), all origins. */
  infectionsByDay: number[];
  /** Residential groups that were hot spots at some time of the run (indexes into population.groups). */
  hotSpotGroups: number[];
}

interface Run {
  population: SimPopulation;
  params: SimulationParameters;
  state: OutbreakState;
  testing: TestingState;
  rng: Random;
  tracedUntil: Int32Array;
  /** Household → day of its last confirmed non-imported case, −1 for none. */
  lastHouseholdCase: Int32Array;
  cases: TrueCase[];
}

/** Days before a confirmation in which a member catching it from a neighbour counts as contact with other households. */
const CONTACT_LOOKBACK_DAYS = 21;

/**
 * A new case household (no case in it in the 14 days before, as Plan 2716
 * counts them) blockades its group; returns whether one of its members
 * caught the infection from another household of the block or group in the
 * last three weeks — Plan 2716's "contact with other households".
 */
function noteCaseHousehold(run: Run, h: number, day: number): boolean {
  const { population, params, state } = run;
  const household = population.households[h]!;
  const previous = run.lastHouseholdCase[h] as number;
  run.lastHouseholdCase[h] = day;
  if ((previous < 0 || day - previous > 14) && household.group >= 0) {
    state.blockadeUntil[household.group] = Math.max(state.blockadeUntil[household.group] as number, day + params.epidemic.groupBlockade.days - 1);
  }
  return household.members.some((p) => (state.infectedDay[p] as number) >= day - CONTACT_LOOKBACK_DAYS && caughtFromNeighbour(state, p));
}

function seedInfections(run: Run): void {
  const { population, params, state, rng } = run;
  const target = Math.round(population.people.length * params.epidemic.initialInfectedShare);
  const hot = population.people.map((_, i) => i).filter((i) => {
    const g = population.households[population.people[i]!.household]!.group;
    return isHotSpot(state, g, 0, params);
  });
  for (let k = 0; k < target; k++) {
    const pool = hot.length > 0 && rng.next() < 0.7 ? hot : null;
    const person = pool ? rng.pick(pool) : rng.int(0, population.people.length - 1);
    if ((state.infectedDay[person] as number) < 0) infectPerson(state, person, -rng.int(0, 4), params, rng);
  }
}

function arriveImported(run: Run, day: number): void {
  const { population, params, state, rng, testing } = run;
  const expected = (params.epidemic.importedPer100kPerDay * population.people.length) / 100_000;
  let arrivals = Math.floor(expected) + (rng.next() < expected - Math.floor(expected) ? 1 : 0);
  while (arrivals-- > 0 && population.people.length > 0) {
    const person = rng.int(0, population.people.length - 1);
    if ((state.infectedDay[person] as number) >= 0 || population.people[person]!.ageYears < 18) continue;
    infectPerson(state, person, day, params, rng);
    state.imported[person] = 1;
    state.facilityUntil[person] = day + params.testing.facilityQuarantineDays;
    for (const offset of [1, 7, 13]) planTest(testing, day + offset, { people: [person], setting: 'quarantine', method: 'pcr', pooled: false });
  }
}

/** A confirmed case: isolation, and tracing of the household (facility or home, once per 14 days). */
function confirm(run: Run, event: TrueTestEvent, day: number): void {
  const { population, params, state, testing, rng } = run;
  const person = event.person;
  if ((state.confirmedDay[person] as number) >= 0 && day - (state.confirmedDay[person] as number) <= 30) return;
  state.confirmedDay[person] = day;
  const h = population.people[person]!.household;
  const contactWithOtherHouseholds = event.classification === 'imported' ? false : noteCaseHousehold(run, h, day);
  run.cases.push({ person, household: h, confirmedDay: day, classification: event.classification, contactWithOtherHouseholds });
  if ((state.facilityUntil[person] as number) < day) state.isolatedUntil[person] = day + 14;
  if ((run.tracedUntil[h] as number) >= day) return;
  run.tracedUntil[h] = day + 14;
  const contacts = population.households[h]!.members.filter((p) => p !== person && (state.confirmedDay[p] as number) < 0 && (state.facilityUntil[p] as number) < day);
  if (contacts.length === 0) return;
  if (rng.next() < params.testing.facilityQuarantineShare) {
    for (const p of contacts) state.facilityUntil[p] = day + params.testing.facilityQuarantineDays;
    for (const offset of [1, 7, 13]) for (const p of contacts) planTest(testing, day + offset, { people: [p], setting: 'quarantine', method: 'pcr', pooled: false });
  } else {
    for (const p of contacts) state.isolatedUntil[p] = day + 14;
    for (const offset of [1, 7]) planTest(testing, day + offset, { people: contacts, setting: 'contact', method: 'pcr', pooled: contacts.length > 1 });
  }
}

/** What a result does on the day it arrives. */
function receiveResult(run: Run, event: TrueTestEvent, day: number): void {
  if (event.result !== 'positive') return;
  if (event.pooled) {
    // Every member of a positive pool is retested alone; the retest of the first member carries the pool's follow-up.
    planTest(run.testing, day + 1, { people: [event.person], setting: 'pool-follow-up', method: 'pcr', pooled: false });
    return;
  }
  if (event.method === 'antigen') planTest(run.testing, day + 1, { people: [event.person], setting: 'confirmation', method: 'pcr', pooled: false });
  confirm(run, event, day);
}

function planSymptomatic(run: Run, infected: readonly number[]): void {
  const { params, state, testing, rng } = run;
  for (const p of infected) {
    const onset = state.symptomDay[p] as number;
    if (onset < 0 || rng.next() >= params.testing.symptomaticTestedShare) continue;
    const [min, max] = params.testing.symptomToTestDays;
    const antigen = rng.next() < params.testing.symptomaticAntigenShare;
    planTest(testing, onset + rng.int(min, max), { people: [p], setting: 'symptomatic', method: antigen ? 'antigen' : 'pcr', pooled: false });
  }
}

/** Simulates `params.startDate … params.endDate` over a population. Throws SimulationParameterError for bad parameters. */
export function simulateHistory(population: SimPopulation, params: SimulationParameters, seed: string): SimulatedHistory {
  validateParameters(params);
  const root = createRandom(`simulate/${seed}`);
  const days = daysBetween(params.startDate, params.endDate) + 1;
  const state = createOutbreakState(population, params, days, root.fork('hot-spots'));
  const testing = createTestingState(population, params, root.fork('workers'));
  const run: Run = { population, params, state, testing, rng: root.fork('days'), tracedUntil: new Int32Array(population.households.length).fill(-1), lastHouseholdCase: new Int32Array(population.households.length).fill(-1), cases: [] };
  const vacc = createVaccinationState(population, (p) => (testing.workerOffset[p] as number) >= 0, params, days, root.fork('vaccination'));
  const sizes = measureUnitSizes(population);
  seedInfections(run);
  planSymptomatic(run, state.active);
  const pending = new Map<number, TrueTestEvent[]>();
  const events: TrueEvent[] = [];
  const infectionsByDay: number[] = [];
  for (let day = 0; day < days; day++) {
    const iso = addDays(params.startDate, day);
    arriveImported(run, day);
    const infected = stepTransmission(population, state, sizes, day, iso, params, run.rng);
    infectionsByDay.push(infected.length);
    planSymptomatic(run, infected);
    const planned = [...(testing.planned.get(day) ?? []), ...planRoutineTests(population, state, testing, day, iso, params, run.rng)];
    testing.planned.delete(day);
    for (const test of planned) {
      for (const event of runTest(state, testing, test, day, params, run.rng)) {
        const list = pending.get(event.resultDay) ?? [];
        list.push(event);
        pending.set(event.resultDay, list);
      }
    }
    for (const event of pending.get(day) ?? []) {
      events.push(event);
      receiveResult(run, event, day);
    }
    pending.delete(day);
    events.push(...runVaccinationDay(population, vacc, state, day, params, run.rng));
  }
  const hotSpotGroups: number[] = [];
  state.hotSpotFrom.forEach((from, g) => { if (from !== -1) hotSpotGroups.push(g); });
  return { startDate: params.startDate, endDate: params.endDate, days, events, cases: run.cases, infectionsByDay, hotSpotGroups };
}
