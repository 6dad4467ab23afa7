/**
 * Every knob of the simulator in one place, with its unit, default and why.
 * See README.md beside this file for sources. Marks: [src] taken from
 * published material, [cfg] a documented guess to be corrected by anyone who
 * knows better (shipped as a default, never hard-coded elsewhere).
 *
 * Dates are ISO `YYYY-MM-DD`; day 0 of a run is `startDate`. Rates are per
 * day; shares are in [0, 1]; `…Days` are whole days.
 */

/** One testing sweep: every ward (or the listed ones) tested on a rolling schedule. */
export interface TestingSweep {
  /** First and last day of the sweep (inclusive). */
  from: string;
  to: string;
  /** A ward is swept once every this many days; wards are staggered over the interval. */
  intervalDays: number;
  /** 'pcr-pooled': RT-PCR in pools of poolSize (mẫu gộp); 'antigen': rapid antigen, one per person. */
  method: 'pcr-pooled' | 'antigen';
  /** Share of residents tested in each pass (0–1). */
  coverage: number;
  /** Ward codes, or 'all'. */
  wards: 'all' | readonly string[];
}

/** A period of social-distancing rules: contact rates outside the household are multiplied by `contactMultiplier` from `from` on. */
export interface ContactPhase {
  from: string;
  contactMultiplier: number;
  /** What the city decided (for the reader). */
  note: string;
}

/** A vaccine used by the campaign. */
export interface VaccineUse {
  /** Brand code as geo/normalise/vaccines.ts names it: AZ, PFIZER, MODERNA, SINOPHARM, SPUTNIK, ABDALA, HAYAT. */
  brand: string;
  /** Share of first doses given with this vaccine (shares sum to 1). */
  share: number;
  /** Days from dose n to dose n+1, as [min, max] drawn uniformly; one entry per later dose (Abdala has 2). */
  doseIntervalsDays: ReadonlyArray<readonly [number, number]>;
  /** Names sites write for it (one is picked per source). */
  labels: readonly string[];
}

