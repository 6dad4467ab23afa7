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
import { writeTrueHistory } from './simulate/truth-writer.service.ts';
import { SITE_KEYS_FILE } from './simulate/site-keys.service.ts';
import type { LiveBus } from './live/live-bus.ts';

export const DEMO_CITY = { people: 40_000, seed: 'riskmap-demo', districts: 4, wardsPerDistrict: 6 };

const HAS_UNITS = `SELECT EXISTS (SELECT 1 FROM unit) AS present`;
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

/**
 * The demo's epidemic: the 60 days up to the reference city's September 2021 peak, written set-based
 * (server/simulate/truth-writer.service.ts): the last 15 days first, COPY and one full rebuild of rollups and
 * tiers (today's map), then the 45 days before and one more rebuild (issue #18 point 8: through ingest, file by file, it took 30+ minutes
 * on a busy machine; bench/demo.ts times it).
 */
export const DEMO_HISTORY = { days: 60, until: '2021-09-30', seed: 'riskmap-demo-epidemic', recentDays: 15 };

/**
 * Gives the demo city its history on first run, in the background while the
 * server already answers: the simulator's true tests, doses and cases (the
 * same city and epidemic `riskmap simulate` makes) go straight into the event
 * tables, the last 15 days first: the rollups and tiers are rebuilt and the
 * live stream tells the open pages (today's map is up), then the days before
 * them and another rebuild (the history behind it). The sites' dirty files and their linkage are
 * `riskmap simulate`'s path, not the demo's. Every synthetic site gets its own
 * API key for --live. A marker file records that it finished; an interrupted
 * run starts again from nothing on the next start (what it wrote is deleted first).
 */
export async function buildDemoHistoryIfMissing(config: Config, database: Database, log: (line: string) => void, live?: LiveBus | null): Promise<void> {
  if (config.backend !== 'embedded' || !config.demo) return;
  const marker = path.join(config.dataDir, 'demo-history.done');
  if (await fs.stat(marker).then(() => true, () => false)) return;
  log(`Building the demo epidemic (${DEMO_HISTORY.days} days to ${DEMO_HISTORY.until}) in the background; today's map first, then the days behind it…\n`);
  const started = performance.now();
  // An interrupted build left some windows: start the events again from nothing (the people rows stay out of the way).
  await database.withSession((s) => s.exec(CLEAR_PARTIAL_HISTORY));
  const summary = await writeTrueHistory(database, {
    days: DEMO_HISTORY.days, until: DEMO_HISTORY.until, seed: DEMO_HISTORY.seed, citySeeds: [DEMO_CITY.seed], referenceDate: DEFAULT_REFERENCE_DATE,
    idHashKey: await resolveIdHashKey(config), truthDir: path.join(config.dataDir, 'simulate'), recentDays: DEMO_HISTORY.recentDays,
    siteKeysFile: path.join(config.dataDir, 'simulate', SITE_KEYS_FILE), live: live ?? null,
    onWindow: ({ from, through, done, windows }) => log(`Demo epidemic: the map shows ${from} to ${through} (${done}/${windows}) after ${((performance.now() - started) / 1000).toFixed(0)} s.\n`),
  });
  await fs.writeFile(marker, `${JSON.stringify({ finishedAt: new Date().toISOString(), tests: summary.tests, doses: summary.doses, cases: summary.cases })}\n`);
  log(`Demo epidemic ready: ${summary.tests.toLocaleString('en')} tests, ${summary.doses.toLocaleString('en')} doses, ${summary.cases.toLocaleString('en')} cases for ${summary.people.toLocaleString('en')} residents in ${((performance.now() - started) / 1000).toFixed(0)} s.\n`);
}

// What a half-built history left: its events and the rollups made from them (the demo database has nothing else yet).
const CLEAR_PARTIAL_HISTORY = `
DELETE FROM covid_case WHERE origin = 'reported' AND EXISTS (SELECT 1 FROM source WHERE code = 'demo-history');
DELETE FROM test_result WHERE source_id IN (SELECT id FROM source WHERE code = 'demo-history');
DELETE FROM vaccination WHERE source_id IN (SELECT id FROM source WHERE code = 'demo-history');
DELETE FROM person p WHERE p.household_id IS NULL AND p.residence_unit_id IS NOT NULL AND EXISTS (SELECT 1 FROM source WHERE code = 'demo-history')
  AND NOT EXISTS (SELECT 1 FROM test_result t WHERE t.person_id = p.id) AND NOT EXISTS (SELECT 1 FROM vaccination v WHERE v.person_id = p.id)`;
