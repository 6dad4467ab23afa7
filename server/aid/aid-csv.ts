// The household list of a round as CSV for the official to print or carry:
// one row per household with headers a person reads (Vietnamese, English in
// brackets), the unit and ward by name, times in Hồ Chí Minh City's local
// time, cells neutralised against formula injection.
import { csvCell } from '../reports/cells.ts';
import type { RoundHousehold } from './round-households.service.ts';

/** The city's time zone: delivery times are printed as the officials read their clocks. */
export const LOCAL_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const LOCAL_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: LOCAL_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** An instant as local time "YYYY-MM-DD HH:MM:SS" (UTC+7, no daylight saving); '' for none. */
export function formatLocalTime(iso: string | null): string {
  if (!iso) return '';
  const parts = Object.fromEntries(LOCAL_TIME.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

const yesNo = (value: boolean) => (value ? 'có' : 'không');

/** Names of the units (blocks, wards) the rows refer to, by id. */
export type UnitNames = ReadonlyMap<number, string>;

const COLUMNS: { header: string; value: (h: RoundHousehold, names: UnitNames) => unknown }[] = [
  { header: 'Mã hộ (household id)', value: (h) => h.householdId },
  { header: 'Địa chỉ (address)', value: (h) => h.address },
  { header: 'Số người (members)', value: (h) => h.members },
  { header: 'Tổ/khu phố (block)', value: (h, names) => names.get(h.unitId) ?? '' },
  { header: 'Phường/xã (ward)', value: (h, names) => names.get(h.wardId) ?? '' },
  { header: 'Cấp nguy cơ của hộ (household tier)', value: (h) => h.tier },
  { header: 'Có ca đang điều trị (active case)', value: (h) => yesNo(h.flags.activeCase) },
  { header: 'Có ca trong tổ 14 ngày (case in block in 14 days)', value: (h) => yesNo(h.flags.caseInBlock14d) },
  { header: 'Có người từ 65 tuổi chưa tiêm (unvaccinated 65+)', value: (h) => yesNo(h.flags.unvaccinatedMember65) },
  { header: 'Quá hạn mũi 2 (overdue second dose)', value: (h) => yesNo(h.flags.overdueSecondDose) },
  { header: 'Đã trao lúc – giờ Việt Nam (delivered at UTC+7)', value: (h) => formatLocalTime(h.deliveredAt) },
  { header: 'Người trao (delivered by)', value: (h) => h.deliveredBy ?? '' },
];

/** Ids of the units whose names the CSV prints. */
export function csvUnitIds(households: readonly RoundHousehold[]): number[] {
  return [...new Set(households.flatMap((h) => [h.unitId, h.wardId]))];
}

/** CSV text (header + rows, CRLF line ends, UTF-8 BOM so Excel reads Vietnamese addresses correctly). */
export function householdsCsv(households: readonly RoundHousehold[], names: UnitNames): string {
  const lines = [COLUMNS.map((c) => csvCell(c.header)).join(','), ...households.map((h) => COLUMNS.map((c) => csvCell(c.value(h, names))).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
