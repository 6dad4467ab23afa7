// FHIR R4 transaction Bundles for the national push: pure functions, no I/O.
// One Bundle per person: the Patient (conditional create on its identifiers)
// and that person's Immunizations / Observations, each with a business
// identifier and a conditional request, so sending a Bundle twice creates
// nothing twice. The same input gives the same Bundle, byte for byte.
import { confirmsCase, DEFAULT_CASE_DEFINITION } from '../../geo/risk/index.ts';
import { createHash } from 'node:crypto';
import { CVX, ICD11, LOCAL_BRAND_SYSTEM, LOINC, SNOMED, VACCINE_CODES, recordIdentifierSystem } from '../../geo/simulate/fhir.ts';

export const NATIONAL_ID_SYSTEMS = {
  cccd: 'http://fhir.ehealth.gov.vn/core/sid/national_id',
  cmnd: 'http://fhir.ehealth.gov.vn/core/sid/citizen_id',
  passport: 'http://fhir.ehealth.gov.vn/core/sid/passport_number',
} as const;
export const INSURANCE_SYSTEM = 'http://fhir.ehealth.gov.vn/core/sid/insurance_number';
/** riskmap's own person number: lets a Patient be found again when a later record carries no ID number. */
export const PERSON_SYSTEM = 'urn:riskmap:person';
const COVID_19 = { system: SNOMED, code: '840539006', display: 'COVID-19' };

export interface FhirIdentifier {
  system: string;
  value: string;
}

export interface PushPerson {
  districtId: number;
  id: number;
  fullName: string;
  /** ISO date or year. */
  birthDate: string | null;
  sex: 'M' | 'F' | null;
  /** E.164. */
  phone: string | null;
  /** Identifiers as the records carried them (national ID, insurance number). */
  identifiers: FhirIdentifier[];
}

interface PushEventBase {
  sourceCode: string;
  sourceRecordId: string;
  /** Event version: 1 is sent as a conditional create, later versions as a conditional update (a correction). */
  version: number;
}

export interface PushVaccination extends PushEventBase {
  kind: 'vaccination';
  doseNumber: number;
  /** Local brand code (AZ, PFIZER, …). */
  vaccineCode: string;
  cvx: string | null;
  icd11: string | null;
  lotNumber: string | null;
  /** ISO date. */
  vaccinatedOn: string;
  site: string | null;
}

export interface PushTest extends PushEventBase {
  kind: 'test_result';
  method: 'pcr' | 'antigen';
  pooled: boolean;
  /** ISO date-time with offset. */
  sampleTime: string;
  result: 'positive' | 'negative' | 'inconclusive';
  lab: string | null;
}

export type PushEvent = PushVaccination | PushTest;
type Json = Record<string, unknown>;

export interface BundleEntry {
  fullUrl: string;
  resource: Json;
  request: { method: 'POST' | 'PUT'; url: string; ifNoneExist?: string };
}

export interface TransactionBundle {
  resourceType: 'Bundle';
  type: 'transaction';
  entry: BundleEntry[];
}

