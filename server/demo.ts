// The demo city `npm start` makes on the first start of an empty embedded
// database: small enough to be ready in well under a minute here (a
// synthetic city of 4 districts and 24 wards, ~40,000 people, subdivided
// down to blocks and households), then it starts instantly from disk.
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { createSeedProgress, formatSeedSummary } from './geography/seed.command.ts';
import { seedCity } from './geography/seed.service.ts';
import { resolveIdHashKey } from './runtime.ts';

export const DEMO_CITY = { people: 40_000, seed: 'riskmap-demo', districts: 4, wardsPerDistrict: 6 };

const HAS_UNITS = `SELECT EXISTS (SELECT 1 FROM unit) AS present`;

/** Seeds the demo city when this is the embedded database, the demo is on, and there are no units yet. */
export async function seedDemoIfEmpty(config: Config, database: Database, log: (line: string) => void): Promise<boolean> {
  if (config.backend !== 'embedded' || !config.demo) return false;
  const [row] = await database.withSession((s) => s.query<{ present: boolean }>(HAS_UNITS));
  if (row?.present) return false;
  log(`First start: creating the demo city in ${config.dataDir} (RISKMAP_DEMO=false to skip)…\n`);
  const progress = createSeedProgress(DEMO_CITY.people);
  const started = performance.now();
  try {
    const summary = await seedCity(database, {
      people: DEMO_CITY.people,
      seed: DEMO_CITY.seed,
      idHashKey: await resolveIdHashKey(config),
      city: { districts: DEMO_CITY.districts, wardsPerDistrict: DEMO_CITY.wardsPerDistrict },
      onProgress: progress.onProgress,
    });
    progress.stop();
    log(formatSeedSummary(summary, (performance.now() - started) / 1000));
  } finally {
    progress.stop();
  }
  return true;
}
