/**
 * Data problems a unit's figures show, named with their cause so that a
 * coverage above 100% is never shown without a word. Pure.
 */
import type { AgeBandCounts, VaccinationCounts } from './indicators.ts';

/** One problem: a code, the indicator it spoils, and the figures behind it. */
export interface DataProblem {
  /** `coverage_above_100`: more people vaccinated in the band than its population (the denominator is below the vaccinated count). */
  code: 'coverage_above_100';
  /** Indicator id as in the catalog (e.g. `coverage1Dose18`). */
  indicator: string;
  /** The count on top (people vaccinated); a string once suppressed for the caller. */
  numerator: number | string;
  /** The population it is divided by; null when unknown. */
  denominator: number | null;
}

const BANDS: ReadonlyArray<{ indicator: string; status: keyof VaccinationCounts; band: keyof AgeBandCounts }> = [
  { indicator: 'coverage1DoseTotal', status: 'atLeastOneDose', band: 'total' },
  { indicator: 'coverage1Dose18', status: 'atLeastOneDose', band: 'age18Plus' },
  { indicator: 'fullCoverageTotal', status: 'fullyVaccinated', band: 'total' },
  { indicator: 'fullCoverage18', status: 'fullyVaccinated', band: 'age18Plus' },
  { indicator: 'fullCoverage50', status: 'fullyVaccinated', band: 'age50Plus' },
  { indicator: 'fullCoverage65', status: 'fullyVaccinated', band: 'age65Plus' },
  { indicator: 'boosterCoverage18', status: 'booster', band: 'age18Plus' },
];

/**
 * Coverages above 100%: every band where the people vaccinated exceed a known
 * population (denominator). A zero population with people vaccinated counts
 * too. Unknown populations (null) give no problem: the coverage is not shown.
 */
export function findCoverageProblems(vaccinated: VaccinationCounts | null, population: AgeBandCounts): DataProblem[] {
  if (vaccinated === null) return [];
  const out: DataProblem[] = [];
  for (const { indicator, status, band } of BANDS) {
    const people = vaccinated[status][band];
    const denominator = population[band];
    if (people === null || denominator === null || !(people > denominator)) continue;
    out.push({ code: 'coverage_above_100', indicator, numerator: people, denominator });
  }
  return out;
}
