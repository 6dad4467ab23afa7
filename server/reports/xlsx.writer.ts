// XLSX with exceljs' streaming writer (rows are committed as written, so a
// large zone does not sit in memory twice), for people to read and filter:
// - "Đơn vị" / "Units": one row per unit, headers in the report's language,
//   numbers as numbers (shares as %), a value withheld by small-number
//   suppression left blank and named in the last column "Ghi chú" / "Note";
//   frozen header and filters;
// - "Theo ngày" / "Daily": one row per day and unit (and the zone), with its
//   tier and cases, frozen header and filters;
// - "Trường" / "Fields": each header with the field id of CSV/GeoJSON;
// - "Thông tin" / "About": zone, period, rule set and the suppression note.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { INDICATOR_CATALOG, isIndicatorName } from '../../geo/risk/index.ts';
import { neutraliseCell } from './cells.ts';
import type { ReportData } from './report-data.service.ts';
import { reportColumns, reportRows, type CellValue } from './report-rows.ts';

type Lang = 'vi' | 'en';
type Text = Record<Lang, string>;

/** Headers of the fixed columns; indicators take their catalog label. */
const HEADERS: Record<string, Text> = {
  zone: { vi: 'Vùng', en: 'Zone' }, unit_id: { vi: 'Mã số đơn vị', en: 'Unit id' }, unit_code: { vi: 'Mã đơn vị', en: 'Unit code' },
  unit_name: { vi: 'Tên đơn vị', en: 'Unit' }, level: { vi: 'Cấp hành chính', en: 'Level' }, date: { vi: 'Ngày', en: 'Date' },
  rule_set: { vi: 'Bộ tiêu chí', en: 'Rule set' }, rule_set_version: { vi: 'Phiên bản', en: 'Version' }, tier: { vi: 'Cấp độ (mã)', en: 'Tier id' },
  tier_label_vi: { vi: 'Cấp độ', en: 'Tier (Vietnamese)' }, tier_label_en: { vi: 'Cấp độ (tiếng Anh)', en: 'Tier' },
  population: { vi: 'Dân số', en: 'Population' }, communityCases14d: { vi: 'Ca cộng đồng 14 ngày', en: 'Community cases, 14 days' },
  cases7d: { vi: 'Ca mắc 7 ngày', en: 'Cases, 7 days' }, activeCases: { vi: 'Ca đang điều trị', en: 'Active cases' },
  atLeastOneDose: { vi: 'Người tiêm ít nhất 1 mũi', en: 'People with at least one dose' }, fullyVaccinated: { vi: 'Người tiêm đủ liều', en: 'People fully vaccinated' },
  booster: { vi: 'Người tiêm mũi nhắc', en: 'People with a booster' }, last_data_day: { vi: 'Dữ liệu đến ngày', en: 'Data up to' },
  suppressed: { vi: 'Có che số nhỏ', en: 'Small numbers withheld' },
  pendingRetest: { vi: 'Chờ xét nghiệm lại (mẫu gộp dương tính)', en: 'Pending retest (positive pool)' },
  data_problems: { vi: 'Vấn đề dữ liệu', en: 'Data problems' },
  note: { vi: 'Ghi chú', en: 'Note' },
};

const LEVEL_NAMES: Record<string, Text> = {
  city: { vi: 'thành phố', en: 'city' }, district: { vi: 'quận/huyện', en: 'district' }, ward: { vi: 'phường/xã', en: 'ward' },
  neighbourhood: { vi: 'khu phố/ấp', en: 'neighbourhood' }, block: { vi: 'tổ dân phố', en: 'block' },
};

const SHEETS: Record<'units' | 'daily' | 'fields' | 'about', Text> = {
  units: { vi: 'Đơn vị', en: 'Units' }, daily: { vi: 'Theo ngày', en: 'Daily' }, fields: { vi: 'Trường', en: 'Fields' }, about: { vi: 'Thông tin', en: 'About' },
};

const capitalise = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** The header of a column in the report's language. */
export function columnHeader(field: string, lang: Lang): string {
  if (HEADERS[field]) return (HEADERS[field] as Text)[lang];
  if (isIndicatorName(field)) return capitalise(INDICATOR_CATALOG[field].label[lang]);
  return field;
}

/** Excel number format of a column: shares as percentages, rates with one decimal, counts whole. */
function numberFormat(field: string): string | undefined {
  if (!isIndicatorName(field)) return field === 'population' || HEADERS[field] ? '#,##0' : undefined;
  const kind = INDICATOR_CATALOG[field].kind;
  return kind === 'fraction' ? '0.0%' : kind === 'ratePer100k' ? '#,##0.0' : '#,##0';
}

const NUMERIC_FIELDS = new Set(['population', 'communityCases14d', 'cases7d', 'activeCases', 'atLeastOneDose', 'fullyVaccinated', 'booster', 'pendingRetest']);
const isNumeric = (field: string) => NUMERIC_FIELDS.has(field) || isIndicatorName(field);

function withheldNote(lang: Lang, threshold: number): string {
  return lang === 'vi'
    ? `Ô trống có ghi chú: số từ 1 đến ${threshold - 1} (và số có thể suy ra chúng) được ẩn để bảo vệ cá nhân.`
    : `A blank cell with a note: counts from 1 to ${threshold - 1} (and figures that would give them away) are withheld to protect individuals.`;
}

