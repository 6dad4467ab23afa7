// `riskmap aggregate [--full]`: one refresh (or a full rebuild) against the
// configured database. A running server hears the result through NOTIFY.
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../runtime.ts';
import { rebuildEverything, refreshDirtyUnits } from './aggregate.service.ts';

export async function runAggregate(config: Config, options: { full?: boolean; json?: boolean }): Promise<number> {
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    const summary = options.full ? await rebuildEverything(database) : await refreshDirtyUnits(database);
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else if ('rollupSeconds' in summary) {
      process.stdout.write(`Rebuilt rollups in ${summary.rollupSeconds.toFixed(1)} s and tiers of ${summary.unitsWithData} units in ${summary.tierSeconds.toFixed(1)} s.\n`);
    } else process.stdout.write(`Refreshed ${summary.unitsRefreshed} units from ${summary.dirtyPairs} dirty (unit, day) pairs; ${summary.tierChanges} tier changes.\n`);
    return 0;
  } finally {
    await database.close();
  }
}
