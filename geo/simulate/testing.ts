/**
 * Testing: who is tested on a day, with what, and what the test says.
 * Sources of tests: people with symptoms, households of confirmed cases
 * (pooled RT-PCR at home, or single RT-PCR in a quarantine facility),
 * arrivals in quarantine, ward-wide sweeps (pooled RT-PCR or rapid
 * antigen), staff screening at businesses, and follow-ups (single RT-PCR
 * for every member of a positive pool, PCR after a positive antigen test).
 * A test is positive with the method's sensitivity while the person carries
 * the virus, else with its false-positive rate, so positivity rises with
 * prevalence by construction.
 */
import type { Random } from '../random.ts';
import { daysBetween } from './calendar.ts';
import type { TestSetting, TrueTestEvent } from './events.ts';
import { isInfectious, type OutbreakState } from './outbreak.ts';
import type { SimulationParameters } from './parameters.ts';
import type { SimPopulation } from './population.ts';

/** A test planned for a day: one person, or the members of one pooled sample. */
export interface PlannedTest {
  people: number[];
  setting: TestSetting;
  method: 'pcr' | 'antigen';
  pooled: boolean;
}

/** Planned tests by day, who is screened at work, and when each person was last tested. */
export interface TestingState {
  planned: Map<number, PlannedTest[]>;
  /** Day offset of each person's staff screening, −1 for people not screened at work. */
  workerOffset: Int32Array;
  lastTestedDay: Int32Array;
  sampleCounter: number;
}

/** Picks the screened workers (adults 18–60, `businessWorkerShare` of them) and their weekday. */
export function createTestingState(population: SimPopulation, params: SimulationParameters, rng: Random): TestingState {
  const workerOffset = new Int32Array(population.people.length).fill(-1);
  population.people.forEach((person, i) => {
    if (person.ageYears >= 18 && person.ageYears <= 60 && rng.next() < params.testing.businessWorkerShare) {
      workerOffset[i] = rng.int(0, params.testing.businessTestIntervalDays - 1);
    }
  });
  return { planned: new Map(), workerOffset, lastTestedDay: new Int32Array(population.people.length).fill(-1), sampleCounter: 0 };
}

/** Adds a test to a day's plan. */
export function planTest(testing: TestingState, day: number, test: PlannedTest): void {
  const list = testing.planned.get(day);
  if (list) list.push(test);
  else testing.planned.set(day, [test]);
}

/** True when the virus is detectable by the method on the day (PCR also shortly before and after infectiousness). */
function carriesVirus(state: OutbreakState, person: number, day: number, method: 'pcr' | 'antigen', tailDays: number): boolean {
  if (method === 'antigen') return isInfectious(state, person, day);
  const from = state.infectiousFrom[person] as number;
  return from >= 0 && day >= from - 1 && day < (state.infectiousTo[person] as number) + tailDays;
}

function drawPositive(state: OutbreakState, people: readonly number[], day: number, method: 'pcr' | 'antigen', params: SimulationParameters, rng: Random): boolean {
  const t = params.testing;
  const sensitivity = method === 'pcr' ? t.pcrSensitivity : t.antigenSensitivity;
  for (const p of people) if (carriesVirus(state, p, day, method, t.pcrTailDays) && rng.next() < sensitivity) return true;
  return rng.next() < (method === 'pcr' ? t.pcrFalsePositiveRate : t.antigenFalsePositiveRate);
}

/** Runs one planned test on `day`: one event per person (a pooled sample gives each member the pool's result). */
export function runTest(state: OutbreakState, testing: TestingState, test: PlannedTest, day: number, params: SimulationParameters, rng: Random): TrueTestEvent[] {
  const people = test.people.filter((p) => (testing.lastTestedDay[p] as number) !== day || test.setting === 'confirmation');
  if (people.length === 0) return [];
  const positive = drawPositive(state, people, day, test.method, params, rng);
  const sampleMinute = rng.int(6 * 60, 17 * 60);
  let resultDay = day;
  let resultMinute = sampleMinute + rng.int(15, 30);
  if (test.method === 'pcr') {
    const [min, max] = params.testing.pcrResultDelayDays;
    resultDay = day + rng.int(min, max);
    resultMinute = resultDay === day ? Math.min(1439, sampleMinute + rng.int(180, 420)) : rng.int(6 * 60, 20 * 60);
  }
  testing.sampleCounter += 1;
  const sampleId = test.method === 'antigen' ? null : `${test.pooled ? 'G' : 'M'}${String(day).padStart(3, '0')}-${testing.sampleCounter}`;
  return people.map((person): TrueTestEvent => {
    testing.lastTestedDay[person] = day;
    const classification = state.imported[person] === 1 ? 'imported' : (state.facilityUntil[person] as number) >= day ? 'quarantine' : 'community';
    return {
      kind: 'test', person, sampleDay: day, sampleMinute, resultDay, resultMinute: Math.min(1439, resultMinute), method: test.method,
      pooled: test.pooled, sampleId, result: positive ? 'positive' : 'negative', setting: test.setting, classification,
    };
  });
}

function splitIntoPools(people: readonly number[], params: SimulationParameters, rng: Random): number[][] {
  const pools: number[][] = [];
  for (let i = 0; i < people.length;) {
    const size = rng.int(params.testing.poolSize[0], params.testing.poolSize[1]);
    pools.push(people.slice(i, i + size));
    i += size;
  }
  return pools;
}

/** Not tested by sweeps or at work: in a facility, or confirmed in the last 30 days. */
function isScreenable(state: OutbreakState, person: number, day: number): boolean {
  if ((state.facilityUntil[person] as number) >= day) return false;
  const confirmed = state.confirmedDay[person] as number;
  return confirmed < 0 || day - confirmed > 30;
}

/** Sweeps and staff screening planned for one day (symptomatic and contact tests are planned as they arise). */
export function planRoutineTests(population: SimPopulation, state: OutbreakState, testing: TestingState, day: number, isoDate: string, params: SimulationParameters, rng: Random): PlannedTest[] {
  const tests: PlannedTest[] = [];
  for (const sweep of params.testing.sweeps) {
    if (isoDate < sweep.from || isoDate > sweep.to) continue;
    const k = daysBetween(sweep.from, isoDate);
    population.wards.forEach((ward, w) => {
      if (sweep.wards !== 'all' && !sweep.wards.includes(ward.code)) return;
      if (k % sweep.intervalDays !== w % sweep.intervalDays) return;
      const people: number[] = [];
      for (const household of population.households) {
        if (household.ward !== w || rng.next() >= sweep.coverage) continue;
        for (const p of household.members) if (isScreenable(state, p, day)) people.push(p);
      }
      if (sweep.method === 'antigen') for (const p of people) tests.push({ people: [p], setting: 'sweep', method: 'antigen', pooled: false });
      else for (const pool of splitIntoPools(people, params, rng)) tests.push({ people: pool, setting: 'sweep', method: 'pcr', pooled: true });
    });
  }
  const interval = params.testing.businessTestIntervalDays;
  testing.workerOffset.forEach((offset, p) => {
    if (offset >= 0 && day % interval === offset && isScreenable(state, p, day)) tests.push({ people: [p], setting: 'business', method: 'antigen', pooled: false });
  });
  return tests;
}
