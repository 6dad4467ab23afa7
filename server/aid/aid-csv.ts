// The household list of a round as CSV for the official to print or carry:
// one row per household, cells neutralised against formula injection.
import { csvCell } from '../reports/cells.ts';
import type { RoundHousehold } from './round-households.service.ts';

const COLUMNS: { header: string; value: (h: RoundHousehold) => unknown }[] = [
  { header: 'household_id', value: (h) => h.householdId },
  { header: 'address', value: (h) => h.address },
  { header: 'members', value: (h) => h.members },
  { header: 'unit_id', value: (h) => h.unitId },
  { header: 'household_tier', value: (h) => h.tier },
  { header: 'active_case', value: (h) => h.flags.activeCase },
  { header: 'case_in_block_14d', value: (h) => h.flags.caseInBlock14d },
  { header: 'unvaccinated_65', value: (h) => h.flags.unvaccinatedMember65 },
  { header: 'overdue_second_dose', value: (h) => h.flags.overdueSecondDose },
  { header: 'delivered_at', value: (h) => h.deliveredAt },
  { header: 'delivered_by', value: (h) => h.deliveredBy },
];

/** CSV text (header + rows, CRLF line ends, UTF-8 BOM so Excel reads Vietnamese addresses correctly). */
export function householdsCsv(households: readonly RoundHousehold[]): string {
  const lines = [COLUMNS.map((c) => c.header).join(','), ...households.map((h) => COLUMNS.map((c) => csvCell(c.value(h))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
