/**
 * The synthetic sites that send records, each with its own habits: format
 * (CSV, XLSX, JSON API, FHIR R4 bundles), header spelling, column order,
 * date style and how dirty its data is. Per district a hospital and a fixed
 * vaccination site; per ward a test point and a mobile vaccination team;
 * for the city a quarantine facility, an arrivals facility and a few
 * businesses that screen their staff. Deterministic for a population and seed.
 */
import type { CanonicalField } from '../normalise/fields.ts';
import type { Random } from '../random.ts';
import type { TrueEvent } from './events.ts';
import type { SimPopulation } from './population.ts';

/** How a site sends: a CSV or XLSX export, the JSON API, or FHIR R4 bundles. */
export type SourceFormat = 'csv' | 'xlsx' | 'json' | 'fhir';
/** `dmy` 07/08/2021, `dmy-short` 7/8/21, `iso` 2021-08-07, `excel-serial` a number of days (XLSX only). */
export type DateStyle = 'dmy' | 'dmy-short' | 'iso' | 'excel-serial';
/** Headers with diacritics ("Họ và tên"), without ("Ho va ten"), in capitals ("HO VA TEN") or in English. */
export type HeaderStyle = 'diacritics' | 'plain' | 'upper' | 'english';
/** The source kinds of the `source` table that synthetic sites use. */
export type SourceKind = 'hospital' | 'test_site' | 'business' | 'vaccination_site';

/** Probability per record of each kind of dirt (0–1). */
export interface DirtRates {
  /** ID number left empty. */
  missingId: number;
  /** One digit of the ID changed. */
  mistypedId: number;
  /** Leading zero lost (079… → 79…), as Excel does to a number. */
  lostLeadingZero: number;
  /** Name typed without diacritics ("Nguyen Van An"). */
  nameNoDiacritics: number;
  /** Name in capitals ("NGUYỄN VĂN AN"). */
  nameAllCaps: number;
  /** Phone written with its pre-2018 11-digit prefix (0168… for 038…). */
  oldPhonePrefix: number;
  /** The same row twice in one submission. */
  duplicate: number;
  /** Sent with a mistake, then resubmitted days later under the same record id with the mistake corrected. */
  lateCorrection: number;
}

/** One kind of dirt (a key of DirtRates). */
export type DirtKind = keyof DirtRates;
/** Every kind of dirt, in the order it is applied. */
export const DIRT_KINDS: readonly DirtKind[] = ['missingId', 'mistypedId', 'lostLeadingZero', 'nameNoDiacritics', 'nameAllCaps', 'oldPhonePrefix', 'duplicate', 'lateCorrection'];

/** One site and its habits. */
export interface SyntheticSource {
  code: string;
  name: string;
  kind: SourceKind;
  records: 'tests' | 'vaccinations';
  format: SourceFormat;
  headerStyle: HeaderStyle;
  /** Columns in the order the site writes them (spreadsheets only). */
  columns: readonly CanonicalField[];
  dateStyle: DateStyle;
  dirt: DirtRates;
  /** Sends every file a second time (the same bytes). */
  sendsFilesTwice: boolean;
  /** Classification its positive tests carry (quarantine facility, arrivals), else null (community). */
  classification: 'quarantine' | 'imported' | null;
  /** Ward or district index it serves, −1 for city-wide sources. */
  ward: number;
  district: string | null;
}

const TEST_COLUMNS: readonly CanonicalField[] = ['rowNumber', 'recordId', 'fullName', 'birthDate', 'sex', 'nationalId', 'phone', 'address', 'ward', 'district', 'sampleTime', 'testMethod', 'pooled', 'sampleId', 'result', 'resultTime', 'lab'];
const VACCINATION_COLUMNS: readonly CanonicalField[] = ['rowNumber', 'recordId', 'fullName', 'birthDate', 'sex', 'nationalId', 'phone', 'insuranceNumber', 'priorityGroup', 'address', 'ward', 'district', 'doseNumber', 'vaccineName', 'lotNumber', 'vaccinationDate', 'site'];

/** Shuffles the columns after the first two (STT and record id stay in front, as sites keep them). */
function orderColumns(columns: readonly CanonicalField[], rng: Random, shuffle: boolean): CanonicalField[] {
  const rest = columns.slice(2);
  if (shuffle) {
    for (let i = rest.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [rest[i], rest[j]] = [rest[j] as CanonicalField, rest[i] as CanonicalField];
    }
  }
  return [...columns.slice(0, 2), ...rest];
}

/** A site's dirt: a clean, an average or a careless site [cfg]. */
function drawDirt(rng: Random): DirtRates {
  const care = rng.pick([0.3, 1, 1, 2.5]);
  const r = (base: number) => Math.min(1, base * care);
  return {
    missingId: r(0.03), mistypedId: r(0.02), lostLeadingZero: r(0.04), nameNoDiacritics: r(0.08), nameAllCaps: r(0.05),
    oldPhonePrefix: r(0.03), duplicate: r(0.01), lateCorrection: r(0.01),
  };
}

