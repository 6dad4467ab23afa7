// CSV: a header, then one row per unit; UTF-8 with a byte-order mark so Excel
// reads Vietnamese names right; every text cell neutralised (cells.ts).
import { csvCell } from './cells.ts';
import type { ReportData } from './report-data.service.ts';
import { reportColumns, reportRows } from './report-rows.ts';

export function writeReportCsv(data: ReportData): Buffer {
  const lines = [reportColumns(data), ...reportRows(data)].map((row) => row.map(csvCell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