/** A urn:uuid derived from text (SHA-1 name-based, RFC 4122 version 5 layout): deterministic. */
export function deterministicUuid(text: string): string {
  const hex = createHash('sha1').update(`riskmap-national:${text}`).digest('hex');
  const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** FHIR search escaping of a token part ($ , | \ are special), then URL encoding. */
const searchPart = (text: string) => encodeURIComponent(text.replace(/[\\$,|]/g, (c) => `\\${c}`));

/** `identifier=<system>|<value>[,<system>|<value>…]`: any of them matches (FHIR OR on one parameter). */
export function identifierQuery(identifiers: readonly FhirIdentifier[]): string {
  return `identifier=${identifiers.map((i) => `${searchPart(i.system)}|${searchPart(i.value)}`).join(',')}`;
}

/** The business identifier of an event at the national system. */
export function eventIdentifier(event: PushEvent): FhirIdentifier {
  return { system: recordIdentifierSystem(event.sourceCode), value: event.sourceRecordId };
}

/** The Patient's identifiers: the records' own (deduplicated, sorted by system) then riskmap's person number. */
export function patientIdentifiers(person: PushPerson): FhirIdentifier[] {
  const bySystem = new Map<string, FhirIdentifier>();
  for (const i of person.identifiers) if (i.value && !bySystem.has(i.system)) bySystem.set(i.system, { system: i.system, value: i.value });
  const own = [...bySystem.values()].sort((a, b) => a.system.localeCompare(b.system));
  return [...own, { system: PERSON_SYSTEM, value: String(person.id) }];
}

/** Patient: identifiers, name (family name first, as Vietnamese names are written), gender, birth date, phone. */
export function buildPatient(person: PushPerson): Json {
  const words = person.fullName.trim().split(/\s+/);
  const patient: Json = {
    resourceType: 'Patient',
    identifier: patientIdentifiers(person),
    name: [{ text: person.fullName, family: words[0], given: words.slice(1) }],
    gender: person.sex === 'M' ? 'male' : person.sex === 'F' ? 'female' : 'unknown',
  };
  if (person.birthDate) patient.birthDate = person.birthDate;
  if (person.phone) patient.telecom = [{ system: 'phone', value: person.phone, use: 'mobile' }];
  return patient;
}

export function buildImmunization(event: PushVaccination, patientUrl: string): Json {
  const codes = VACCINE_CODES[event.vaccineCode];
  const coding: Json[] = [];
  const cvx = event.cvx ?? codes?.cvx ?? null;
  const icd11 = event.icd11 ?? codes?.icd11 ?? null;
  if (cvx) coding.push({ system: CVX, code: cvx });
  if (icd11) coding.push({ system: ICD11, code: icd11 });
  coding.push({ system: LOCAL_BRAND_SYSTEM, code: event.vaccineCode });
  const immunization: Json = {
    resourceType: 'Immunization',
    identifier: [eventIdentifier(event)],
    status: 'completed',
    vaccineCode: { coding, ...(codes ? { text: codes.display } : {}) },
    patient: { reference: patientUrl },
    occurrenceDateTime: event.vaccinatedOn,
  };
  if (event.lotNumber) immunization.lotNumber = event.lotNumber;
  if (event.site) immunization.location = { display: event.site };
  immunization.protocolApplied = [{ doseNumberPositiveInt: event.doseNumber, targetDisease: [{ coding: [COVID_19] }] }];
  return immunization;
}

/** SNOMED CT result of a test (formats.md): pooled specimens have their own codes; antigen tests Positive/Negative. */
export function resultCoding(event: Pick<PushTest, 'method' | 'pooled' | 'result'>): { system: string; code: string; display: string } {
  const code = (c: string, display: string) => ({ system: SNOMED, code: c, display });
  if (event.result === 'inconclusive') return code('419984006', 'Inconclusive');
  const positive = event.result === 'positive';
  if (event.pooled) return positive ? code('462371000124108', 'Detected in pooled specimen') : code('895231008', 'Not detected in pooled specimen');
  if (event.method === 'antigen') return positive ? code('10828004', 'Positive') : code('260385009', 'Negative');
  return positive ? code('260373001', 'Detected') : code('260415000', 'Not detected');
}

/**
 * Tag on a positive result saying whether the national count takes it as a
 * confirmed case (geo/risk/case-definitions, `national`: individual RT-PCR only
 * in 2021), so that the national tally and the city map may count differently
 * without the receiver guessing: `confirms-case` or `not-a-case-nationally`.
 */
export const NATIONAL_CASE_TAG_SYSTEM = 'urn:riskmap:case-definition:national';

export function buildObservation(event: PushTest, patientUrl: string): Json {
  const loinc = event.method === 'pcr'
    ? { system: LOINC, code: '94500-6', display: 'SARS-CoV-2 RNA [Presence] in Respiratory specimen by NAA with probe detection' }
    : { system: LOINC, code: '94558-4', display: 'SARS-CoV-2 Ag [Presence] in Respiratory specimen by Rapid immunoassay' };
  const observation: Json = {
    resourceType: 'Observation',
    identifier: [eventIdentifier(event)],
    status: event.version > 1 ? 'corrected' : 'final',
    code: { coding: [loinc] },
    subject: { reference: patientUrl },
    effectiveDateTime: event.sampleTime,
    valueCodeableConcept: { coding: [resultCoding(event)] },
  };
  if (event.lab) observation.performer = [{ display: event.lab }];
  if (event.result === 'positive') {
    const confirms = confirmsCase(DEFAULT_CASE_DEFINITION, 'national', { method: event.method, pooled: event.pooled, date: event.sampleTime.slice(0, 10) });
    observation.meta = { tag: [{ system: NATIONAL_CASE_TAG_SYSTEM, code: confirms ? 'confirms-case' : 'not-a-case-nationally' }] };
  }
  return observation;
}

/**
 * The request of an event entry: version 1 is a conditional create
 * (POST + ifNoneExist on the business identifier); a correction (version > 1)
 * is a conditional update (PUT Type?identifier=…), which replaces the record
 * sent before or creates it when the first version never arrived.
 */
export function eventRequest(resourceType: string, event: PushEvent): BundleEntry['request'] {
  const query = identifierQuery([eventIdentifier(event)]);
  return event.version > 1 ? { method: 'PUT', url: `${resourceType}?${query}` } : { method: 'POST', url: resourceType, ifNoneExist: query };
}

/** An event's key within riskmap: kind, source, record id. */
export const eventKey = (e: Pick<PushEvent, 'kind' | 'sourceCode' | 'sourceRecordId'>): string => `${e.kind}/${e.sourceCode}/${e.sourceRecordId}`;

/** Events in Bundle order (by key): the order of the entries after the Patient, and of the transaction-response. */
export function sortEvents<T extends PushEvent>(events: readonly T[]): T[] {
  return [...events].sort((a, b) => (eventKey(a) < eventKey(b) ? -1 : eventKey(a) > eventKey(b) ? 1 : 0));
}

/**
 * One transaction Bundle for a person and their events (in a stable order:
 * kind, source, record id). The Patient is a conditional create on any of its
 * identifiers: an ID number or riskmap's person number already known to the
 * national system resolves to that Patient; two different Patients matching
 * is a 412 there, which needs a person to sort out.
 */
export function buildPersonBundle(person: PushPerson, events: readonly PushEvent[]): TransactionBundle {
  const patientUrl = `urn:uuid:${deterministicUuid(`person/${person.id}`)}`;
  const entries: BundleEntry[] = [{
    fullUrl: patientUrl,
    resource: buildPatient(person),
    request: { method: 'POST', url: 'Patient', ifNoneExist: identifierQuery(patientIdentifiers(person)) },
  }];
  for (const event of sortEvents(events)) {
    const resource = event.kind === 'vaccination' ? buildImmunization(event, patientUrl) : buildObservation(event, patientUrl);
    entries.push({ fullUrl: `urn:uuid:${deterministicUuid(eventKey(event))}`, resource, request: eventRequest(resource.resourceType as string, event) });
  }
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}

/** The Patient identifiers of a record's ID number and insurance number, in FHIR form. */
export function recordIdentifiers(nationalId: { kind: keyof typeof NATIONAL_ID_SYSTEMS; number: string } | null, insuranceNumber: string | null): FhirIdentifier[] {
  const ids: FhirIdentifier[] = [];
  if (nationalId) ids.push({ system: NATIONAL_ID_SYSTEMS[nationalId.kind], value: nationalId.number });
  if (insuranceNumber) ids.push({ system: INSURANCE_SYSTEM, value: insuranceNumber });
  return ids;
}
