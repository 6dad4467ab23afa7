/**
 * The person part shared by test-result and vaccination rows: name, birth
 * date, sex, ID number, phone, insurance number and address.
 */
import { buildAddressKey, resolveAdministrativeUnits, type GazetteerIndex } from './address-units.ts';
import { parseAddress, type ParsedAddress } from './addresses.ts';
import { parseDate } from './dates.ts';
import { normaliseNationalId, type NationalId } from './ids.ts';
import { normaliseName } from './names.ts';
import { normalisePhone } from './phones.ts';
import type { RowIssues } from './row-issues.ts';
import { normaliseSex, type NumericSexCoding, type Sex } from './sex.ts';

/** Options every row normaliser takes. */
export interface RowOptions {
  /** Today's date, ISO "YYYY-MM-DD": the latest allowed birth and event date (geo/ reads no clock). */
  today: string;
  /** Earliest allowed event date (sample, vaccination). Default "2020-01-01". */
  earliestEventDate?: string;
  /** Earliest allowed birth date. Default "1890-01-01". */
  earliestBirthDate?: string;
  /** How this source codes sex as digits; default 'none'. */
  sexCoding?: NumericSexCoding;
  /** When true a missing ID number rejects the row; default false (ID_MISSING is a warning). */
  requireNationalId?: boolean;
  /** Gazetteer index for ward/district codes; without it codes stay null. */
  gazetteer?: GazetteerIndex;
}

/** The normalised person of a row. Null means absent or rejected (see the row's issues). */
export interface NormalisedPerson {
  fullName: string | null;
  familyName: string | null;
  middleName: string | null;
  givenName: string | null;
  /** Linkage key of the name (Huỳnh=Hoàng, Võ=Vũ, accent-free). */
  nameKey: string | null;
  /** "YYYY-MM-DD", or "YYYY" when only the year is known. */
  birthDate: string | null;
  sex: Sex | null;
  nationalId: NationalId | null;
  /** E.164 "+84…". */
  phone: string | null;
  /** Health insurance card number, upper case without spaces. */
  insuranceNumber: string | null;
  address: ParsedAddress | null;
  districtCode: string | null;
  wardCode: string | null;
  /** Household key "wardCode|house|street", null when incomplete. */
  addressKey: string | null;
}

/** Normalises the identity fields; the name is required (reject), the rest warn. */
function normaliseIdentity(row: RowIssues, options: RowOptions) {
  const name = row.take('fullName', normaliseName(row.cell('fullName')), 'reject', true);
  const birthDate = row.take('birthDate', parseDate(row.cell('birthDate'), {
    min: options.earliestBirthDate ?? '1890-01-01', max: options.today,
    latestYear: Number(options.today.slice(0, 4)), allowYearOnly: true,
  }), 'warning');
  const sex = row.take('sex', normaliseSex(row.cell('sex'), options.sexCoding), 'warning');
  const idResult = normaliseNationalId(row.cell('nationalId'), { birthDate, sex });
  let nationalId = row.take('nationalId', idResult, options.requireNationalId ? 'reject' : 'warning', true);
  if (!idResult.ok && idResult.error.code === 'BASIC_INFO_MISMATCH') {
    const plain = normaliseNationalId(row.cell('nationalId'));
    nationalId = plain.ok ? plain.value : null;
  }
  const phone = row.take('phone', normalisePhone(row.cell('phone')), 'warning');
  const insurance = row.cell('insuranceNumber')?.replace(/\s+/g, '').toUpperCase() ?? null;
  return { name, birthDate, sex, nationalId, phone, insurance };
}

/** Parses the address line and resolves ward/district (explicit columns win over the parsed line). */
function normaliseLocation(row: RowIssues, options: RowOptions) {
  const address = row.take('address', parseAddress(row.cell('address')), 'warning');
  const district = row.cell('district') ?? address?.district ?? null;
  const ward = row.cell('ward') ?? address?.ward ?? null;
  let units = { districtCode: null as string | null, wardCode: null as string | null };
  if (options.gazetteer && (district || ward)) {
    const field = row.cell('ward') || row.cell('district') ? (row.cell('ward') ? 'ward' : 'district') : 'address';
    units = row.take(field, resolveAdministrativeUnits({ district, ward }, options.gazetteer), 'warning') ?? units;
    // A ward the gazetteer does not know still leaves its district known: the record is unplaced in that district.
    if (units.districtCode === null && ward && district) {
      const districtOnly = resolveAdministrativeUnits({ district, ward: null }, options.gazetteer);
      if (districtOnly.ok) units = { districtCode: districtOnly.value.districtCode, wardCode: null };
    }
  }
  const addressKey = address ? buildAddressKey({ houseNumber: address.houseNumber, street: address.street, wardCode: units.wardCode }) : null;
  return { address, ...units, addressKey };
}

/** Normalises the person fields of a raw row into `row`'s issues and flags. */
export function normalisePersonFields(row: RowIssues, options: RowOptions): NormalisedPerson {
  const { name, birthDate, sex, nationalId, phone, insurance } = normaliseIdentity(row, options);
  const location = normaliseLocation(row, options);
  return {
    fullName: name?.full ?? null,
    familyName: name?.family ?? null,
    middleName: name?.middle ?? null,
    givenName: name?.given ?? null,
    nameKey: name?.linkageKey ?? null,
    birthDate,
    sex,
    nationalId,
    phone,
    insuranceNumber: insurance === '' ? null : insurance,
    ...location,
  };
}
