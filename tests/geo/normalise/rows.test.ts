import { describe, expect, it } from 'vitest';
import { indexGazetteer, type GazetteerUnit } from '../../../geo/normalise/address-units.ts';
import { normaliseTestRow, normaliseVaccinationRow, parseYesNo } from '../../../geo/normalise/rows.ts';
import type { RawRecord } from '../../../geo/normalise/fields.ts';

const GAZETTEER: GazetteerUnit[] = [
  { code: '760', name: 'Quận 1', level: 'district', parentCode: null },
  { code: '774', name: 'Quận 5', level: 'district', parentCode: null },
  { code: '769', name: 'Thành phố Thủ Đức', level: 'district', parentCode: null },
  { code: '26743', name: 'Phường Bến Thành', level: 'ward', parentCode: '760' },
  { code: '27322', name: 'Phường 07', level: 'ward', parentCode: '774' },
  { code: '27088', name: 'Phường Thảo Điền', level: 'ward', parentCode: '769' },
];
const OPTIONS = { today: '2021-10-01', gazetteer: indexGazetteer(GAZETTEER) };

const TEST_ROW: RawRecord = {
  recordId: 'XN-001', fullName: 'NGUYỄN THỊ THUÝ', birthDate: '05/03/1985', sex: 'Nữ', nationalId: '79185012345',
  phone: '0168 123 4567', address: '12 Nguyễn Trãi, P.7, Q.5', sampleTime: '15/07/2021 08:30', testMethod: 'RT-PCR',
  result: 'Dương tính', pooled: 'x', sampleId: 'A-1', lab: 'Pasteur',
};

describe('normaliseTestRow', () => {
  it('normalises a clean row with repairs flagged', () => {
    const out = normaliseTestRow(TEST_ROW, OPTIONS);
    expect(out.rejected).toBe(false);
    expect(out.issues).toEqual([]);
    expect(out.record).toMatchObject({
      recordId: 'XN-001', sampleTime: '2021-07-15T08:30:00', method: 'pcr', result: 'positive', pooled: true,
      person: {
        fullName: 'Nguyễn Thị Thúy', givenName: 'Thúy', nameKey: 'nguyen thi thuy', birthDate: '1985-03-05', sex: 'female',
        nationalId: { kind: 'cccd', number: '079185012345' }, phone: '+84381234567',
        districtCode: '774', wardCode: '27322', addressKey: '27322|12|nguyen trai',
      },
    });
    expect(out.flags).toEqual(expect.arrayContaining([
      { field: 'nationalId', flag: 'ID_LEADING_ZERO_RESTORED' }, { field: 'phone', flag: 'PHONE_LEGACY_PREFIX' },
      { field: 'fullName', flag: 'NAME_CASE_FIXED' },
    ]));
  });

  it.each([
    ['no sample time', { sampleTime: undefined }, 'sampleTime', 'FIELD_MISSING'],
    ['impossible sample date', { sampleTime: '31/02/2021' }, 'sampleTime', 'DATE_UNPARSEABLE'],
    ['sample in 2091', { sampleTime: '01/01/2091' }, 'sampleTime', 'DATE_OUT_OF_RANGE'],
    ['unknown result', { result: 'maybe' }, 'result', 'RESULT_UNKNOWN'],
    ['unknown method', { testMethod: 'ELISA' }, 'testMethod', 'METHOD_UNKNOWN'],
    ['no name', { fullName: '  ' }, 'fullName', 'FIELD_MISSING'],
    ['10 MB cell', { occupation: 'x'.repeat(10 * 1024 * 1024) }, 'occupation', 'FIELD_TOO_LONG'],
    ['10 MB result', { result: 'x'.repeat(10 * 1024 * 1024) }, 'result', 'FIELD_TOO_LONG'],
  ] as const)('rejects a row with %s', (_label, change, field, code) => {
    const out = normaliseTestRow({ ...TEST_ROW, ...change }, OPTIONS);
    expect(out.rejected).toBe(true);
    expect(out.issues).toContainEqual(expect.objectContaining({ field, code, severity: 'reject' }));
    expect(out.issues.filter((i) => i.field === field)).toHaveLength(1);
  });

  it.each([
    ['a CCCD that disagrees on sex', { sex: 'Nam' }, 'nationalId', 'BASIC_INFO_MISMATCH'],
    ['a birth date after today', { birthDate: '01/01/2030' }, 'birthDate', 'DATE_OUT_OF_RANGE'],
    ['no ID number', { nationalId: '' }, 'nationalId', 'ID_MISSING'],
    ['a malformed ID', { nationalId: 'ABC' }, 'nationalId', 'ID_MALFORMED'],
    ['a bad phone', { phone: '123' }, 'phone', 'PHONE_MALFORMED'],
    ['an unknown ward', { address: '1 Lê Lợi, P. Tân Định, Q.1' }, 'address', 'WARD_UNKNOWN'],
    ['a strange pooled value', { pooled: 'maybe' }, 'pooled', 'YES_NO_UNKNOWN'],
  ] as const)('keeps a row with %s as a warning', (_label, change, field, code) => {
    const out = normaliseTestRow({ ...TEST_ROW, ...change }, OPTIONS);
    expect(out.rejected).toBe(false);
    expect(out.issues).toEqual([expect.objectContaining({ field, code, severity: 'warning' })]);
  });

  it('keeps the ID number when it disagrees with the basic information', () => {
    const out = normaliseTestRow({ ...TEST_ROW, sex: 'Nam' }, OPTIONS);
    expect(out.record.person.nationalId).toEqual({ kind: 'cccd', number: '079185012345' });
    expect(out.issues[0]?.details).toMatchObject({ mismatched: ['sex'] });
  });

  it('rejects a missing ID when the source requires one', () => {
    const out = normaliseTestRow({ ...TEST_ROW, nationalId: undefined }, { ...OPTIONS, requireNationalId: true });
    expect(out.issues).toEqual([expect.objectContaining({ field: 'nationalId', code: 'ID_MISSING', severity: 'reject' })]);
  });

  it('uses a default method when the column is absent', () => {
    const out = normaliseTestRow({ ...TEST_ROW, testMethod: undefined }, { ...OPTIONS, defaultMethod: 'antigen' });
    expect(out.record.method).toBe('antigen');
    expect(out.rejected).toBe(false);
  });

  it('prefers explicit district/ward columns and maps Quận 2 to Thủ Đức', () => {
    const out = normaliseTestRow({ ...TEST_ROW, address: '5 Thảo Điền', district: 'Quận 2', ward: 'P. Thảo Điền' }, OPTIONS);
    expect(out.record.person).toMatchObject({ districtCode: '769', wardCode: '27088', addressKey: '27088|5|thao dien' });
    expect(out.flags).toContainEqual({ field: 'ward', flag: 'DISTRICT_MERGED_2021' });
  });

  it('works with an empty record', () => {
    const out = normaliseTestRow({}, OPTIONS);
    expect(out.rejected).toBe(true);
    expect(out.issues.map((i) => i.field).sort()).toEqual(['fullName', 'nationalId', 'result', 'sampleTime', 'testMethod']);
  });
});