function makeSource(rng: Random, base: Omit<SyntheticSource, 'headerStyle' | 'columns' | 'dateStyle' | 'dirt' | 'sendsFilesTwice'>): SyntheticSource {
  const spreadsheet = base.format === 'csv' || base.format === 'xlsx';
  const dateStyle: DateStyle = base.format === 'fhir' ? 'iso'
    : base.format === 'xlsx' ? rng.pick(['excel-serial', 'excel-serial', 'dmy'] as const)
      : base.format === 'json' ? rng.pick(['iso', 'dmy'] as const) : rng.pick(['dmy', 'dmy', 'dmy-short', 'iso'] as const);
  return {
    ...base,
    headerStyle: spreadsheet ? rng.pick(['diacritics', 'diacritics', 'plain', 'upper', 'english'] as const) : 'english',
    columns: orderColumns(base.records === 'tests' ? TEST_COLUMNS : VACCINATION_COLUMNS, rng, spreadsheet && rng.next() < 0.5),
    dateStyle,
    dirt: drawDirt(rng),
    sendsFilesTwice: spreadsheet && rng.next() < 0.08,
  };
}

/** The sites of a city; codes are stable (`BV-<district>`, `XN-<ward>`, `TC-<district>`, `LD-<ward>`, `DN-1`…). */
export function createSources(population: SimPopulation, rng: Random): SyntheticSource[] {
  const sources: SyntheticSource[] = [];
  const districts = [...new Map(population.wards.map((w) => [w.districtCode, w.districtName])).entries()];
  for (const [code, name] of districts) {
    const r = rng.fork(`district/${code}`);
    sources.push(makeSource(r, { code: `BV-${code}`, name: `Bệnh viện ${name}`, kind: 'hospital', records: 'tests', format: r.pick(['json', 'fhir'] as const), classification: null, ward: -1, district: code }));
    sources.push(makeSource(r, { code: `TC-${code}`, name: `Điểm tiêm cố định ${name}`, kind: 'vaccination_site', records: 'vaccinations', format: r.pick(['xlsx', 'csv', 'fhir', 'json'] as const), classification: null, ward: -1, district: code }));
  }
  population.wards.forEach((ward, w) => {
    const r = rng.fork(`ward/${ward.code}`);
    sources.push(makeSource(r, { code: `XN-${ward.code}`, name: `Trạm Y tế ${ward.name}, ${ward.districtName}`, kind: 'test_site', records: 'tests', format: r.pick(['csv', 'csv', 'xlsx', 'json'] as const), classification: null, ward: w, district: ward.districtCode }));
    sources.push(makeSource(r, { code: `LD-${ward.code}`, name: `Tổ tiêm lưu động ${ward.name}`, kind: 'vaccination_site', records: 'vaccinations', format: r.pick(['csv', 'xlsx'] as const), classification: null, ward: w, district: ward.districtCode }));
  });
  const r = rng.fork('city');
  sources.push(makeSource(r, { code: 'KCL-1', name: 'Khu cách ly tập trung số 1', kind: 'hospital', records: 'tests', format: 'json', classification: 'quarantine', ward: -1, district: null }));
  sources.push(makeSource(r, { code: 'NC-1', name: 'Khu cách ly người nhập cảnh', kind: 'hospital', records: 'tests', format: 'json', classification: 'imported', ward: -1, district: null }));
  for (let i = 1; i <= 4; i++) {
    sources.push(makeSource(r, { code: `DN-${i}`, name: `Công ty TNHH Sản xuất ${['Phú Thịnh', 'Tân Bình', 'An Lạc', 'Sài Gòn Xanh'][i - 1]}`, kind: 'business', records: 'tests', format: r.pick(['csv', 'xlsx'] as const), classification: null, ward: -1, district: null }));
  }
  return sources;
}

/** Index of the source that records an event (a stable choice per event). */
export function assignSource(sources: readonly SyntheticSource[], population: SimPopulation, event: TrueEvent, rng: Random): number {
  const household = population.households[population.people[event.person]!.household]!;
  const ward = population.wards[household.ward]!;
  const find = (code: string) => sources.findIndex((s) => s.code === code);
  if (event.kind === 'vaccination') return event.setting === 'mobile' ? find(`LD-${ward.code}`) : find(`TC-${ward.districtCode}`);
  if (event.classification === 'imported') return find('NC-1');
  if (event.classification === 'quarantine' || event.setting === 'quarantine') return find('KCL-1');
  if (event.setting === 'business') return find(`DN-${1 + (event.person % 4)}`);
  if ((event.setting === 'symptomatic' || event.setting === 'confirmation') && rng.next() < 0.5) return find(`BV-${ward.districtCode}`);
  return find(`XN-${ward.code}`);
}
