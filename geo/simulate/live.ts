/**
 * New records for the live feed: events "now" for people drawn from the
 * city, positives concentrated in a few hot residential groups so the map
 * visibly moves. Each call is a pure function of its arguments; callers give
 * every tick its own `tick` number so record ids never repeat.
 */
import { createRandom } from '../random.ts';
import type { TrueEvent } from './events.ts';
import type { SimulationParameters } from './parameters.ts';
import type { SimPopulation } from './population.ts';
import { buildSubmissions, type Submission } from './records.ts';
import type { SyntheticSource } from './sources.ts';

/** One live tick: its date, size and random stream. */
export interface LiveOptions {
  /** Day index (days after params.startDate) the records are dated. */
  day: number;
  /** Records wanted (before duplicates and repeated files). */
  count: number;
  /** Tick number: part of the record ids and of the random stream. */
  tick: number;
  seed: string;
  /** Share of records that are tests (the rest are doses). Default 0.75. */
  testShare?: number;
  /** Sources this tick sends through (indexes): events go to the one of the right record kind. Default: every source. */
  sourceIndexes?: readonly number[];
}

/** Groups that are hot in the live feed: every 7th group, shifted by the seed's first draw. */
function isLiveHotGroup(group: number, offset: number): boolean {
  return group >= 0 && (group + offset) % 7 === 0;
}

/** One tick of live records, grouped into submissions per source (as the history is). */
export function generateLiveSubmissions(population: SimPopulation, sources: readonly SyntheticSource[], params: SimulationParameters, options: LiveOptions): Submission[] {
  const rng = createRandom(`live/${options.seed}/${options.tick}`);
  const offset = createRandom(`live/${options.seed}`).int(0, 6);
  const testShare = options.testShare ?? 0.75;
  const events: TrueEvent[] = [];
  const n = population.people.length;
  for (let i = 0; i < options.count && n > 0; i++) {
    const person = rng.int(0, n - 1);
    const group = population.households[population.people[person]!.household]!.group;
    const minute = rng.int(6 * 60, 20 * 60);
    if (rng.next() < testShare) {
      const pcr = rng.next() < 0.5;
      const positive = rng.next() < (isLiveHotGroup(group, offset) ? 0.15 : 0.01);
      events.push({
        kind: 'test', person, sampleDay: options.day, sampleMinute: Math.max(0, minute - 60), resultDay: options.day, resultMinute: minute,
        method: pcr ? 'pcr' : 'antigen', pooled: false, sampleId: pcr ? `L${options.tick}-${i}` : null, result: positive ? 'positive' : 'negative',
        setting: rng.pick(['symptomatic', 'sweep', 'business'] as const), classification: 'community',
      });
    } else {
      const use = params.vaccination.vaccines[rng.weighted(params.vaccination.vaccines.map((v) => v.share))]!;
      events.push({ kind: 'vaccination', person, day: options.day, minute, dose: rng.int(1, 2), brand: use.brand, lotNumber: `${use.brand.slice(0, 2)}${rng.int(1000, 9999)}`, setting: rng.next() < 0.2 ? 'mobile' : 'fixed' });
    }
  }
  const allowed = options.sourceIndexes;
  const reassign = allowed === undefined ? undefined : (assigned: number, event: TrueEvent): number => {
    const kind = event.kind === 'test' ? 'tests' : 'vaccinations';
    if (allowed.includes(assigned)) return assigned;
    const same = allowed.filter((i) => sources[i]?.records === kind);
    return same.length > 0 ? same[event.person % same.length]! : assigned;
  };
  return buildSubmissions(population, sources, events, params, `${options.seed}/live/${options.tick}`, options.day, `L${options.tick}-`, reassign);
}