describe('normaliseVaccinationRow', () => {
  const ROW: RawRecord = {
    fullName: 'Trần Văn Bình', birthDate: '1950', sex: 'nam', nationalId: '025123456', vaccineName: 'Astra',
    doseNumber: 'Mũi 2', vaccinationDate: '44392', lotNumber: 'abv1234', site: ' Trạm y tế  P.7 ',
  };
  it('normalises a clean row', () => {
    const out = normaliseVaccinationRow(ROW, OPTIONS);
    expect(out.issues).toEqual([]);
    expect(out.record).toMatchObject({
      doseNumber: 2, vaccine: { brand: 'AZ', cvx: '210' }, vaccinationDate: '2021-07-15', lotNumber: 'ABV1234',
      site: 'Trạm y tế P.7', person: { birthDate: '1950', sex: 'male', nationalId: { kind: 'cmnd' } },
    });
  });
  it.each([
    [{ doseNumber: '0' }, 'doseNumber', 'DOSE_OUT_OF_RANGE'],
    [{ doseNumber: '9' }, 'doseNumber', 'DOSE_OUT_OF_RANGE'],
    [{ vaccineName: 'Covaxin' }, 'vaccineName', 'VACCINE_UNKNOWN'],
    [{ vaccinationDate: '2091-01-01' }, 'vaccinationDate', 'DATE_OUT_OF_RANGE'],
    [{ vaccinationDate: '' }, 'vaccinationDate', 'FIELD_MISSING'],
  ] as const)('rejects %j', (change, field, code) => {
    const out = normaliseVaccinationRow({ ...ROW, ...change }, OPTIONS);
    expect(out.rejected).toBe(true);
    expect(out.issues).toEqual([expect.objectContaining({ field, code, severity: 'reject' })]);
  });
});

describe('parseYesNo', () => {
  it.each([['x', true], ['Có', true], ['1', true], ['mẫu gộp', true], ['Không', false], ['0', false], ['đơn', false]])(
    '%s → %s', (input, value) => expect(parseYesNo(input)).toEqual({ ok: true, value, flags: [] }));
  it('rejects other values', () => expect(parseYesNo('?')).toMatchObject({ ok: false, error: { code: 'YES_NO_UNKNOWN' } }));
});
