/**
 * FHIR R4 `batch` Bundles of a submission (formats.md, "FHIR R4"): per
 * record a Patient entry (fullUrl `urn:uuid:…`) and an Observation (test)
 * or Immunization (dose) whose subject/patient references it, with a
 * business identifier `urn:riskmap:source:<code>` / record id and
 * `ifNoneExist` on it so a resent bundle creates nothing.
 */
import type { SimRecord } from './records.ts';
import type { SyntheticSource } from './sources.ts';

/** Identifier systems and code systems used in the bundles (formats.md, "FHIR R4"). */
export const NATIONAL_ID_SYSTEM = 'http://fhir.ehealth.gov.vn/core/sid/national_id';
export const CITIZEN_ID_SYSTEM = 'http://fhir.ehealth.gov.vn/core/sid/citizen_id';
export const SNOMED = 'http://snomed.info/sct';
export const LOINC = 'http://loinc.org';
export const CVX = 'http://hl7.org/fhir/sid/cvx';
export const ICD11 = 'http://id.who.int/icd/release/11/mms';
export const LOCAL_BRAND_SYSTEM = 'urn:riskmap:vaccine-brand';

/** Business identifier system of a source's records. */
export function recordIdentifierSystem(sourceCode: string): string {
  return `urn:riskmap:source:${sourceCode}`;
}

/** CVX and ICD-11 codes per brand (formats.md, "Vaccine codes"); CVX null where CVX has none of its own. */
export const VACCINE_CODES: Readonly<Record<string, { cvx: string | null; icd11: string; display: string }>> = {
  AZ: { cvx: '210', icd11: 'XM4YL8', display: 'AstraZeneca (Vaxzevria)' },
  PFIZER: { cvx: '208', icd11: 'XM8NQ0', display: 'Pfizer-BioNTech (Comirnaty)' },
  MODERNA: { cvx: '207', icd11: 'XM3DT5', display: 'Moderna (Spikevax)' },
  SINOPHARM: { cvx: '510', icd11: 'XM8866', display: 'Sinopharm BBIBP (Vero Cell)' },
  SPUTNIK: { cvx: '505', icd11: 'XM5ZJ4', display: 'Sputnik V' },
  JANSSEN: { cvx: '212', icd11: 'XM6QV1', display: 'Janssen' },
  HAYAT: { cvx: null, icd11: 'XM9FQ7', display: 'Hayat-Vax' },
  ABDALA: { cvx: null, icd11: 'XM5JC5', display: 'Abdala' },
};

type Json = Record<string, unknown>;

function dateTime(date: string, minute: number): string {
  return `${date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+07:00`;
}

