// The demo city `npm start` makes on the first start of an empty embedded
// database: small enough to be ready in well under a minute here (a
// synthetic city of 4 districts and 24 wards, ~40,000 people, subdivided
// down to blocks and households), then it starts instantly from disk.
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { createSeedProgress, formatSeedSummary } from './geography/seed.command.ts';
import { seedCity } from './geography/seed.service.ts';
import { resolveIdHashKey } from './runtime.ts';
import { createApiKey, createUser } from './access/access.service.ts';
import type { Role } from './access/policy.ts';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_REFERENCE_DATE } from './geography/seed.service.ts';
import { runHistory } from './simulate/history.service.ts';
import { SITE_KEYS_FILE } from './simulate/site-keys.service.ts';
import type { Aggregator } from './aggregate/aggregator.ts';

export const DEMO_CITY = { people: 40_000, seed: 'riskmap-demo', districts: 4, wardsPerDistrict: 6 };

const HAS_UNITS = `SELECT EXISTS (SELECT 1 FROM unit) AS present`;
const HAS_ROLLUPS = `SELECT EXISTS (SELECT 1 FROM unit_day_rollup) AS present`;
const FIRST_WARD = `SELECT code, name FROM unit WHERE level = 'ward' ORDER BY code LIMIT 1`;
const INSERT_DEMO_SOURCE = `INSERT INTO source (code, name, kind) VALUES ('demo-site', 'Điểm xét nghiệm mẫu (demo)', 'test_site') ON CONFLICT (code) DO NOTHING`;

/** The demo's password for every demo account: a demo on localhost, never a real deployment. */
export const DEMO_PASSWORD = 'riskmap-demo';

/** One user per role, so every view of the dashboard can be tried; returns how to sign in. */
export async function createDemoUsers(database: Database): Promise<string> {
  const [ward] = await database.withSession((s) => s.query<{ code: string; name: string }>(FIRST_WARD));
  await database.withSession((s) => s.query(INSERT_DEMO_SOURCE));
  const users: Array<{ username: string; role: Role; unitCode?: string; sourceCode?: string; note: string }> = [
    { username: 'leader', role: 'city_leader', note: 'city leader: the whole city, aggregates down to blocks' },
    { username: 'ward', role: 'ward_official', unitCode: ward?.code, note: `ward official of ${ward?.name ?? '?'} (${ward?.code ?? '?'}): households and people inside it` },
    { username: 'planner', role: 'planner', note: 'planner: aggregates and exports' },
    { username: 'admin', role: 'admin', note: 'admin: users, rule sets, capacity' },
    { username: 'site', role: 'data_source', sourceCode: 'demo-site', note: 'data source demo-site: may only ingest' },
  ];
  const lines = [`Demo accounts (password "${DEMO_PASSWORD}" for all):`];
  for (const user of users) {
    await createUser(database, { username: user.username, role: user.role, unitCode: user.unitCode ?? null, sourceCode: user.sourceCode ?? null, password: DEMO_PASSWORD });
    lines.push(`  ${user.username.padEnd(8)} ${user.note}`);
  }
  const key = await createApiKey(database, 'site', 'demo');
  lines.push(`  API key of demo-site (shown once): ${key.key}`);
  return `${lines.join('\n')}\n`;
}

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
    log(await createDemoUsers(database));
  } finally {
    progress.stop();
  }
  return true;
}

/** The demo's epidemic: the 60 days up to the reference city's September 2021 peak. */
export const DEMO_HISTORY = { days: 60, until: '2021-09-30', seed: 'riskmap-demo-epidemic' };

/**
 * Gives the demo city its history on first run, in the background while the
 * server already answers: the simulator's records go through ingest's bulk
 * path (same code as the API) day by day; with the app's aggregator each
 * committed chunk schedules a refresh (coalesced, at most one a second), so
 * rollups and tiers fill in as the days go and the live stream tells the
 * open pages. Every synthetic site gets its own API key for --live. A marker file records that it finished; an
 * interrupted run simply runs again next start (ingest is idempotent).
 */
export async function buildDemoHistoryIfMissing(config: Config, database: Database, log: (line: string) => void, aggregator?: Pick<Aggregator, 'onChunkCommitted'>): Promise<void> {
  if (config.backend !== 'embedded' || !config.demo) return;
  const marker = path.join(config.dataDir, 'demo-history.done');
  if (await fs.stat(marker).then(() => true, () => false)) return;
  log(`Building the demo epidemic (${DEMO_HISTORY.days} days to ${DEMO_HISTORY.until}) in the background; the map fills in day by day as it goes…\n`);
  const started = performance.now();
  // Say once when the map first has figures (the rollups the first refresh wrote).
  let firstFigures: number | null = null;
  const watch = setInterval(() => {
    void database.withSession((s) => s.query<{ present: boolean }>(HAS_ROLLUPS)).then(([row]) => {
      if (row?.present && firstFigures === null) {
        firstFigures = (performance.now() - started) / 1000;
        log(`Demo epidemic: the map shows its first figures after ${firstFigures.toFixed(0)} s; it keeps filling in.\n`);
      }
    }, () => {});
  }, 5_000);
  try {
    await runDemoHistory(config, database, log, marker, started, aggregator);
  } finally {
    clearInterval(watch);
  }
}

async function runDemoHistory(config: Config, database: Database, log: (line: string) => void, marker: string, started: number, aggregator?: Pick<Aggregator, 'onChunkCommitted'>): Promise<void> {
  const summary = await runHistory(database, {
    days: DEMO_HISTORY.days,
    until: DEMO_HISTORY.until,
    seed: DEMO_HISTORY.seed,
    citySeeds: [DEMO_CITY.seed],
    referenceDate: DEFAULT_REFERENCE_DATE,
    idHashKey: await resolveIdHashKey(config),
    outDir: null,
    ingest: true,
    truthDir: path.join(config.dataDir, 'simulate'),
    siteKeysFile: path.join(config.dataDir, 'simulate', SITE_KEYS_FILE),
    ...(aggregator ? { onChunkCommitted: (touched) => aggregator.onChunkCommitted(touched) } : {}),
  });
  await fs.writeFile(marker, `${JSON.stringify({ finishedAt: new Date().toISOString(), records: summary.records })}\n`);
  log(`Demo epidemic ready: ${summary.records.toLocaleString('en')} records from ${summary.sources} sites in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
}
