// parse (FHIR R4): a batch or transaction Bundle of Patient + Immunization /
// Observation (formats.md) to raw records per entry, with the patient the
// event references resolved inside the Bundle.
import type { RawRecord } from '../../geo/normalise/fields.ts';
import type { IngestKind, RowError } from './ingest.types.ts';

const ID_SYSTEMS: Readonly<Record<string, string>> = {
  'http://fhir.ehealth.gov.vn/core/sid/national_id': 'cccd',
  'http://fhir.ehealth.gov.vn/core/sid/citizen_id': 'cmnd',
  'http://fhir.ehealth.gov.vn/core/sid/passport_number': 'passport',
};
const INSURANCE_SYSTEM = 'http://fhir.ehealth.gov.vn/core/sid/insurance_number';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** One event entry of the Bundle, ready for the pipeline (or why it cannot be). */
export interface FhirEntry {
  index: number;
  kind: IngestKind;
  resourceType: 'Immunization' | 'Observation';
  recordId: string | undefined;
  raw: RawRecord;
  errors: RowError[];
}

export interface ParsedBundle {
  type: 'batch' | 'transaction';
  /** Every entry in order: events, patients (answered as accepted when referenced) and anything else. */
  entries: Array<FhirEntry | { index: number; resourceType: string; patient: boolean }>;
}

function patientFields(patient: Json): RawRecord {
  const name = obj(arr(patient.name)[0]);
  const text = str(name.text) ?? [str(name.family), ...arr(name.given).map(str)].filter(Boolean).join(' ');
  const ids = arr(patient.identifier).map(obj);
  const national = ids.find((i) => ID_SYSTEMS[str(i.system) ?? ''] !== undefined);
  const insurance = ids.find((i) => str(i.system) === INSURANCE_SYSTEM);
  const phone = arr(patient.telecom).map(obj).find((t) => str(t.system) === 'phone');
  const address = obj(arr(patient.address)[0]);
  const addressText = str(address.text) ?? [...arr(address.line).map(str), str(address.district), str(address.city)].filter(Boolean).join(', ');
  const gender = str(patient.gender);
  return {
    fullName: text || undefined, birthDate: str(patient.birthDate), sex: gender === 'male' ? 'Nam' : gender === 'female' ? 'Nữ' : gender,
    nationalId: str(national?.value), insuranceNumber: str(insurance?.value), phone: str(phone?.value), address: addressText || undefined,
  };
}

function codingText(concept: unknown, preferSystem?: string): string | undefined {
  const c = obj(concept);
  const codings = arr(c.coding).map(obj);
  const preferred = codings.find((x) => preferSystem !== undefined && str(x.system)?.includes(preferSystem)) ?? codings[0];
  return str(preferred?.code) ?? str(c.text) ?? str(preferred?.display);
}

function eventFields(resource: Json, resourceType: string): RawRecord {
  if (resourceType === 'Immunization') {
    const protocol = obj(arr(resource.protocolApplied)[0]);
    return {
      vaccineName: codingText(resource.vaccineCode, 'cvx'), vaccinationDate: str(resource.occurrenceDateTime),
      doseNumber: str(protocol.doseNumberPositiveInt) ?? str(protocol.doseNumberString), lotNumber: str(resource.lotNumber),
      site: str(obj(resource.location).display),
    };
  }
  return {
    testMethod: codingText(resource.code, 'loinc'), sampleTime: str(resource.effectiveDateTime),
    result: codingText(resource.valueCodeableConcept, 'snomed'), resultTime: str(resource.issued),
  };
}

/** Reads a Bundle; throws a message when it is not a batch/transaction Bundle at all. */
export function parseBundle(body: unknown): ParsedBundle {
  const bundle = obj(body);
  if (bundle.resourceType !== 'Bundle') throw new Error('the body is not a FHIR Bundle (resourceType must be "Bundle")');
  const type = bundle.type;
  if (type !== 'batch' && type !== 'transaction') throw new Error(`Bundle.type must be "batch" or "transaction", not ${JSON.stringify(type)}`);
  const entries = arr(bundle.entry).map(obj);
  const patients = new Map<string, Json>();
  for (const entry of entries) {
    const resource = obj(entry.resource);
    if (resource.resourceType !== 'Patient') continue;
    if (str(entry.fullUrl)) patients.set(str(entry.fullUrl) as string, resource);
    if (str(resource.id)) patients.set(`Patient/${str(resource.id)}`, resource);
  }
  return {
    type,
    entries: entries.map((entry, index) => {
      const resource = obj(entry.resource);
      const resourceType = str(resource.resourceType) ?? 'unknown';
      if (resourceType !== 'Immunization' && resourceType !== 'Observation') return { index, resourceType, patient: resourceType === 'Patient' };
      const reference = str(obj(resourceType === 'Immunization' ? resource.patient : resource.subject).reference);
      const patient = reference === undefined ? undefined : patients.get(reference);
      const errors: RowError[] = [];
      if (patient === undefined) {
        errors.push({ field: resourceType === 'Immunization' ? 'patient' : 'subject', code: 'FHIR_REFERENCE_UNRESOLVED', message: `entry ${index}: reference ${reference ?? '(none)'} names no Patient in this Bundle` });
      }
      const status = str(resource.status);
      if (resourceType === 'Immunization' && status !== 'completed') errors.push({ field: 'status', code: 'FHIR_STATUS', message: `entry ${index}: Immunization.status is ${status ?? 'missing'}, only completed doses are recorded` });
      const identifier = str(obj(arr(resource.identifier)[0]).value) ?? str(resource.id) ?? str(entry.fullUrl);
      return {
        index, resourceType, kind: resourceType === 'Immunization' ? 'vaccinations' : 'tests', recordId: identifier,
        raw: { ...patientFields(patient ?? {}), ...eventFields(resource, resourceType), recordId: identifier }, errors,
      } satisfies FhirEntry;
    }),
  };
}
