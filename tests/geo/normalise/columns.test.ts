import { describe, expect, it } from 'vitest';
import { applyColumnMapping, proposeColumnMapping } from '../../../geo/normalise/columns.ts';
import { CANONICAL_FIELDS } from '../../../geo/normalise/fields.ts';
import { COLUMN_SYNONYMS } from '../../../geo/normalise/column-synonyms.ts';

const VIETNAMESE_HEADERS = [
  'STT', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số CMND/CCCD/HC', 'Số điện thoại', 'Số thẻ BHYT', 'Nhóm đối tượng',
  'Nghề nghiệp', 'Địa chỉ', 'Tỉnh', 'Huyện', 'Xã', 'Mũi tiêm (số)', 'Tên vắc xin', 'Số lô', 'Ngày tiêm', 'Cơ sở tiêm',
  'Ngày lấy mẫu', 'Loại xét nghiệm', 'Kết quả', 'Mẫu gộp', 'Mã ống/Mã mẫu', 'Đơn vị xét nghiệm',
];
const FIELDS = [
  'rowNumber', 'fullName', 'birthDate', 'sex', 'nationalId', 'phone', 'insuranceNumber', 'priorityGroup', 'occupation',
  'address', 'province', 'district', 'ward', 'doseNumber', 'vaccineName', 'lotNumber', 'vaccinationDate', 'site',
  'sampleTime', 'testMethod', 'result', 'pooled', 'sampleId', 'lab',
];

describe('proposeColumnMapping', () => {
  it('maps every column of the Vietnamese site export with confidence 1', () => {
    const mapping = proposeColumnMapping(VIETNAMESE_HEADERS);
    expect(mapping.columns.map((c) => c.field)).toEqual(FIELDS);
    expect(mapping.columns.every((c) => c.confidence === 1)).toBe(true);
    expect(mapping.unmapped).toEqual([]);
  });
  it('maps the same headers without diacritics, in upper case and shuffled', () => {
    const order = VIETNAMESE_HEADERS.map((_, i) => (i * 7) % VIETNAMESE_HEADERS.length);
    const headers = order.map((i) => (VIETNAMESE_HEADERS[i] ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'D').toUpperCase());
    const mapping = proposeColumnMapping(headers);
    expect(mapping.columns.map((c) => c.field)).toEqual(order.map((i) => FIELDS[i]));
  });
  it.each([
    ['Full Name', 'fullName'], ['Date of Birth', 'birthDate'], ['Gender', 'sex'], ['Phone number', 'phone'],
    ['Vaccine', 'vaccineName'], ['Dose', 'doseNumber'], ['Test result', 'result'], ['Sample ID', 'sampleId'],
    ['birthDate', 'birthDate'], ['Ngày lấy mẫu (dd/mm/yyyy)', 'sampleTime'], ['Họ tên người được tiêm', 'fullName'],
    ['SĐT', 'phone'], ['Quận/Huyện', 'district'], ['Phường/Xã', 'ward'], ['Tỉnh/Thành phố', 'province'],
  ])('maps %s to %s', (header, field) => {
    const [column] = proposeColumnMapping([header]).columns;
    expect(column?.field).toBe(field);
    expect(column?.confidence).toBeGreaterThanOrEqual(0.6);
  });
  it('reports unknown, empty and duplicate columns as unmapped', () => {
    const mapping = proposeColumnMapping(['Ghi chú', '', 'Họ và tên', 'Họ tên', 'Màu yêu thích']);
    expect(mapping.columns.map((c) => c.field)).toEqual([null, null, 'fullName', null, null]);
    expect(mapping.unmapped).toEqual([0, 1, 3, 4]);
  });
  it('gives an empty mapping for no headers', () => expect(proposeColumnMapping([])).toEqual({ columns: [], unmapped: [] }));
  it('keeps every synonym table key a canonical field and every synonym folded', () => {
    expect(Object.keys(COLUMN_SYNONYMS).sort()).toEqual([...CANONICAL_FIELDS].sort());
    for (const list of Object.values(COLUMN_SYNONYMS)) for (const s of list) expect(s).toBe(s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
  });
});

describe('applyColumnMapping', () => {
  it('builds a raw record from a row', () => {
    const mapping = proposeColumnMapping(['Họ và tên', 'Ghi chú', 'Kết quả']);
    expect(applyColumnMapping(mapping, ['Nguyễn Văn An', 'x', 'Âm tính'])).toEqual({ fullName: 'Nguyễn Văn An', result: 'Âm tính' });
    expect(applyColumnMapping(mapping, [])).toEqual({ fullName: undefined, result: undefined });
  });
});
