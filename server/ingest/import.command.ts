// `riskmap import FILE --source NAME --kind tests|vaccinations [--dry-run] [--json]`.
// A re-run of an interrupted import of the same file resumes it (the batch's
// resume key is the file's name, size and first bytes, with the source and kind).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Config } from '../config.ts';
import { openConfiguredDatabase, resolveIdHashKey } from '../runtime.ts';
import { readCsvRows, type EncodingReport, type TableRow } from './csv.reader.ts';
import type { IngestKind, IngestOptions } from './ingest.types.ts';
import { dryRunTable, importTable } from './tabular.service.ts';
import { readXlsxRows } from './xlsx.reader.ts';

export interface ImportCommandOptions {
  source: string;
  kind: string;
  sourceKind?: string;
  dryRun?: boolean;
  json?: boolean;
  chunkRows?: string;
}

async function fingerprint(file: string, options: ImportCommandOptions): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 65_536));
    await handle.read(head, 0, head.length, 0);
    return createHash('sha256').update(`${path.basename(file)}|${size}|${options.source}|${options.kind}|`).update(head).digest('hex');
  } finally {
    await handle.close();
  }
}

function openRows(file: string, report: EncodingReport, onBytes: (n: number) => void): AsyncIterable<TableRow> {
  if (/\.xlsx$/i.test(file)) return readXlsxRows(file);
  const stream = fs.createReadStream(file);
  stream.on('data', (chunk) => onBytes(chunk.length));
  return readCsvRows(stream, report);
}

/** Runs the import; returns the process exit code. */
export async function runImport(config: Config, file: string, options: ImportCommandOptions): Promise<number> {
  if (options.kind !== 'tests' && options.kind !== 'vaccinations') {
    process.stderr.write('riskmap: --kind must be tests or vaccinations\n');
    return 2;
  }
  if (!fs.existsSync(file)) {
    process.stderr.write(`riskmap: ${file} does not exist\n`);
    return 2;
  }
  const database = await openConfiguredDatabase(config);
  const size = fs.statSync(file).size;
  const bar = process.stderr.isTTY && !options.json
    ? new cliProgress.SingleBar({ stream: process.stderr, format: 'import [{bar}] {percentage}% | {rows} rows', hideCursor: true }, cliProgress.Presets.shades_classic)
    : null;
  let bytes = 0;
  try {
    const ingest: IngestOptions = {
      idHashKey: await resolveIdHashKey(config), sourceCode: options.source, kind: options.kind as IngestKind, channel: 'cli',
      fileName: path.basename(file), resumeKey: await fingerprint(file, options),
      ...(options.sourceKind ? { sourceKind: options.sourceKind } : {}),
      ...(options.chunkRows ? { chunkRows: Number(options.chunkRows) } : {}),
      onProgress: ({ rowsDone }) => bar?.update(Math.min(bytes, size), { rows: rowsDone }),
    };
    const report: EncodingReport = { encoding: 'utf-8' };
    bar?.start(size, 0, { rows: 0 });
    const rows = openRows(file, report, (n) => (bytes += n));
    if (options.dryRun) {
      const result = await dryRunTable(database, rows, ingest);
      bar?.stop();
      process.stdout.write(options.json ? `${JSON.stringify({ dryRun: true, encoding: report.encoding, ...result })}\n` : describeDryRun(result));
      return 0;
    }
    const { mapping, summary } = await importTable(database, rows, ingest);
    bar?.update(size);
    bar?.stop();
    if (options.json) process.stdout.write(`${JSON.stringify({ dryRun: false, encoding: report.encoding, mapping, summary })}\n`);
    else {
      process.stdout.write(`${summary.resumed ? 'Resumed and finished' : 'Imported'} batch ${summary.batchId} (${file}, ${report.encoding}): ${summary.rows} rows — `
        + `${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.held} held for review, `
        + `${summary.rejected} rejected, ${summary.unlocated} unlocated, ${summary.unplaced} unplaced (no unit: see GET /api/ingest/unplaced).\n`);
      if (summary.rejected > 0) process.stdout.write(`Rejects: GET /api/ingest/batches/${summary.batchId}/rejects\n`);
    }
    return 0;
  } finally {
    bar?.stop();
    await database.close();
  }
}

function describeDryRun(result: Awaited<ReturnType<typeof dryRunTable>>): string {
  const lines = ['Column mapping (nothing written):'];
  for (const c of result.mapping.columns) lines.push(`  ${c.header.padEnd(28)} → ${c.field ?? '(unmapped)'}${c.field ? ` (${c.confidence})` : ''}`);
  lines.push(`${result.rows} rows: ${result.accepted} accepted, ${result.rejected} rejected.`, 'First rows normalised:');
  for (const p of result.preview.slice(0, 5)) lines.push(`  row ${p.rowNumber}: ${JSON.stringify(p.record)}`);
  if (result.rejects.length > 0) lines.push('Rejects:');
  for (const r of result.rejects.slice(0, 20)) lines.push(`  row ${r.rowNumber}: ${r.errors.map((e) => `${e.field} ${e.code}`).join('; ')}`);
  return `${lines.join('\n')}\n`;
}
