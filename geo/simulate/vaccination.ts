/**
 * The vaccination campaign: first doses in priority order (health and
 * front-line workers, then 65+, then 50–64 and screened workers, then every
 * other adult; 12–17 last when enabled), at a daily pace that follows the
 * city's 2021 ramp; a vaccine per person drawn from the configured shares;
 * later doses after the vaccine's own interval (some late). Doses reduce
 * susceptibility from 14 days after they are given.
 */
import type { Random } from '../random.ts';
import { addDays, daysBetween } from './calendar.ts';
import type { TrueVaccinationEvent } from './events.ts';
import type { OutbreakState } from './outbreak.ts';
import type { SimulationParameters } from './parameters.ts';
import type { SimPopulation } from './population.ts';

/** Relative pace of first doses by period [cfg: HCMC gave most first doses in August 2021]. */
export const FIRST_DOSE_PACE: ReadonlyArray<{ from: string; weight: number }> = [
  { from: '2021-01-01', weight: 0.4 },
  { from: '2021-07-20', weight: 1 },
  { from: '2021-08-10', weight: 1.8 },
  { from: '2021-09-05', weight: 0.5 },
];

/** The campaign's queue, daily plan and each person's doses. */
export interface VaccinationState {
  /** People in the order they get a first dose. */
  queue: number[];
  /** First doses to give per day of the run. */
  firstDosesByDay: number[];
  next: number;
  /** Per person: vaccine index (−1 none), doses given, day of the next dose (−1 none). */
  vaccine: Int8Array;
  doses: Uint8Array;
  nextDoseDay: Int32Array;
  /** Day → people whose susceptibility drops that day (14 days after a dose). */
  protection: Map<number, Array<{ person: number; susceptibility: number }>>;
}

function priorityOf(ageYears: number, isWorker: boolean, rng: Random): number {
  if (ageYears >= 18 && rng.next() < 0.03) return 0;
  if (ageYears >= 65) return 1;
  if (ageYears >= 50 || (ageYears >= 18 && isWorker)) return 2;
  if (ageYears >= 18) return 3;
  return 4;
}

function paceOn(isoDate: string): number {
  let weight = 1;
  for (const step of FIRST_DOSE_PACE) if (step.from <= isoDate) weight = step.weight;
  return weight;
}

/** The queue and the daily first-dose plan for a run of `days` days. */
export function createVaccinationState(population: SimPopulation, isWorker: (person: number) => boolean, params: SimulationParameters, days: number, rng: Random): VaccinationState {
  const v = params.vaccination;
  const candidates: Array<{ person: number; priority: number; key: number }> = [];
  population.people.forEach((person, i) => {
    const age = person.ageYears;
    const wanted = age >= 18 ? v.firstDoseShare18plus : age >= 12 ? v.firstDoseShare12to17 : 0;
    if (rng.next() < wanted) candidates.push({ person: i, priority: priorityOf(age, isWorker(i), rng), key: rng.next() });
  });
  candidates.sort((a, b) => a.priority - b.priority || a.key - b.key);
  const queue = candidates.map((c) => c.person);
  const startDay = Math.max(0, daysBetween(params.startDate, v.from));
  const weights = Array.from({ length: days }, (_, d) => (d < startDay ? 0 : paceOn(addDays(params.startDate, d))));
  const total = weights.reduce((s, w) => s + w, 0);
  const firstDosesByDay: number[] = [];
  let given = 0;
  let cumulative = 0;
  for (const w of weights) {
    cumulative += w;
    const target = total > 0 ? Math.round((queue.length * cumulative) / total) : 0;
    firstDosesByDay.push(target - given);
    given = target;
  }
  const n = population.people.length;
  return {
    queue, firstDosesByDay, next: 0, vaccine: new Int8Array(n).fill(-1), doses: new Uint8Array(n),
    nextDoseDay: new Int32Array(n).fill(-1), protection: new Map(),
  };
}

function lotNumber(brand: string, day: number): string {
  const prefix: Record<string, string> = { AZ: 'ABV', SINOPHARM: '2021', PFIZER: 'FF', MODERNA: '', SPUTNIK: 'II', ABDALA: 'A', HAYAT: 'HV' };
  return `${prefix[brand] ?? 'L'}${String(1000 + ((Math.floor(day / 7) * 7919 + brand.length * 131) % 9000))}`;
}

function give(population: SimPopulation, vacc: VaccinationState, state: OutbreakState, person: number, day: number, params: SimulationParameters, rng: Random): TrueVaccinationEvent {
  const v = params.vaccination;
  const use = v.vaccines[vacc.vaccine[person] as number]!;
  const dose = (vacc.doses[person] as number) + 1;
  vacc.doses[person] = dose;
  const interval = use.doseIntervalsDays[dose - 1];
  vacc.nextDoseDay[person] = interval ? day + rng.int(interval[0], interval[1]) + (rng.next() < v.onTimeShare ? 0 : rng.int(1, 14)) : -1;
  const full = dose >= use.doseIntervalsDays.length + 1;
  const after = full ? params.epidemic.susceptibilityFullyVaccinated : params.epidemic.susceptibilityAfterDose1;
  const list = vacc.protection.get(day + 14) ?? [];
  list.push({ person, susceptibility: after });
  vacc.protection.set(day + 14, list);
  void state;
  const mobile = population.people[person]!.ageYears >= 65 && rng.next() < v.mobileTeamShare65plus;
  return { kind: 'vaccination', person, day, minute: rng.int(7 * 60, 19 * 60), dose, brand: use.brand, lotNumber: lotNumber(use.brand, day), setting: mobile ? 'mobile' : 'fixed' };
}

/** Doses of one day: later doses due, then the day's first doses; applies protection that starts today. */
export function runVaccinationDay(population: SimPopulation, vacc: VaccinationState, state: OutbreakState, day: number, params: SimulationParameters, rng: Random): TrueVaccinationEvent[] {
  for (const { person, susceptibility } of vacc.protection.get(day) ?? []) {
    state.susceptibility[person] = Math.min(state.susceptibility[person] as number, susceptibility);
  }
  vacc.protection.delete(day);
  const events: TrueVaccinationEvent[] = [];
  population.people.forEach((_, p) => {
    if (vacc.nextDoseDay[p] === day) events.push(give(population, vacc, state, p, day, params, rng));
  });
  const shares = params.vaccination.vaccines.map((u) => u.share);
  const due = vacc.firstDosesByDay[day] ?? 0;
  for (let i = 0; i < due && vacc.next < vacc.queue.length; i++) {
    const person = vacc.queue[vacc.next++] as number;
    vacc.vaccine[person] = rng.weighted(shares);
    events.push(give(population, vacc, state, person, day, params, rng));
  }
  return events;
}
