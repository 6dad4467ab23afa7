// `riskmap seed --people N --seed S`: prints a progress bar on a terminal and
// a summary (or JSON) at the end.
import { SingleBar, Presets } from 'cli-progress';
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openConfiguredDatabase, resolveIdHashKey } from '../runtime.ts';
import { DEFAULT_REFERENCE_DATE, seedCity, type SeedOptions, type SeedSummary } from './seed.service.ts';

export interface SeedFlags {
  people: string;
  seed: string;
  asOf: string;
  districts?: string;
  wardsPerDistrict?: string;
  json?: boolean;
}

function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, not "${raw}"`);
  return value;
}

/** A progress callback that draws a bar on stderr when it is a terminal, and does nothing otherwise. */
export function createSeedProgress(total: number): { onProgress: SeedOptions['onProgress']; stop: () => void } {
  if (!process.stderr.isTTY) return { onProgress: undefined, stop: () => {} };
  const bar = new SingleBar({ format: 'seeding |{bar}| {percentage}% · ward {wardsDone}/{wards} · {value} people · eta {eta_formatted}', stream: process.stderr }, Presets.shades_classic);
  bar.start(total, 0, { wardsDone: 0, wards: 0 });
  return {
    onProgress: ({ wardsDone, wards, people }) => bar.update(people, { wardsDone, wards }),
    stop: () => bar.stop(),
  };
}

export function formatSeedSummary(summary: SeedSummary, seconds: number): string {
  return `${summary.syntheticCity ? 'Generated a synthetic city and seeded' : 'Seeded'} ${summary.people.toLocaleString('en')} people in ${summary.households.toLocaleString('en')} households across ${summary.wards} wards, ${summary.neighbourhoods.toLocaleString('en')} residential groups and ${summary.blocks.toLocaleString('en')} blocks in ${seconds.toFixed(1)} s.\n`;
}

export async function runSeed(config: Config, flags: SeedFlags): Promise<number> {
  let people: number;
  let districts: number | undefined;
  let wardsPerDistrict: number | undefined;
  try {
    people = wholeNumber('--people', flags.people) as number;
    districts = wholeNumber('--districts', flags.districts);
    wardsPerDistrict = wholeNumber('--wards-per-district', flags.wardsPerDistrict);
  } catch (error) {
    process.stderr.write(`riskmap: ${(error as Error).message}\n`);
    return 1;
  }
  const database = await openConfiguredDatabase(config);
  const progress = flags.json ? { onProgress: undefined, stop: () => {} } : createSeedProgress(people);
  try {
    await migrate(database);
    const started = performance.now();
    const summary = await seedCity(database, {
      people,
      seed: flags.seed,
      referenceDate: flags.asOf,
      idHashKey: await resolveIdHashKey(config),
      city: { ...(districts ? { districts } : {}), ...(wardsPerDistrict ? { wardsPerDistrict } : {}) },
      onProgress: progress.onProgress,
    });
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(flags.json ? `${JSON.stringify({ ...summary, seconds })}\n` : formatSeedSummary(summary, seconds));
    return 0;
  } finally {
    progress.stop();
    await database.close();
  }
}

export const SEED_DEFAULTS = { seed: 'riskmap', asOf: DEFAULT_REFERENCE_DATE };
