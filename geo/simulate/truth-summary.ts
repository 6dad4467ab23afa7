/**
 * What the map should show, from the simulator's truth alone (not the
 * pipeline's code): true residents, adults and first-dosed adults per unit,
 * and the true cases with every unit they count in. `riskmap simulate
 * --report` compares the published numbers with these.
 */
import { addDays, computeAgeOn } from './calendar.ts';
import type { CaseClassification, TrueEvent } from './events.ts';
import type { SimPopulation } from './population.ts';
import { isUnregistered } from './unregistered.ts';
import { DEFAULT_VACCINE_INTERVALS } from '../risk/vaccine-intervals.ts';

/**
 * The city's case definition, stated apart from the pipeline: a person's
 * case is their first positive individual (not pooled) test — RT-PCR, or
 * rapid antigen from `antigenCountsFrom` on (HCMC counted antigen positives
 * as F0 from 20 August 2021, risk-models.md §6) — dated by its sample day; a
 * positive within `episodeDays` after the person's case is the same episode.
 */
export interface TrueCaseDefinition {
  antigenCountsFrom: string;
  episodeDays: number;
}

export const CITY_CASE_DEFINITION: TrueCaseDefinition = { antigenCountsFrom: '2021-08-20', episodeDays: 90 };

/** True figures of one unit (by code). */
export interface TrueUnit {
  level: 'district' | 'ward' | 'neighbourhood' | 'block';
  /** Everyone living there, registered or not. */
  people: number;
  /** Aged 18+ on the end date. */
  adults: number;
  /** People 18+ on the end date with a first dose by then (age on the date shown, as the map's age bands). */
  adultsDose1: number;
}

export interface TruthSummary {
  startDate: string;
  endDate: string;
  definition: TrueCaseDefinition;
  people: { registered: number; unregistered: number };
  units: Record<string, TrueUnit>;
  /**
   * True cases: sample day, classification, the codes of the units they count
   * in (district, ward, group, block) and the key of the true household
   * (registered or not: Plan 2716 counts households with a case).
   */
  cases: Array<{ day: string; classification: CaseClassification; units: string[]; household: string }>;
  /**
   * Everyone vaccinated by the end date: the units they count in, birth date,
   * and the days of their first dose, full primary course (the first dose
   * whose number reaches its own vaccine's primary series: Abdala 3, Janssen
   * 1, others 2) and first dose after it. The report grades the truth from these.
   */
  vaccinated: Array<{ units: string[]; birthDate: string; dose1: string; full: string | null; booster: string | null }>;
}

const PRIMARY_DOSES = new Map(DEFAULT_VACCINE_INTERVALS.map((v) => [v.code, v.primaryDoses]));
/** Doses in a brand's primary series; an unknown brand has 2. */
const primaryDoses = (brand: string): number => PRIMARY_DOSES.get(brand.toUpperCase()) ?? 2;

/** The unit codes a person counts in, largest first (groups and blocks only where the ward was subdivided). */
function unitsOf(population: SimPopulation, person: number): Array<[string, TrueUnit['level']]> {
  const household = population.households[population.people[person]!.household]!;
  const ward = population.wards[household.ward]!;
  const out: Array<[string, TrueUnit['level']]> = [[ward.districtCode, 'district'], [ward.code, 'ward']];
  if (household.group >= 0) out.push([population.groups[household.group]!.code, 'neighbourhood']);
  if (household.block >= 0) out.push([population.blocks[household.block]!.code, 'block']);
  return out;
}

/** Builds the truth summary of a run (events as simulateHistory returns them). Deterministic; empty inputs give empty figures. */
export function summariseTruth(population: SimPopulation, events: readonly TrueEvent[], startDate: string, endDate: string, definition: TrueCaseDefinition = CITY_CASE_DEFINITION): TruthSummary {
  const units: Record<string, TrueUnit> = {};
  const touch = (person: number, add: (u: TrueUnit) => void) => {
    for (const [code, level] of unitsOf(population, person)) add((units[code] ??= { level, people: 0, adults: 0, adultsDose1: 0 }));
  };
  let unregistered = 0;
  population.people.forEach((p, i) => {
    if (isUnregistered(p)) unregistered += 1;
    const adult = computeAgeOn(p.identity.birthDate, endDate) >= 18;
    touch(i, (u) => { u.people += 1; if (adult) u.adults += 1; });
  });
  const firstDose = new Map<number, string>();
  const doses = new Map<number, Array<{ day: string; dose: number; brand: string }>>();
  const positives: Array<{ person: number; day: string; classification: CaseClassification }> = [];
  for (const e of events) {
    if (e.kind === 'vaccination') {
      const day = addDays(startDate, e.day);
      if (e.dose === 1 && day <= endDate && !firstDose.has(e.person)) firstDose.set(e.person, day);
      if (day <= endDate) {
        const list = doses.get(e.person) ?? [];
        list.push({ day, dose: e.dose, brand: e.brand });
        doses.set(e.person, list);
      }
      continue;
    }
    const day = addDays(startDate, e.sampleDay);
    if (e.pooled || e.result !== 'positive' || day > endDate) continue;
    if (e.method === 'antigen' && day < definition.antigenCountsFrom) continue;
    positives.push({ person: e.person, day, classification: e.classification });
  }
  for (const [person, day] of firstDose) {
    if (day <= endDate && computeAgeOn(population.people[person]!.identity.birthDate, endDate) >= 18) touch(person, (u) => { u.adultsDose1 += 1; });
  }
  const vaccinated: TruthSummary['vaccinated'] = [];
  for (const [person, list] of [...doses].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => a.day.localeCompare(b.day) || a.dose - b.dose);
    const dose1 = list.find((d) => d.dose === 1)?.day ?? list[0]!.day;
    const completing = list.find((d) => d.dose >= primaryDoses(d.brand));
    const booster = completing ? list.find((d) => d.dose > completing.dose) : undefined;
    vaccinated.push({
      units: unitsOf(population, person).map(([code]) => code), birthDate: population.people[person]!.identity.birthDate,
      dose1, full: completing?.day ?? null, booster: booster?.day ?? null,
    });
  }
  positives.sort((a, b) => a.person - b.person || a.day.localeCompare(b.day));
  const cases: TruthSummary['cases'] = [];
  let last: { person: number; day: string } | null = null;
  for (const p of positives) {
    if (last && last.person === p.person && p.day <= addDays(last.day, definition.episodeDays)) continue;
    last = p;
    const household = population.households[population.people[p.person]!.household]!;
    cases.push({ day: p.day, classification: p.classification, units: unitsOf(population, p.person).map(([code]) => code), household: household.key });
  }
  cases.sort((a, b) => a.day.localeCompare(b.day));
  return { startDate, endDate, definition, people: { registered: population.people.length - unregistered, unregistered }, units, cases, vaccinated };
}
