// The embedded demo's first start, timed (issue #18 point 8: ≤ 3 minutes for
// the 60-day history on this machine).
//
//   nice -n 10 npx tsx bench/demo.ts            # a fresh PGlite data folder in /tmp
//   RISKMAP_INGEST_SPANS=1 nice -n 10 npx tsx bench/demo.ts   # + where the time goes
//
// Runs exactly what `riskmap serve` runs on a fresh data folder: migrations,
// the demo city's seed (seedDemoIfEmpty), then the demo history
// (buildDemoHistoryIfMissing: set-based, a window of days at a time, each
// window followed by a full rebuild of rollups and tiers), and says when the
// map first had figures and when it was complete. Prints each phase's wall
// time (with RISKMAP_INGEST_SPANS=1 also the history's own phases), the
// records, the rollup rows and peak memory; the machine's load average before
// and after. No network, no server.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readConfig } from '../server/config.ts';
import { buildDemoHistoryIfMissing, seedDemoIfEmpty } from '../server/demo.ts';
import { migrate } from '../server/db/migrate.ts';
import { openConfiguredDatabase } from '../server/runtime.ts';

const keep = process.argv.includes('--keep');
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'riskmap-bench-demo-'));
const config = { ...readConfig({ ...process.env, DATABASE_URL: '', RISKMAP_DATA_DIR: dataDir, RISKMAP_DEMO: 'true' }), backend: 'embedded' as const };

let peakRss = 0;
const sampler = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 250);
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const out = (line: string) => process.stdout.write(line);
const t0 = performance.now();
const secs = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

out(`bench/demo: data folder ${dataDir}; load average ${load()} (${os.cpus().length} cores)\n`);
const database = await openConfiguredDatabase(config);
await migrate(database);
out(`open + migrate: ${secs(t0)} s\n`);
const t1 = performance.now();
await seedDemoIfEmpty(config, database, () => {});
out(`seed (demo city): ${secs(t1)} s\n`);
const t2 = performance.now();
let firstFigures: string | null = null;
await buildDemoHistoryIfMissing(config, database, (line) => {
  if (firstFigures === null && line.includes('the map shows')) firstFigures = secs(t2);
  out(`  | ${line}`);
});
const history = secs(t2);
const [counts] = await database.withSession((s) => s.query<Record<string, number>>(`SELECT
  (SELECT count(*) FROM test_result)::int AS tests, (SELECT count(*) FROM vaccination)::int AS doses,
  (SELECT count(*) FROM covid_case)::int AS cases, (SELECT count(*) FROM unit_day_rollup)::int AS rollup_rows,
  (SELECT count(*) FROM unit_tier)::int AS tier_runs`));
await database.close();
clearInterval(sampler);
out(`history: map complete after ${history} s; first figures (first window) after ${firstFigures ?? '—'} s\n`);
out(`rows: ${JSON.stringify(counts)}\n`);
out(`total first start: ${secs(t0)} s; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB; load average now ${load()}\n`);
out(`target (#18 pt 8): history ≤ 180 s\n`);
if (!keep) await fs.rm(dataDir, { recursive: true, force: true });
