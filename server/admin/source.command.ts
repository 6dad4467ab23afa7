// `riskmap source add --code CODE --name NAME --kind KIND [--district CODE]`:
// registers a site from the command line, with the API's checks and messages.
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { openConfiguredDatabase } from '../runtime.ts';
import { registerSource } from './sources.service.ts';

export interface SourceAddFlags {
  code: string;
  name?: string;
  kind: string;
  district?: string;
  requireId?: boolean;
  json?: boolean;
}

export async function runSourceAdd(config: Config, flags: SourceAddFlags): Promise<number> {
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    const { id } = await registerSource(database, { code: flags.code, name: flags.name ?? flags.code, kind: flags.kind, districtCode: flags.district ?? null, requireNationalId: flags.requireId ?? false });
    if (flags.json) process.stdout.write(`${JSON.stringify({ id, code: flags.code })}\n`);
    else process.stdout.write(`Registered data source ${flags.code} (id ${id}). Give it an API key: riskmap user add --username site.${flags.code} --role data_source --source ${flags.code}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    process.stderr.write(`riskmap source add: ${error.message} (${error.code})\n`);
    return 1;
  } finally {
    await database.close();
  }
}
