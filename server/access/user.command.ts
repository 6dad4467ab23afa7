// `riskmap user add …` and `riskmap user key …`: accounts and API keys from
// the command line (the first admin has to come from somewhere).
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../runtime.ts';
import { createApiKey, createUser } from './access.service.ts';
import type { Role } from './policy.ts';

export interface UserAddFlags {
  username: string;
  role: string;
  unit?: string;
  source?: string;
  password?: string;
}

export async function runUserAdd(config: Config, flags: UserAddFlags): Promise<number> {
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    const password = flags.password ?? (flags.role === 'data_source' ? null : randomBytes(12).toString('base64url'));
    await createUser(database, { username: flags.username, role: flags.role as Role, unitCode: flags.unit ?? null, sourceCode: flags.source ?? null, password });
    process.stdout.write(`Created ${flags.role} ${flags.username}.${password && !flags.password ? ` Password (shown once): ${password}` : ''}\n`);
    if (flags.role === 'data_source') {
      const key = await createApiKey(database, flags.username, 'created with the user');
      process.stdout.write(`API key (shown once, send it as Authorization: Bearer …): ${key.key}\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}

export async function runUserKey(config: Config, flags: { username: string; label?: string }): Promise<number> {
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    const key = await createApiKey(database, flags.username, flags.label ?? null);
    process.stdout.write(`API key ${key.id} for ${flags.username} (shown once): ${key.key}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