/** A row of the Units sheet: numbers stay numbers; a withheld value (text such as "<5", or null where the API withholds) is blank and named in the note. */
function unitRow(fields: string[], row: CellValue[], lang: Lang): CellValue[] {
  const withheld: string[] = [];
  const cells = fields.map((field, i) => {
    const value = row[i] ?? null;
    if (field === 'level' && typeof value === 'string') return LEVEL_NAMES[value]?.[lang] ?? value;
    if (field === 'suppressed') return value ? (lang === 'vi' ? 'có' : 'yes') : (lang === 'vi' ? 'không' : 'no');
    if (isNumeric(field) && typeof value === 'string') {
      withheld.push(`${columnHeader(field, lang)}: ${value}`);
      return null;
    }
    return value;
  });
  return [...cells, withheld.join('; ')];
}

export async function writeReportXlsx(data: ReportData): Promise<Buffer> {
  const lang = data.language;
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const fields = reportColumns(data);
  const headers = [...fields.map((f) => columnHeader(f, lang)), columnHeader('note', lang)];
  const frozen = { views: [{ state: 'frozen' as const, ySplit: 1, xSplit: 0 }] };

  const units = book.addWorksheet(SHEETS.units[lang], frozen);
  units.columns = headers.map((header, i) => ({ header, width: Math.min(40, Math.max(10, header.length + 2)), style: { numFmt: numberFormat(fields[i] ?? '') } as never }));
  units.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };
  units.getRow(1).font = { bold: true };
  for (const row of reportRows(data)) units.addRow(unitRow(fields, row, lang).map((v) => neutraliseCell(v))).commit();
  units.commit();

  const daily = book.addWorksheet(SHEETS.daily[lang], frozen);
  const dailyHeaders = lang === 'vi'
    ? ['Ngày', 'Mã đơn vị', 'Đơn vị', 'Cấp độ', 'Ca mắc trong ngày', 'Ghi chú']
    : ['Date', 'Unit code', 'Unit', 'Tier', 'Cases that day', 'Note'];
  daily.columns = dailyHeaders.map((header, i) => ({ header, width: i === 2 ? 32 : 16, style: (i === 4 ? { numFmt: '#,##0' } : {}) as never }));
  daily.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: dailyHeaders.length } };
  daily.getRow(1).font = { bold: true };
  const tierLabel = new Map(data.legend.map((t) => [t.id, t.label[lang]]));
  const shown = (cases: number | string) => (typeof cases === 'number' ? [cases, ''] : [null, lang === 'vi' ? `ẩn (${cases})` : `withheld (${cases})`]);
  data.days.forEach((date, k) => {
    const zone = data.curve[k];
    daily.addRow([date, '', neutraliseCell(`${lang === 'vi' ? 'Cả vùng' : 'Whole zone'}: ${data.zone.name}`), tierLabel.get(data.tierHistory[k]?.tier ?? '') ?? '', ...shown(zone?.cases ?? 0)]).commit();
    for (const u of data.units) {
      daily.addRow([date, neutraliseCell(u.code), neutraliseCell(u.name), tierLabel.get(u.tierByDay[k] ?? '') ?? '', ...shown(u.casesByDay[k] ?? 0)]).commit();
    }
  });
  daily.commit();

  const fieldSheet = book.addWorksheet(SHEETS.fields[lang]);
  fieldSheet.columns = [{ header: lang === 'vi' ? 'Tiêu đề cột' : 'Column header', width: 50 }, { header: lang === 'vi' ? 'Mã trường (CSV, GeoJSON)' : 'Field id (CSV, GeoJSON)', width: 30 }];
  fields.forEach((f) => fieldSheet.addRow([columnHeader(f, lang), f]).commit());
  fieldSheet.addRow([columnHeader('note', lang), 'note']).commit();
  fieldSheet.commit();

  const about = book.addWorksheet(SHEETS.about[lang]);
  const vi = lang === 'vi';
  const facts: [string, string | number][] = [
    [vi ? 'Vùng' : 'Zone', data.zone.name], [vi ? 'Mã vùng' : 'Zone id', data.zone.id], [vi ? 'Từ ngày' : 'From', data.from], [vi ? 'Đến ngày' : 'To', data.date],
    [vi ? 'Bộ tiêu chí' : 'Rule set', `${data.ruleSet.name[lang]} (${data.ruleSet.id} v${data.ruleSet.version})`],
    [vi ? 'Cấp độ của vùng' : 'Zone tier', data.zoneTier.tier.label[lang]],
    [vi ? 'Dữ liệu đến ngày' : 'Data up to', data.freshness.lastDataDay ?? ''], [vi ? 'Lập lúc' : 'Generated at', data.freshness.generatedAt],
    [vi ? 'Che số nhỏ' : 'Suppression', data.suppression.applied ? withheldNote(lang, data.suppression.threshold) : (vi ? 'không' : 'none')],
  ];
  for (const [k, v] of facts) about.addRow([k, neutraliseCell(v)]).commit();
  about.commit();
  await book.commit();
  return Buffer.concat(chunks);
}
