// The `riskmap` command. Each sub-command reads the configuration once from
// the environment (the only place process.env is read) and reports failures
// as plain messages with a non-zero exit code.
import { Command } from 'commander';
import { CONFIG_KEYS, readConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { serve } from './main.ts';
import { exitWithError, openConfiguredDatabase } from './runtime.ts';
import { runImportBoundaries } from './geography/boundaries.command.ts';
import { runAggregate } from './aggregate/aggregate.command.ts';
import { runAddRuleSet } from './risk/rule-set.command.ts';
import { runSeed, SEED_DEFAULTS } from './geography/seed.command.ts';
import { runUserAdd, runUserKey } from './access/user.command.ts';
import { runImport } from './ingest/import.command.ts';
import { runSimulate, SIMULATE_DEFAULTS } from './simulate/simulate.command.ts';
import { runPushCommand } from './national/push.command.ts';
import { runSourceAdd } from './admin/source.command.ts';
import { SOURCE_KINDS } from './admin/sources.service.ts';

const program = new Command('riskmap').description("A city's epidemic risk map, down to the household.").showHelpAfterError();

program
  .command('serve')
  .description('migrate the database, then serve the dashboard and API (PORT, default 8080)')
  .action(async () => {
    await serve(readConfig(process.env));
  });

program
  .command('migrate')
  .description('apply the schema migrations to the configured database (DATABASE_URL, else the embedded one)')
  .option('--json', 'print a machine-readable summary')
  .action(async (options: { json?: boolean }) => {
    const config = readConfig(process.env);
    const database = await openConfiguredDatabase(config);
    try {
      const status = await migrate(database);
      if (options.json) process.stdout.write(`${JSON.stringify({ backend: database.backend, ...status })}\n`);
      else if (status.applied.length === 0) process.stdout.write(`Nothing to do: the ${database.backend} database is at migration ${status.current?.version ?? 0}.\n`);
      else process.stdout.write(`Applied ${status.applied.join(', ')} to the ${database.backend} database.\n`);
    } finally {
      await database.close();
    }
  });

program
  .command('import-boundaries')
  .argument('<file>', 'GeoJSON FeatureCollection of Polygon/MultiPolygon units in EPSG:4326')
  .description('load units of one level, upserted by code (districts first, then wards with their district codes as parents)')
  .requiredOption('--level <level>', 'district | ward | neighbourhood | block')
  .option('--code-field <name>', 'property holding the unit code', 'code')
  .option('--name-field <name>', 'property holding the unit name', 'name')
  .option('--parent-field <name>', 'property holding the parent unit code', 'parent_code')
  .option('--population-field <name>', 'property holding the population', 'population')
  .option('--city-code <code>', 'code of the city the districts belong to (created if missing)', 'CITY')
  .option('--city-name <name>', 'name of that city', 'Thành phố')
  .option('--json', 'print a machine-readable summary')
  .action(async (file: string, options) => {
    process.exitCode = await runImportBoundaries(readConfig(process.env), file, options);
  });

program
  .command('seed')
  .description('place households and people in the units present (generating a synthetic city when there are none), subdividing wards into residential groups and blocks')
  .requiredOption('--people <n>', 'number of people to generate')
  .option('--seed <text>', 'the same seed gives the same city, byte for byte', SEED_DEFAULTS.seed)
  .option('--as-of <date>', 'ages are counted at this date', SEED_DEFAULTS.asOf)
  .option('--districts <n>', 'districts of a generated city (default scales with --people)')
  .option('--wards-per-district <n>', 'wards per district of a generated city')
  .option('--json', 'print a machine-readable summary')
  .action(async (options) => {
    process.exitCode = await runSeed(readConfig(process.env), options);
  });

program
  .command('aggregate')
  .description('refresh rollups and tiers of the units ingest marked dirty; --full rebuilds everything from the event tables')
  .option('--full', 'rebuild milestones, rollups and tiers from scratch')
  .option('--json', 'print a machine-readable summary')
  .action(async (options: { full?: boolean; json?: boolean }) => {
    process.exitCode = await runAggregate(readConfig(process.env), options);
  });

const ruleSet = program.command('rule-set').description('rule sets for risk tiers');
ruleSet
  .command('add')
  .argument('<file>', 'rule-set JSON document (see geo/risk/README.md)')
  .description('validate and store a rule set (replacing one with the same id), then regrade every unit')
  .action(async (file: string) => {
    process.exitCode = await runAddRuleSet(readConfig(process.env), file);
  });

const user = program.command('user').description('accounts and API keys');
user
  .command('add')
  .description('create a user (a password is generated and shown once unless --password is given; a data source gets an API key)')
  .requiredOption('--username <name>', 'sign-in name')
  .requiredOption('--role <role>', 'city_leader | ward_official | planner | data_source | admin')
  .option('--unit <code>', "a ward official's ward or district code")
  .option('--source <code>', "a data source's site code")
  .option('--password <password>', 'set this password (at least 10 characters)')
  .action(async (options) => {
    process.exitCode = await runUserAdd(readConfig(process.env), options);
  });
user
  .command('key')
  .description('create an API key for a user (shown once)')
  .requiredOption('--username <name>', 'the user')
  .option('--label <text>', 'what the key is for')
  .action(async (options) => {
    process.exitCode = await runUserKey(readConfig(process.env), options);
  });

// data sources (issue 17)
const source = program.command('source').description('data sources (sites) that send records');
source
  .command('add')
  .description('register a site (the API: POST /api/admin/sources)')
  .requiredOption('--code <code>', 'the source code sites send as')
  .option('--name <name>', 'display name (default: the code)')
  .requiredOption('--kind <kind>', SOURCE_KINDS.join(' | '))
  .option('--district <code>', 'the district the site serves')
  .option('--require-id', 'reject rows without a valid ID number (instead of a warning)')
  .option('--json', 'print a machine-readable summary')
  .action(async (options) => {
    process.exitCode = await runSourceAdd(readConfig(process.env), options);
  });

program
  .command('config')
  .description('list every setting with its default, and check the current environment')
  .action(() => {
    for (const item of CONFIG_KEYS) process.stdout.write(`${item.key.padEnd(28)} default ${item.default}\n${' '.repeat(28)} ${item.why}\n`);
    readConfig(process.env);
    process.stdout.write('\nThe current environment is valid.\n');
  });

program
  .command('import')
  .argument('<file>', 'CSV or XLSX export of a test or vaccination site')
  .description('ingest a file through the pipeline (a re-run of an interrupted import resumes it); progress on stderr')
  .requiredOption('--source <code>', 'source code (created on first use)')
  .requiredOption('--kind <kind>', 'tests | vaccinations')
  .option('--source-kind <kind>', 'kind of a new source (test_site, hospital, vaccination_site, …)')
  .option('--chunk-rows <n>', 'rows per all-or-nothing chunk', '5000')
  .option('--dry-run', 'show the column mapping, the first rows normalised and the rejects; write nothing')
  .option('--json', 'print a machine-readable summary')
  .action(async (file: string, options) => {
    process.exitCode = await runImport(readConfig(process.env), file, options);
  });

program
  .command('simulate')
  .description('an epidemic and vaccination history over the seeded people, sent by dozens of synthetic sites through ingest (--live: a feed over HTTP; --report: compare with the ground truth)')
  .option('--days <n>', 'days of history', SIMULATE_DEFAULTS.days)
  .option('--until <date>', 'last day of the history (and the date of --live records)', SIMULATE_DEFAULTS.until)
  .option('--seed <text>', 'the same seed gives the same history', SIMULATE_DEFAULTS.seed)
  .option('--city-seed <text>', 'the seed riskmap seed used (tried with the defaults)')
  .option('--as-of <date>', 'the --as-of riskmap seed used', SIMULATE_DEFAULTS.asOf)
  .option('--out <dir>', 'also write every dirty file and the ground truth here')
  .option('--no-ingest', 'do not send the history through ingest (with --out: files only)')
  .option('--live', 'keep sending new records to a running server over HTTP')
  .option('--rate <n>', 'records per second for --live', SIMULATE_DEFAULTS.rate)
  .option('--url <url>', 'server for --live (localhost only)', SIMULATE_DEFAULTS.url)
  .option('--duration <seconds>', 'stop --live after this long (default: Ctrl-C)')
  .option('--concurrency <n>', 'requests in flight for --live', SIMULATE_DEFAULTS.concurrency)
  .option('--api-key <key>', 'send --live as an admin with this key instead of each site with its own key')
  .option('--site-keys <file>', 'each site\'s data_source API key for --live (JSON, source code → key; default: made on first use, kept in the data folder)')
  .option('--report', 'compare the database with the ground truth of the last history')
  .option('--json', 'print a machine-readable summary')
  .action(async (options) => {
    process.exitCode = await runSimulate(readConfig(process.env), options);
  });

program
  .command('push')
  .description('send queued records to the national FHIR system (NATIONAL_FHIR_URL) as one transaction Bundle per person; retried, never sent twice')
  .option('--once', 'claim and send one batch (RISKMAP_NATIONAL_BATCH records) only')
  .option('--limit <n>', 'send at most this many records')
  .option('--retry-failed', 'queue records that gave up after the maximum attempts again first')
  .option('--json', 'print a machine-readable summary')
  .action(async (options) => {
    process.exitCode = await runPushCommand(readConfig(process.env), options);
  });

program.parseAsync(process.argv).catch(exitWithError);