/** A UUID-shaped name derived from text (deterministic; not random, not RFC 4122 version bits). */
export function deriveUuid(text: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
    hex += (h >>> 0).toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The record's person as a Patient resource. */
export function buildPatient(record: SimRecord): Json {
  const v = record.values;
  const words = v.fullName.split(' ');
  const patient: Json = {
    resourceType: 'Patient',
    name: [{ text: v.fullName, family: words[0], given: words.slice(1) }],
    gender: v.sex === 'M' ? 'male' : 'female',
    birthDate: v.birthDate,
    address: [{ text: `${v.address}`, district: v.district, city: 'Thành phố Hồ Chí Minh', country: 'VN' }],
  };
  if (v.nationalId) patient.identifier = [{ system: v.nationalId.length === 12 ? NATIONAL_ID_SYSTEM : CITIZEN_ID_SYSTEM, value: v.nationalId }];
  if (v.phone) patient.telecom = [{ system: 'phone', value: v.phone, use: 'mobile' }];
  return patient;
}

function resultCode(pooled: boolean, positive: boolean): { code: string; display: string } {
  if (pooled) return positive ? { code: '462371000124108', display: 'Detected in pooled specimen' } : { code: '895231008', display: 'Not detected in pooled specimen' };
  return positive ? { code: '260373001', display: 'Detected' } : { code: '260415000', display: 'Not detected' };
}

/** One Observation (a test record) about the Patient at `patientUrl`. */
export function buildObservation(source: SyntheticSource, record: SimRecord, patientUrl: string): Json {
  const t = record.values.test;
  if (!t) throw new RangeError(`record ${record.values.recordId} is not a test`);
  const code = t.method === 'pcr' ? { code: '94500-6', display: 'SARS-CoV-2 RNA NAA+probe' } : { code: '94558-4', display: 'SARS-CoV-2 Ag rapid IA' };
  const observation: Json = {
    resourceType: 'Observation',
    identifier: [{ system: recordIdentifierSystem(source.code), value: record.values.recordId }],
    status: record.version > 1 ? 'corrected' : 'final',
    code: { coding: [{ system: LOINC, ...code }], text: t.method === 'pcr' ? 'RT-PCR' : 'Test nhanh kháng nguyên' },
    subject: { reference: patientUrl },
    effectiveDateTime: dateTime(t.sampleDate, t.sampleMinute),
    issued: dateTime(t.resultDate, t.resultMinute),
    performer: [{ display: t.lab }],
    valueCodeableConcept: { coding: [{ system: SNOMED, ...resultCode(t.pooled, t.result === 'positive') }] },
  };
  if (t.sampleId) observation.specimen = { display: t.sampleId };
  if (source.classification) observation.extension = [{ url: 'urn:riskmap:case-classification', valueCode: source.classification }];
  return observation;
}

/** One Immunization (a dose record) of the Patient at `patientUrl`. */
export function buildImmunization(source: SyntheticSource, record: SimRecord, patientUrl: string): Json {
  const x = record.values.vaccination;
  if (!x) throw new RangeError(`record ${record.values.recordId} is not a vaccination`);
  const codes = VACCINE_CODES[x.brand];
  const coding: Json[] = [{ system: LOCAL_BRAND_SYSTEM, code: x.brand, display: x.vaccineLabel }];
  if (codes?.cvx) coding.unshift({ system: CVX, code: codes.cvx, display: codes.display });
  if (codes) coding.push({ system: ICD11, code: codes.icd11 });
  return {
    resourceType: 'Immunization',
    identifier: [{ system: recordIdentifierSystem(source.code), value: record.values.recordId }],
    status: 'completed',
    vaccineCode: { coding, text: x.vaccineLabel },
    patient: { reference: patientUrl },
    occurrenceDateTime: x.date,
    lotNumber: x.lotNumber,
    location: { display: x.site },
    performer: [{ actor: { display: source.name } }],
    protocolApplied: [{ doseNumberPositiveInt: x.doseNumber, targetDisease: [{ coding: [{ system: SNOMED, code: '840539006', display: 'COVID-19' }] }] }],
  };
}

/** A `batch` Bundle of a submission's records: a Patient entry then its event entry (a conditional create) per record. */
export function buildFhirBundle(source: SyntheticSource, records: readonly SimRecord[]): Json {
  return {
    resourceType: 'Bundle',
    type: 'batch',
    entry: records.flatMap((record, i) => {
      const patientUrl = `urn:uuid:${deriveUuid(`${source.code}/${record.values.recordId}/${record.version}/${i}`)}`;
      const resource = record.kind === 'tests' ? buildObservation(source, record, patientUrl) : buildImmunization(source, record, patientUrl);
      const type = resource.resourceType as string;
      return [
        { fullUrl: patientUrl, resource: buildPatient(record), request: { method: 'POST', url: 'Patient' } },
        {
          fullUrl: `urn:uuid:${deriveUuid(`${source.code}/${record.values.recordId}/${record.version}/${i}/event`)}`,
          resource,
          request: { method: 'POST', url: type, ifNoneExist: `identifier=${encodeURIComponent(recordIdentifierSystem(source.code))}|${encodeURIComponent(record.values.recordId)}` },
        },
      ];
    }),
  };
}
