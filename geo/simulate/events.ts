/**
 * What really happened in a simulated city: the true events and cases the
 * dirty source records are made from. Days are indexes from the run's
 * start date (day 0); minutes are Vietnam wall-clock minutes of the day.
 */

/** Why a test was taken; it decides which kind of site records it. */
export type TestSetting =
  | 'symptomatic' // a person with symptoms at a hospital or test point
  | 'confirmation' // single RT-PCR after a positive antigen test
  | 'contact' // household of a confirmed case, isolated at home
  | 'quarantine' // in a quarantine facility (F1 sent there, or arrivals)
  | 'sweep' // a ward-wide testing campaign
  | 'pool-follow-up' // single RT-PCR for each member of a positive pool
  | 'business'; // staff screening at an employer

/** A case's class under MoH 4800: only community cases count towards criterion 1. */
export type CaseClassification = 'community' | 'imported' | 'quarantine';

/** One person's test: sample, method, result and why it was taken. */
export interface TrueTestEvent {
  kind: 'test';
  /** Index into SimPopulation.people. */
  person: number;
  sampleDay: number;
  sampleMinute: number;
  /** Day and minute the result was known (and the record sent). */
  resultDay: number;
  resultMinute: number;
  method: 'pcr' | 'antigen';
  /** RT-PCR on a pooled sample (mẫu gộp): every member of the pool gets the pool's result. */
  pooled: boolean;
  /** Pool or tube code; null for antigen tests. */
  sampleId: string | null;
  result: 'positive' | 'negative';
  setting: TestSetting;
  classification: CaseClassification;
}

/** One dose given to one person. */
export interface TrueVaccinationEvent {
  kind: 'vaccination';
  person: number;
  day: number;
  minute: number;
  /** 1-based dose number. */
  dose: number;
  /** Brand code (geo/normalise/vaccines.ts): AZ, SINOPHARM, PFIZER, … */
  brand: string;
  lotNumber: string;
  /** Fixed vaccination site, or a mobile team at home (elderly, bedridden). */
  setting: 'fixed' | 'mobile';
}

/** A test or a dose. */
export type TrueEvent = TrueTestEvent | TrueVaccinationEvent;

/** A confirmed case: the first positive non-pooled result of a person. */
export interface TrueCase {
  person: number;
  household: number;
  confirmedDay: number;
  classification: CaseClassification;
  /**
   * A member of the household caught the infection from another household
   * of the same block or residential group in the 21 days before (Plan
   * 2716's "contact with other households"). Absent = false.
   */
  contactWithOtherHouseholds?: boolean;
}

/** Day an event's record is sent: the result day for tests, the dose day for vaccinations. */
export function reportDayOf(event: TrueEvent): number {
  return event.kind === 'test' ? event.resultDay : event.day;
}
