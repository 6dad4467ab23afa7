// `riskmap serve`: owns the process — opens the database, migrates, builds
// the app, listens, and closes everything on SIGINT/SIGTERM.
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { migrate } from './db/migrate.ts';
import { openConfiguredDatabase } from './runtime.ts';
import { buildDemoHistoryIfMissing, seedDemoIfEmpty } from './demo.ts';

export async function serve(config: Config): Promise<void> {
  const database = await openConfiguredDatabase(config);
  const status = await migrate(database);
  await seedDemoIfEmpty(config, database, (line) => process.stdout.write(line));
  const app = await buildApp({ config, database });
  if (status.applied.length > 0) app.log.info({ applied: status.applied }, 'migrations applied');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ host: config.host, port: config.port });
  const shownHost = config.host === '0.0.0.0' || config.host === '127.0.0.1' ? 'localhost' : config.host;
  process.stdout.write(`riskmap is running on the ${database.backend} database: http://${shownHost}:${config.port}\n`);
  buildDemoHistoryIfMissing(config, database, (line) => process.stdout.write(line), app.ctx.live).catch((error: unknown) => {
    app.log.error({ err: error }, 'the demo history could not be built; the map works without it');
  });
}
