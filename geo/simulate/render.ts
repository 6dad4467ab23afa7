/**
 * Records in the shape each source writes them: spreadsheet tables (header
 * + cells; numbers only where XLSX would hold numbers) and JSON API bodies.
 * Pure: the server turns tables into CSV/XLSX bytes. FHIR is in fhir.ts.
 */
import type { CanonicalField } from '../normalise/fields.ts';
import { formatMinuteOfDay, toEpochDay } from './calendar.ts';
import { stripVietnameseMarks } from './dirt.ts';
import type { SimRecord } from './records.ts';
import type { DateStyle, HeaderStyle, SyntheticSource } from './sources.ts';

/** One cell: text, a number (XLSX numbers: Excel serial dates, IDs read as numbers) or empty. */
export type Cell = string | number | null;

/** A spreadsheet: header row and data rows. */
export interface RenderedTable {
  header: string[];
  rows: Cell[][];
}

const HEADERS: Readonly<Record<CanonicalField, readonly [string, string]>> = {
  rowNumber: ['STT', 'No'], recordId: ['Mã hồ sơ', 'Record ID'], fullName: ['Họ và tên', 'Full name'], birthDate: ['Ngày sinh', 'Date of birth'],
  sex: ['Giới tính', 'Sex'], nationalId: ['Số CMND/CCCD/HC', 'ID number'], phone: ['Số điện thoại', 'Phone'], insuranceNumber: ['Số thẻ BHYT', 'Insurance number'],
  priorityGroup: ['Nhóm đối tượng', 'Priority group'], occupation: ['Nghề nghiệp', 'Occupation'], address: ['Địa chỉ', 'Address'],
  province: ['Tỉnh', 'Province'], district: ['Huyện', 'District'], ward: ['Xã', 'Ward'], doseNumber: ['Mũi tiêm (số)', 'Dose number'],
  vaccineName: ['Tên vắc xin', 'Vaccine name'], lotNumber: ['Số lô', 'Lot number'], vaccinationDate: ['Ngày tiêm', 'Vaccination date'],
  site: ['Cơ sở tiêm', 'Vaccination site'], sampleTime: ['Ngày lấy mẫu', 'Sample time'], testMethod: ['Loại xét nghiệm', 'Test method'],
  result: ['Kết quả', 'Test result'], pooled: ['Mẫu gộp', 'Pooled'], sampleId: ['Mã ống/Mã mẫu', 'Sample ID'], lab: ['Đơn vị xét nghiệm', 'Laboratory'],
  resultTime: ['Ngày trả kết quả', 'Result time'],
};

/** A column header in a source's style. */
export function formatHeader(field: CanonicalField, style: HeaderStyle): string {
  const [vi, en] = HEADERS[field];
  if (style === 'english') return en;
  if (style === 'plain') return stripVietnameseMarks(vi);
  if (style === 'upper') return stripVietnameseMarks(vi).toUpperCase();
  return vi;
}

const EXCEL_EPOCH_DAY = toEpochDay('1899-12-30');

/** A date (and optional minute of the day) in a source's date style; `excel-serial` gives a number. */
export function formatDate(iso: string, style: DateStyle, minute: number | null = null): string | number {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const time = minute === null ? '' : formatMinuteOfDay(minute);
  switch (style) {
    case 'excel-serial': return toEpochDay(iso) - EXCEL_EPOCH_DAY + (minute === null ? 0 : Math.round((minute / 1440) * 1e6) / 1e6);
    case 'iso': return minute === null ? iso : `${iso}T${time}:00+07:00`;
    case 'dmy-short': return `${Number(d)}/${Number(m)}/${y.slice(2)}${minute === null ? '' : ` ${Number(time.slice(0, 2))}:${time.slice(3)}`}`;
    default: return `${d}/${m}/${y}${minute === null ? '' : ` ${time}`}`;
  }
}

function words(style: HeaderStyle, vi: string, en: string): string {
  if (style === 'english') return en;
  return style === 'diacritics' ? vi : stripVietnameseMarks(vi);
}

/** One canonical field of a record as the source writes it. */
export function formatField(record: SimRecord, field: CanonicalField, source: SyntheticSource, rowNumber: number): Cell {
  const v = record.values;
  const style = source.headerStyle;
  // Birth dates stay text even in XLSX for most sites: they are typed, not picked.
  const dateStyle = source.dateStyle;
  const birthStyle: DateStyle = dateStyle === 'excel-serial' ? 'dmy' : dateStyle;
  switch (field) {
    case 'rowNumber': return rowNumber;
    case 'recordId': return v.recordId;
    case 'fullName': return v.fullName;
    case 'birthDate': return formatDate(v.birthDate, birthStyle);
    case 'sex': return style === 'english' ? v.sex : v.sex === 'M' ? 'Nam' : words(style, 'Nữ', 'F');
    case 'nationalId':
      if (v.nationalId === null) return null;
      return source.format === 'xlsx' && record.dirt.includes('lostLeadingZero') ? Number(v.nationalId) : v.nationalId;
    case 'phone': return v.phone;
    case 'insuranceNumber': case 'occupation': case 'province': return null;
    case 'address': return v.address;
    case 'ward': return v.ward;
    case 'district': return v.district;
    default: break;
  }
  if (v.test) {
    const t = v.test;
    switch (field) {
      case 'sampleTime': return formatDate(t.sampleDate, dateStyle, t.sampleMinute);
      case 'resultTime': return formatDate(t.resultDate, dateStyle, t.resultMinute);
      case 'testMethod': return t.method === 'pcr' ? (t.pooled ? 'RT-PCR mẫu gộp' : 'RT-PCR') : words(style, 'Test nhanh kháng nguyên', 'Rapid antigen');
      case 'pooled': return t.method === 'antigen' ? null : words(style, t.pooled ? 'Có' : 'Không', t.pooled ? 'yes' : 'no');
      case 'result': return t.result === 'positive' ? words(style, 'Dương tính', 'Positive') : words(style, 'Âm tính', 'Negative');
      case 'sampleId': return t.sampleId;
      case 'lab': return t.lab;
      default: return null;
    }
  }
  if (v.vaccination) {
    const x = v.vaccination;
    switch (field) {
      case 'doseNumber': return x.doseNumber;
      case 'vaccineName': return x.vaccineLabel;
      case 'lotNumber': return x.lotNumber;
      case 'vaccinationDate': return formatDate(x.date, dateStyle);
      case 'site': return x.site;
      case 'priorityGroup': return words(style, x.priorityGroup, x.priorityGroup);
      default: return null;
    }
  }
  return null;
}

/** A submission as the site's spreadsheet: its headers in its order, one row per record. */
export function renderTable(source: SyntheticSource, records: readonly SimRecord[]): RenderedTable {
  const header = source.columns.map((f) => formatHeader(f, source.headerStyle));
  const rows = records.map((record, i) => source.columns.map((f) => formatField(record, f, source, i + 1)));
  return { header, rows };
}

/** A JSON API record: canonical field names, cells as text, and the case classification when the site states one. */
export function renderJsonRecord(source: SyntheticSource, record: SimRecord): Record<string, string | null> {
  const fields: CanonicalField[] = [...source.columns.filter((f) => f !== 'rowNumber')];
  const out: Record<string, string | null> = {};
  for (const f of fields) {
    const cell = formatField(record, f, source, 0);
    out[f] = cell === null ? null : String(cell);
  }
  if (source.classification) out.classification = source.classification;
  return out;
}