/** All parameters of a run (defaults in DEFAULT_PARAMETERS). */
export interface SimulationParameters {
  /** First simulated day (inclusive). */
  startDate: string;
  /** Last simulated day (inclusive): `--until`. */
  endDate: string;
  epidemic: {
    /** Share of people already infected (exposed) on day 0, placed in hot spots first. [cfg] */
    initialInfectedShare: number;
    /**
     * Share of residential groups that are a hot spot (a market, a dense
     * alley, a dormitory) on any one day. Each group becomes one at most once
     * per run, with probability hotSpotActiveShare × (run days + hotSpotDays
     * − 1) / hotSpotDays, start days uniform — so the share on a day does not
     * depend on the run's length. [cfg]
     */
    hotSpotActiveShare: number;
    /** Days a hot spot lasts. [cfg] */
    hotSpotDays: number;
    /** Transmission multiplier inside hot-spot groups. [cfg] */
    hotSpotMultiplier: number;
    /** Daily infection hazard from one infectious household member (divided by members − 1). [cfg] */
    householdRatePerDay: number;
    /** Daily hazard from the infectious share of one's block, group, ward and the city. [cfg] */
    blockRatePerDay: number;
    groupRatePerDay: number;
    wardRatePerDay: number;
    cityRatePerDay: number;
    /** Days from infection to infectiousness, [min, max]. [src: ~3 days for Delta] */
    latentDays: readonly [number, number];
    /** Days infectious, [min, max]. [cfg] */
    infectiousDays: readonly [number, number];
    /** Share of infections with symptoms (the rest are found only by screening). [cfg] */
    symptomaticShare: number;
    /**
     * Daily infection hazard from outside the simulated city — the rest of Ho
     * Chi Minh City, where residents shop, work and queue — by date, linear
     * between the points and flat beyond the ends. Scaled like the other
     * outside-household terms (contact phase, hot spot, blockade,
     * susceptibility). A test city of 40,000 is a sample of a city of 9
     * million: most of its infections come from outside it, and this curve
     * gives a run the same epidemic date by date whatever its start.
     * [cfg: shaped after HCMC's reported daily cases, July–September 2021 —
     * low in early July, rising through July and August — then held about
     * flat through September (the city's counts fell in late September; flat
     * keeps the last two weeks near the 21 September shape). Scaled so the
     * September 2021 shape and a 4–6% confirmed attack rate come out
     * (README.md, "Calibration"); not an official series]
     */
    outsideHazard: ReadonlyArray<{ date: string; perDay: number }>;
    /** People arriving infected (returning residents, travellers) per 100,000 per day; quarantined on arrival. [cfg] */
    importedPer100kPerDay: number;
    /** Social-distancing phases; before the first phase the multiplier is 1. [src: HCMC directives 2021] */
    contactPhases: readonly ContactPhase[];
    /** Susceptibility left 14+ days after dose 1 and after the last primary dose. [cfg] */
    susceptibilityAfterDose1: number;
    susceptibilityFullyVaccinated: number;
    /**
     * Blockade of a residential group (phong tỏa) when a new case household is
     * confirmed in it: for `days` days from the confirmation its residents'
     * transmission outside their household — catching it and passing it on,
     * at every level (block, group, ward, city) — is multiplied by
     * `contactMultiplier`; a new case household during a blockade extends it.
     * [src: HCMC blockaded the alley or group of a new case for 14 days in
     * July–September 2021 and Plan 2716 keys its colours to the same
     * 14 days; the multiplier is cfg]. It makes an unrelated second case
     * household less likely soon after one, keeping many groups at exactly
     * one (vàng) — see README.md, "Calibration".
     */
    groupBlockade: { days: number; contactMultiplier: number };
  };
  testing: {
    /** Share of symptomatic infections that get tested, and days from symptoms to the sample [min, max]. [cfg] */
    symptomaticTestedShare: number;
    symptomToTestDays: readonly [number, number];
    /** Share of symptomatic people tested with a rapid antigen test first (a positive is confirmed by PCR). [cfg] */
    symptomaticAntigenShare: number;
    /** Share of a confirmed case's household sent to a quarantine facility (else isolated at home). [src: HCMC F1 policy, July 2021] */
    facilityQuarantineShare: number;
    /** Days in a quarantine facility (tested on arrival, day 7 and day 13). [src] */
    facilityQuarantineDays: number;
    /** Residents working somewhere that screens staff: share of people aged 18–60. [cfg] */
    businessWorkerShare: number;
    /** Days between staff screenings (rapid antigen). [src: "3 tại chỗ" firms tested every 7 days] */
    businessTestIntervalDays: number;
    /** Samples per pool for pooled RT-PCR, [min, max]. [src: 5–10, MoH guidance] */
    poolSize: readonly [number, number];
    /** Sensitivity while infectious, and probability of a positive with no infection. [cfg] */
    pcrSensitivity: number;
    antigenSensitivity: number;
    pcrFalsePositiveRate: number;
    antigenFalsePositiveRate: number;
    /** Days after infectiousness ends during which PCR still detects RNA. [cfg] */
    pcrTailDays: number;
    /** Days from sample to result for RT-PCR, [min, max]; antigen results come the same hour. [src: within 24 h; 3 h from 10 Jul 2021] */
    pcrResultDelayDays: readonly [number, number];
    sweeps: readonly TestingSweep[];
  };
  residents: {
    /**
     * Share of the city's residents outside the household register (migrant
     * workers in rented rooms): they live, catch the virus, are tested and
     * vaccinated like everyone, but the register riskmap is seeded with does
     * not hold them and sites record them with name, birth date, phone and
     * address only (no ID number). Added on top of the seeded people, so the
     * register holds 1 − share of the city. [cfg: in 2021 a large share of
     * HCMC's ~9 million residents were migrants without permanent
     * registration (issue 14); 15% is a documented guess]
     */
    unregisteredShare: number;
  };
  vaccination: {
    /** First day doses are given. */
    from: string;
    /** Share of residents 18+ who get a first dose by the end date (0–1; more than 1 would be more doses than people). [src: HCMC ~97% by end of Sep 2021] */
    firstDoseShare18plus: number;
    /** Share of 12–17 year olds with a first dose by the end date (HCMC started them in late October 2021: 0). [src] */
    firstDoseShare12to17: number;
    /** Share of second doses given on time (the rest are late by up to 14 days). [cfg] */
    onTimeShare: number;
    /** Share of doses for people 65+ given by mobile teams at home. [cfg] */
    mobileTeamShare65plus: number;
    vaccines: readonly VaccineUse[];
  };
}

