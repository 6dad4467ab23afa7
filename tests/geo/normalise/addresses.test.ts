import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HCMC_DIR, hasRealCity } from '../../helpers/real-city.ts';
import { parseAddress } from '../../../geo/normalise/addresses.ts';
import {
  buildAddressKey, buildUnitKey, indexGazetteer, resolveAdministrativeUnits, type GazetteerUnit,
} from '../../../geo/normalise/address-units.ts';

describe('parseAddress', () => {
  it.each([
    ['123/3/5B Lê Lợi, KP 3, P. Bến Thành, Q.1, TP.HCM',
      { houseNumber: '123/3/5B', street: 'Lê Lợi', residentialGroup: 'Khu phố 3', ward: 'Phường Bến Thành', district: 'Quận 1', city: 'Thành phố Hồ Chí Minh' }],
    ['12a đường Nguyễn Trãi, Phường 07, Quận 5, Hồ Chí Minh',
      { houseNumber: '12A', street: 'Nguyễn Trãi', residentialGroup: null, ward: 'Phường 7', district: 'Quận 5', city: 'Thành phố Hồ Chí Minh' }],
    ['45 nguyen trai p7 q5 tphcm',
      { houseNumber: '45', street: 'nguyen trai', residentialGroup: null, ward: 'Phường 7', district: 'Quận 5', city: 'Thành phố Hồ Chí Minh' }],
    ['Số 8 Võ Văn Ngân, F.Linh Chiểu, TP Thủ Đức, Sài Gòn',
      { houseNumber: '8', street: 'Võ Văn Ngân', residentialGroup: null, ward: 'Phường Linh Chiểu', district: 'Thành phố Thủ Đức', city: 'Thành phố Hồ Chí Minh' }],
    ['Ấp 2, Xã An Phú, H. Củ Chi',
      { houseNumber: null, street: null, residentialGroup: 'Ấp 2', ward: 'Xã An Phú', district: 'Huyện Củ Chi', city: null }],
    ['Tổ 5, TT Nhà Bè, Huyện Nhà Bè, SG',
      { houseNumber: null, street: null, residentialGroup: 'Tổ 5', ward: 'Thị trấn Nhà Bè', district: 'Huyện Nhà Bè', city: 'Thành phố Hồ Chí Minh' }],
    ['99 Xa lộ Hà Nội, P. Thảo Điền, Q.2',
      { houseNumber: '99', street: 'Xa lộ Hà Nội', residentialGroup: null, ward: 'Phường Thảo Điền', district: 'Quận 2', city: null }],
    ['22 Sư Vạn Hạnh, F06 Q10', // two-digit numbers without commas (issue 14)
      { houseNumber: '22', street: 'Sư Vạn Hạnh', residentialGroup: null, ward: 'Phường 6', district: 'Quận 10', city: null }],
    ['  10/2   Trần Hưng Đạo  ', { houseNumber: '10/2', street: 'Trần Hưng Đạo', residentialGroup: null, ward: null, district: null, city: null }],
  ])('%s', (input, parsed) => expect(parseAddress(input)).toEqual({ ok: true, value: parsed, flags: [] }));

  it.each([['', 'FIELD_MISSING'], [',,,', 'ADDRESS_UNPARSEABLE'], ['a'.repeat(2000), 'FIELD_TOO_LONG']])('%s → %s', (input, code) => {
    const r = parseAddress(input.length > 100 ? input : input);
    expect(r.ok ? null : r.error.code).toBe(code);
  });
});

describe('buildUnitKey', () => {
  it.each([
    ['Phường 07', 'phuong', '7'], ['P7', 'phuong', '7'], ['P.7', 'phuong', '7'], ['phuong 7', 'phuong', '7'], ['F.7', 'phuong', '7'],
    ['Phường Bến Thành', 'phuong', 'ben thanh'], ['Bến Thành', null, 'ben thanh'], ['Phú Nhuận', null, 'phu nhuan'],
    ['Quận 2', 'quan', '2'], ['Q.2', 'quan', '2'], ['Q2', 'quan', '2'], ['Quận Thủ Đức', 'quan', 'thu duc'],
    ['Thành phố Thủ Đức', 'thanh pho', 'thu duc'], ['TP. Thủ Đức', 'thanh pho', 'thu duc'], ['Thu Duc', null, 'thu duc'],
    ['Huyện Củ Chi', 'huyen', 'cu chi'], ['H. Củ Chi', 'huyen', 'cu chi'], ['Xã An Phú', 'xa', 'an phu'], ['Thị trấn Củ Chi', 'thi tran', 'cu chi'],
    ['Phường Bình Hưng Hoà A', 'phuong', 'binh hung hoa a'],
  ])('%s → %s %s', (name, type, key) => expect(buildUnitKey(name)).toEqual({ type, key }));
});

