// `riskmap import-boundaries FILE --level …`: reads the file, runs the import,
// prints a summary (or JSON). Exit code 0 when every feature loaded, 2 when
// some were rejected, 1 when the file could not be read at all.
import fs from 'node:fs/promises';
import { NotAFeatureCollectionError } from '../../geo/boundaries.ts';
import type { Config } from '../config.ts';
import { migrate } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../runtime.ts';
import { importBoundaries, type ImportBoundariesSummary, type ImportLevel } from './boundaries.service.ts';

const LEVELS: readonly ImportLevel[] = ['district', 'ward', 'neighbourhood', 'block'];

export interface ImportBoundariesFlags {
  level: string;
  codeField: string;
  nameField: string;
  parentField: string;
  populationField: string;
  cityCode: string;
  cityName: string;
  json?: boolean;
}

/** Reads and parses a GeoJSON file, with messages that name the file. */
export async function readGeoJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new NotAFeatureCollectionError(`${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (text.trim() === '') throw new NotAFeatureCollectionError(`${file}: the file is empty`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new NotAFeatureCollectionError(`${file}: not GeoJSON, the JSON does not parse (${(error as Error).message})`);
  }
}

function printSummary(file: string, summary: ImportBoundariesSummary): void {
  const out = process.stdout;
  out.write(`${file}: ${summary.features} ${summary.level} feature(s): ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.repaired.length} repaired, ${summary.rejected.length} rejected\n`);
  for (const r of summary.repaired) out.write(`  repaired ${r.code}: ${r.reason}\n`);
  for (const r of summary.rejected) out.write(`  rejected ${r.message} [${r.problem}]\n`);
}

export async function runImportBoundaries(config: Config, file: string, flags: ImportBoundariesFlags): Promise<number> {
  if (!LEVELS.includes(flags.level as ImportLevel)) {
    process.stderr.write(`riskmap: --level must be one of ${LEVELS.join(', ')}, not "${flags.level}"\n`);
    return 1;
  }
  let document: unknown;
  try {
    document = await readGeoJsonFile(file);
  } catch (error) {
    process.stderr.write(`riskmap: ${(error as Error).message}\n`);
    return 1;
  }
  const database = await openConfiguredDatabase(config);
  try {
    await migrate(database);
    const summary = await importBoundaries(database, document, {
      level: flags.level as ImportLevel,
      fields: { code: flags.codeField, name: flags.nameField, parent: flags.parentField, population: flags.populationField },
      city: { code: flags.cityCode, name: flags.cityName },
    });
    if (flags.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else printSummary(file, summary);
    return summary.rejected.length > 0 ? 2 : 0;
  } catch (error) {
    if (error instanceof NotAFeatureCollectionError) {
      process.stderr.write(`riskmap: ${file}: ${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}