/** Defaults shaped after Ho Chi Minh City, July–September 2021 (README.md lists the sources). */
export const DEFAULT_PARAMETERS: SimulationParameters = {
  startDate: '2021-07-03',
  endDate: '2021-09-30',
  epidemic: {
    initialInfectedShare: 0.001,
    hotSpotActiveShare: 0.12,
    hotSpotDays: 28,
    hotSpotMultiplier: 16,
    householdRatePerDay: 0.05,
    blockRatePerDay: 0.005,
    groupRatePerDay: 0.005,
    wardRatePerDay: 0.03,
    cityRatePerDay: 0.07,
    latentDays: [2, 4],
    infectiousDays: [6, 9],
    symptomaticShare: 0.55,
    outsideHazard: [
      { date: '2021-07-01', perDay: 0.0001 },
      { date: '2021-08-01', perDay: 0.0004 },
      { date: '2021-08-31', perDay: 0.0008 },
      { date: '2021-09-30', perDay: 0.0009 },
    ],
    importedPer100kPerDay: 0.3,
    contactPhases: [
      { from: '2021-07-09', contactMultiplier: 0.8, note: 'Directive 16 city-wide social distancing (9 Jul 2021)' },
      { from: '2021-07-26', contactMultiplier: 0.75, note: 'curfew 18:00–06:00 (26 Jul 2021)' },
      { from: '2021-08-23', contactMultiplier: 0.7, note: '"stay where you are", army-supplied food (23 Aug 2021)' },
      { from: '2021-09-16', contactMultiplier: 0.8, note: 'green zones reopen some services (15–16 Sep 2021)' },
    ],
    susceptibilityAfterDose1: 0.85,
    susceptibilityFullyVaccinated: 0.6,
    groupBlockade: { days: 14, contactMultiplier: 0.1 },
  },
  testing: {
    symptomaticTestedShare: 0.8,
    symptomToTestDays: [0, 3],
    symptomaticAntigenShare: 0.5,
    facilityQuarantineShare: 0.3,
    facilityQuarantineDays: 14,
    businessWorkerShare: 0.12,
    businessTestIntervalDays: 7,
    poolSize: [5, 10],
    pcrSensitivity: 0.95,
    antigenSensitivity: 0.75,
    pcrFalsePositiveRate: 0.0005,
    antigenFalsePositiveRate: 0.003,
    pcrTailDays: 7,
    pcrResultDelayDays: [0, 1],
    sweeps: [
      { from: '2021-07-10', to: '2021-08-22', intervalDays: 14, method: 'pcr-pooled', coverage: 0.35, wards: 'all' },
      { from: '2021-08-23', to: '2021-09-15', intervalDays: 7, method: 'antigen', coverage: 0.55, wards: 'all' },
      { from: '2021-09-16', to: '2021-09-30', intervalDays: 7, method: 'pcr-pooled', coverage: 0.3, wards: 'all' },
    ],
  },
  residents: { unregisteredShare: 0.15 },
  vaccination: {
    from: '2021-07-03',
    firstDoseShare18plus: 0.95,
    firstDoseShare12to17: 0,
    onTimeShare: 0.8,
    mobileTeamShare65plus: 0.4,
    vaccines: [
      { brand: 'AZ', share: 0.44, doseIntervalsDays: [[56, 84]], labels: ['AstraZeneca', 'AZ', 'Astra', 'Vaxzevria', 'COVID-19 Vaccine AstraZeneca'] },
      { brand: 'SINOPHARM', share: 0.3, doseIntervalsDays: [[21, 28]], labels: ['Vero Cell', 'Verocell', 'Sinopharm', 'Vắc xin Vero Cell'] },
      { brand: 'PFIZER', share: 0.11, doseIntervalsDays: [[21, 21]], labels: ['Pfizer', 'Pfizer-BioNTech', 'Comirnaty'] },
      { brand: 'MODERNA', share: 0.09, doseIntervalsDays: [[28, 28]], labels: ['Moderna', 'Spikevax'] },
      { brand: 'SPUTNIK', share: 0.02, doseIntervalsDays: [[21, 21]], labels: ['Sputnik V', 'Gam-COVID-Vac'] },
      { brand: 'ABDALA', share: 0.02, doseIntervalsDays: [[14, 14], [14, 14]], labels: ['Abdala', 'ABDALA'] },
      { brand: 'HAYAT', share: 0.02, doseIntervalsDays: [[21, 28]], labels: ['Hayat-Vax', 'Hayat Vax'] },
    ],
  },
};

/** A parameter out of range. `parameter` is its path, e.g. `epidemic.householdRatePerDay`. */
export class SimulationParameterError extends RangeError {
  constructor(readonly parameter: string, detail: string) {
    super(`parameter ${parameter} ${detail}`);
    this.name = 'SimulationParameterError';
  }
}

/** Deep-merges overrides into the defaults (arrays and tuples are replaced, not merged). */
export function mergeParameters(overrides: DeepPartial<SimulationParameters> = {}, base: SimulationParameters = DEFAULT_PARAMETERS): SimulationParameters {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return a;
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return b;
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = merge(out[k], v);
    return out;
  };
  return merge(base, overrides) as SimulationParameters;
}

/** Partial at every depth (tuples and arrays stay whole). */
export type DeepPartial<T> = T extends ReadonlyArray<unknown> ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
