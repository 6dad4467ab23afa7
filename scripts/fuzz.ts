// The long route fuzz (issue #15): the same fuzzer as tests/server/fuzz, many
// more cases, on a fresh embedded database (or DATABASE_URL's server, where it
// makes its own database riskmap_fuzz_<random> and drops it after).
//   npx tsx scripts/fuzz.ts --runs 200 [--seed 42]
// Prints each failure (a 5xx, or /api/health not answering) and exits 1 if any.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp } from '../server/app.ts';
import { readConfig } from '../server/config.ts';
import { openDatabase, type Database } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { seedCity } from '../server/geography/seed.service.ts';
import { fuzzRoutes, routesToFuzz, signInEveryRole } from '../tests/server/fuzz/route-fuzz.ts';

const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const runs = argument('runs', 100);
const seed = argument('seed', Date.now() % 2 ** 31);
const serverUrl = process.env.DATABASE_URL?.trim() || null;

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl! });
  await client.connect();
  try { await client.query(sql); } finally { await client.end(); }
}

let database: Database;
let dropName: string | null = null;
let url: string | null = null;
if (serverUrl) {
  dropName = `riskmap_fuzz_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${dropName}`);
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${dropName}`;
  url = parsed.toString();
  database = await openDatabase({ backend: 'postgres', databaseUrl: url, poolSize: 4 });
} else {
  database = await openDatabase({ backend: 'embedded', embeddedDir: 'memory://' });
}
try {
  await migrate(database);
  await seedCity(database, { people: 300, seed: 'fuzz', idHashKey: 'x'.repeat(40) });
  const config = readConfig({ LOG_LEVEL: 'silent', RISKMAP_ID_HASH_KEY: 'fuzz-key-fuzz-key-fuzz-key-fuzz-key-0000', RISKMAP_RATE_LIMIT: '1000000', ...(url ? { DATABASE_URL: url } : {}) });
  const app = await buildApp({ config, database });
  await app.ready();
  const callers = await signInEveryRole(app, database);
  const routes = routesToFuzz(app);
  console.log(`fuzzing ${routes.length} routes × ${runs} cases (seed ${seed}) on the ${database.backend} backend`);
  let cases = 0;
  const started = Date.now();
  const failures = await fuzzRoutes(app, callers, { runs, seed, onCase: () => { cases += 1; } });
  console.log(`${cases} cases in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures.length} failures`);
  for (const failure of failures) console.log(`  ${failure.status} (health ${failure.healthStatus}) ${failure.case}\n    ${failure.body}`);
  await app.close();
  process.exitCode = failures.length > 0 ? 1 : 0;
} finally {
  await database.close();
  if (dropName) await adminQuery(`DROP DATABASE IF EXISTS ${dropName} WITH (FORCE)`);
}
