/**
 * The simulator (issue 6): an outbreak, testing and vaccination over a
 * seeded city, and the dirty records dozens of synthetic sites send about
 * it, with the ground truth beside every record. See README.md.
 */
import { createRandom } from '../random.ts';
import { daysBetween } from './calendar.ts';
import { simulateHistory, type SimulatedHistory } from './history.ts';
import type { SimulationParameters } from './parameters.ts';
import type { SimPopulation } from './population.ts';
import { buildSubmissions, type Submission } from './records.ts';
import { createSources, type SyntheticSource } from './sources.ts';

export * from './calendar.ts';
export * from './events.ts';
export * from './parameters.ts';
export { validateParameters } from './validate-parameters.ts';
export * from './population.ts';
export * from './plan-2716.ts';
export * from './records.ts';
export * from './sources.ts';
export * from './render.ts';
export * from './fhir.ts';
export * from './dirt.ts';
export * from './unregistered.ts';
export * from './truth-summary.ts';
export { simulateHistory, type SimulatedHistory } from './history.ts';
export { generateLiveSubmissions, type LiveOptions } from './live.ts';

/** A whole run: the history, the sites and what they sent. */
export interface SimulatedCity {
  history: SimulatedHistory;
  sources: SyntheticSource[];
  submissions: Submission[];
}

/** History, sources and every submission for a population: the whole run, pure and deterministic for (population, params, seed). */
export function simulateCity(population: SimPopulation, params: SimulationParameters, seed: string): SimulatedCity {
  const history = simulateHistory(population, params, seed);
  const sources = createSources(population, createRandom(`sources/${seed}`));
  const lastDay = daysBetween(params.startDate, params.endDate);
  const submissions = buildSubmissions(population, sources, history.events, params, seed, lastDay);
  return { history, sources, submissions };
}
