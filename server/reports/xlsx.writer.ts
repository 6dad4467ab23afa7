// XLSX with exceljs' streaming writer (rows are committed as written, so a
// large zone does not sit in memory twice): sheet "Units", one row per unit,
// and sheet "About" with the zone, period, rule set and suppression note.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutraliseCell } from './cells.ts';
import type { ReportData } from './report-data.service.ts';
import { reportColumns, reportRows } from './report-rows.ts';

export async function writeReportXlsx(data: ReportData): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const units = book.addWorksheet('Units');
  units.addRow(reportColumns(data)).commit();
  for (const row of reportRows(data)) units.addRow(row.map((v) => neutraliseCell(v))).commit();
  units.commit();
  const about = book.addWorksheet('About');
  const facts: [string, string | number][] = [
    ['zone', data.zone.name], ['zone_id', data.zone.id], ['from', data.from], ['to', data.date],
    ['rule_set', `${data.ruleSet.id} ${data.ruleSet.version}`], ['rule_set_name', data.ruleSet.name.vi],
    ['zone_tier', `${data.zoneTier.tier.label.vi} / ${data.zoneTier.tier.label.en}`],
    ['last_data_day', data.freshness.lastDataDay ?? ''], ['generated_at', data.freshness.generatedAt],
    ['suppression', data.suppression.applied ? `counts 1–${data.suppression.threshold - 1} shown as <${data.suppression.threshold} (role ${data.suppression.role})` : 'none'],
  ];
  for (const [k, v] of facts) about.addRow([k, neutraliseCell(v)]).commit();
  about.commit();
  await book.commit();
  return Buffer.concat(chunks);
}
