// One pusher per process: runs on request (API, CLI) or on a timer
// (RISKMAP_NATIONAL_INTERVAL), never two runs at once in this process.
// Other processes are kept apart by the claim (FOR UPDATE SKIP LOCKED).
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { resolveIdHashKey } from '../runtime.ts';
import { requeueFailed } from './outbox.repo.ts';
import { pushSettingsFrom, runNationalPush, type PushRunOptions, type PushSummary } from './push.service.ts';

export interface NationalPusher {
  runNow(options: PushRunOptions & { retryFailed?: boolean }): Promise<PushSummary & { requeued: number }>;
  close(): Promise<void>;
}

export function createNationalPusher(database: Database, config: Config, onError: (error: unknown) => void): NationalPusher {
  let running: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const runNow: NationalPusher['runNow'] = async (options) => {
    const settings = pushSettingsFrom(config, await resolveIdHashKey(config));
    if (running) throw new AppError('CONFLICT', 'A national push run is already in progress; wait for it to finish.');
    const run = (async () => {
      const requeued = options.retryFailed ? await database.withSession((s) => requeueFailed(s)) : 0;
      return { ...(await runNationalPush(database, settings, options)), requeued };
    })();
    running = run;
    try {
      return await run;
    } finally {
      running = null;
    }
  };
  if (config.national.url && config.national.intervalSeconds > 0) {
    timer = setInterval(() => {
      if (!running) runNow({ trigger: 'timer' }).catch(onError);
    }, config.national.intervalSeconds * 1000);
    timer.unref();
  }
  return {
    runNow,
    async close() {
      if (timer) clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
