/**
 * Recommended interval between the first and second dose, per vaccine, as
 * data. A second dose is "overdue" once more than `maxDays` (+ a grace
 * period chosen by the caller) have passed since the first dose without a
 * second. Values follow the Vietnamese MoH guidance of 2021 as summarised in
 * the brief; they are [cfg] defaults, not checked against the official text —
 * pass your own table to computeHouseholdFlags to change them.
 */

/** One vaccine's primary schedule. */
export interface VaccineInterval {
  /** Code used in dose records. */
  code: string;
  name: string;
  /** Doses in the primary series (1 = no second dose is expected). */
  primaryDoses: number;
  /** Earliest recommended day for dose 2 after dose 1. */
  minDays: number;
  /** Latest recommended day for dose 2 after dose 1; after this the dose is overdue. */
  maxDays: number;
}

/** Default table. AZ 8–12 weeks; Pfizer 21 days; Moderna 28; Sinopharm 21–28; Sputnik V 21; Abdala 14 (dose 2 of 3); Janssen single dose. */
export const DEFAULT_VACCINE_INTERVALS: readonly VaccineInterval[] = [
  { code: 'AZ', name: 'AstraZeneca (Vaxzevria)', primaryDoses: 2, minDays: 56, maxDays: 84 },
  { code: 'PFIZER', name: 'Pfizer-BioNTech (Comirnaty)', primaryDoses: 2, minDays: 21, maxDays: 21 },
  { code: 'MODERNA', name: 'Moderna (Spikevax)', primaryDoses: 2, minDays: 28, maxDays: 28 },
  { code: 'SINOPHARM', name: 'Sinopharm (Vero Cell)', primaryDoses: 2, minDays: 21, maxDays: 28 },
  { code: 'SPUTNIK', name: 'Sputnik V', primaryDoses: 2, minDays: 21, maxDays: 21 },
  { code: 'ABDALA', name: 'Abdala', primaryDoses: 3, minDays: 14, maxDays: 14 },
  { code: 'JANSSEN', name: 'Janssen (Johnson & Johnson)', primaryDoses: 1, minDays: 0, maxDays: 0 },
];
