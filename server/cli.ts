// The `riskmap` command. Each sub-command reads the configuration once from
// the environment (the only place process.env is read) and reports failures
// as plain messages with a non-zero exit code.
import { Command } from 'commander';
import { CONFIG_KEYS, readConfig } from './config.ts';
import { migrate } from './db/migrate.ts';
import { serve } from './main.ts';
import { exitWithError, openConfiguredDatabase } from './runtime.ts';
import { runImportBoundaries } from './geography/boundaries.command.ts';
import { runSeed, SEED_DEFAULTS } from './geography/seed.command.ts';

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
  .command('config')
  .description('list every setting with its default, and check the current environment')
  .action(() => {
    for (const item of CONFIG_KEYS) process.stdout.write(`${item.key.padEnd(28)} default ${item.default}\n${' '.repeat(28)} ${item.why}\n`);
    readConfig(process.env);
    process.stdout.write('\nThe current environment is valid.\n');
  });

program.parseAsync(process.argv).catch(exitWithError);