/** The real HCMC gazetteer (2021 layout), read from the shared data folder; never copied into the project. */
function loadRealGazetteer(): GazetteerUnit[] {
  const base = `${HCMC_DIR}/`;
  type Fc = { features: { properties: { code: string; name: string; district_code?: string } }[] };
  const districts = JSON.parse(readFileSync(`${base}districts_from_wards.geojson`, 'utf8')) as Fc;
  const wards = JSON.parse(readFileSync(`${base}wards.geojson`, 'utf8')) as Fc;
  return [
    ...districts.features.map((f) => ({ code: f.properties.code, name: f.properties.name, level: 'district' as const, parentCode: null })),
    ...wards.features.map((f) => ({ code: f.properties.code, name: f.properties.name, level: 'ward' as const, parentCode: f.properties.district_code ?? null })),
  ];
}

describe.skipIf(!hasRealCity())('resolveAdministrativeUnits (real HCMC gazetteer)', () => {
  const index = indexGazetteer(loadRealGazetteer());
  it.each([
    [{ district: 'Quận 1', ward: 'P. Bến Thành' }, '760', '26743', []],
    [{ district: 'Q.5', ward: 'Phường 07' }, '774', '27322', []],
    [{ district: 'quan 5', ward: 'phuong 7' }, '774', '27322', []],
    [{ district: 'Gò Vấp', ward: 'P7' }, '764', '26890', []],
    [{ district: 'Quận Gò Vấp', ward: 'Phường 6' }, '764', '26876', []],
    [{ district: 'Quận 2', ward: 'Thảo Điền' }, '769', '27088', ['DISTRICT_MERGED_2021']],
    [{ district: 'Quận 9', ward: 'Long Bình' }, '769', '26830', ['DISTRICT_MERGED_2021']],
    [{ district: 'Quận Thủ Đức', ward: 'Linh Chiểu' }, '769', '26815', ['DISTRICT_MERGED_2021']],
    [{ district: 'Q.2' }, '769', null, ['DISTRICT_MERGED_2021']],
    [{ district: 'Thu Duc' }, '769', null, []],
    [{ district: 'TP Thủ Đức' }, '769', null, []],
    [{ ward: 'Bến Thành' }, '760', '26743', ['DISTRICT_INFERRED_FROM_WARD']],
    [{ district: 'Bình Tân', ward: 'Bình Hưng Hòa A' }, '777', '27439', []],
    [{ district: 'Quận 7', ward: 'Tân Phú' }, '778', '27487', []],
    [{ district: 'Củ Chi', ward: 'Xã An Phú' }, '783', '27502', []],
  ])('%j → %s / %s', (names, districtCode, wardCode, flags) => {
    expect(resolveAdministrativeUnits(names, index)).toEqual({ ok: true, value: { districtCode, wardCode }, flags });
  });
  it.each([
    [{ ward: 'Phường 7' }, 'WARD_AMBIGUOUS'],
    [{ ward: 'Tân Phú' }, 'WARD_AMBIGUOUS'],
    [{ district: 'Quận 1', ward: 'Phường 7' }, 'WARD_UNKNOWN'],
    [{ district: 'Quận 99' }, 'DISTRICT_UNKNOWN'],
    [{ district: 'Ba Đình' }, 'DISTRICT_UNKNOWN'],
  ])('%j → %s', (names, code) => {
    const r = resolveAdministrativeUnits(names, index);
    expect(r.ok ? null : r.error.code).toBe(code);
  });
  it('resolves nothing when given nothing', () => {
    expect(resolveAdministrativeUnits({}, index)).toEqual({ ok: true, value: { districtCode: null, wardCode: null }, flags: [] });
  });
});

describe('resolveAdministrativeUnits (small gazetteer)', () => {
  const units: GazetteerUnit[] = [
    { code: 'D2', name: 'Quận 2', level: 'district', parentCode: null },
    { code: 'TD', name: 'Thành phố Thủ Đức', level: 'district', parentCode: null },
    { code: 'W1', name: 'Phường An Phú', level: 'ward', parentCode: 'D2' },
  ];
  it('keeps Quận 2 when the gazetteer still lists it', () => {
    expect(resolveAdministrativeUnits({ district: 'Quận 2', ward: 'An Phú' }, indexGazetteer(units)))
      .toEqual({ ok: true, value: { districtCode: 'D2', wardCode: 'W1' }, flags: [] });
  });
});

describe('buildAddressKey', () => {
  it.each([
    [{ houseNumber: '123/3/5b', street: 'Đường Lê Lợi', wardCode: '26743' }, '26743|123/3/5B|le loi'],
    [{ houseNumber: '123/3/5B', street: 'le loi', wardCode: '26743' }, '26743|123/3/5B|le loi'],
    [{ houseNumber: null, street: 'Lê Lợi', wardCode: '26743' }, null],
    [{ houseNumber: '1', street: 'Lê Lợi', wardCode: null }, null],
  ])('%j → %s', (parts, key) => expect(buildAddressKey(parts)).toBe(key));
});
