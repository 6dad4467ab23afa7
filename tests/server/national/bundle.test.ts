import { describe, expect, it } from 'vitest';
import {
  buildPersonBundle, identifierQuery, INSURANCE_SYSTEM, NATIONAL_ID_SYSTEMS, PERSON_SYSTEM, recordIdentifiers, resultCoding,
  type PushPerson, type PushTest, type PushVaccination,
} from '../../../server/national/bundle.ts';
import { parseIdentifierQuery } from '../../helpers/fhir-receiver.ts';

const person: PushPerson = {
  districtId: 3, id: 1234, fullName: 'Nguyễn Thị Thu Hà', birthDate: '1990-04-02', sex: 'F', phone: '+84901234567',
  identifiers: [{ system: NATIONAL_ID_SYSTEMS.cccd, value: '079190001234' }, { system: INSURANCE_SYSTEM, value: 'DN4797912345678' }],
};
const dose: PushVaccination = {
  kind: 'vaccination', sourceCode: 'site-q1', sourceRecordId: 'v-1', version: 1, doseNumber: 2, vaccineCode: 'AZ', cvx: '210', icd11: 'XM4YL8',
  lotNumber: 'NJ0089', vaccinatedOn: '2021-08-15', site: 'Trạm y tế phường Bến Nghé',
};
const pooled: PushTest = {
  kind: 'test_result', sourceCode: 'lab-7', sourceRecordId: 't|1,2', version: 1, method: 'pcr', pooled: true,
  sampleTime: '2021-08-20T09:30:00+07:00', result: 'negative', lab: 'Pasteur',
};

describe('national push bundles', () => {
  it('builds one transaction per person: the Patient as a conditional create on its identifiers, then the events', () => {
    const bundle = buildPersonBundle(person, [pooled, dose]);
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    const [patient, ...events] = bundle.entry;
    expect(patient?.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(patient?.resource).toEqual({
      resourceType: 'Patient',
      identifier: [
        { system: INSURANCE_SYSTEM, value: 'DN4797912345678' },
        { system: NATIONAL_ID_SYSTEMS.cccd, value: '079190001234' },
        { system: PERSON_SYSTEM, value: '1234' },
      ],
      name: [{ text: 'Nguyễn Thị Thu Hà', family: 'Nguyễn', given: ['Thị', 'Thu', 'Hà'] }],
      gender: 'female', birthDate: '1990-04-02', telecom: [{ system: 'phone', value: '+84901234567', use: 'mobile' }],
    });
    expect(patient?.request.method).toBe('POST');
    expect(parseIdentifierQuery(patient?.request.ifNoneExist as string)).toEqual((patient?.resource.identifier as unknown[]));
    // Events in a stable order (kind, source, record id) whatever order they came in.
    expect(events.map((e) => e.resource.resourceType)).toEqual(['Observation', 'Immunization']);
    for (const e of events) {
      const ref = (e.resource.subject ?? e.resource.patient) as { reference: string };
      expect(ref.reference).toBe(patient?.fullUrl);
    }
  });

  it('gives an Immunization CVX, ICD-11 and the local brand, the dose, lot, date and COVID-19 as target disease', () => {
    const immunization = buildPersonBundle(person, [dose]).entry[1];
    expect(immunization?.resource).toMatchObject({
      resourceType: 'Immunization', status: 'completed', occurrenceDateTime: '2021-08-15', lotNumber: 'NJ0089',
      identifier: [{ system: 'urn:riskmap:source:site-q1', value: 'v-1' }],
      vaccineCode: { coding: [
        { system: 'http://hl7.org/fhir/sid/cvx', code: '210' }, { system: 'http://id.who.int/icd/release/11/mms', code: 'XM4YL8' },
        { system: 'urn:riskmap:vaccine-brand', code: 'AZ' }] },
      protocolApplied: [{ doseNumberPositiveInt: 2, targetDisease: [{ coding: [{ system: 'http://snomed.info/sct', code: '840539006' }] }] }],
    });
    expect(immunization?.request).toEqual({ method: 'POST', url: 'Immunization', ifNoneExist: 'identifier=urn%3Ariskmap%3Asource%3Asite-q1|v-1' });
  });

  it('codes test results per formats.md, pooled specimens included, and escapes identifier values in searches', () => {
    const observation = buildPersonBundle(person, [pooled]).entry[1];
    expect(observation?.resource).toMatchObject({
      resourceType: 'Observation', status: 'final', effectiveDateTime: '2021-08-20T09:30:00+07:00',
      code: { coding: [{ system: 'http://loinc.org', code: '94500-6' }] },
      valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '895231008' }] },
    });
    expect(parseIdentifierQuery(observation?.request.ifNoneExist as string)).toEqual([{ system: 'urn:riskmap:source:lab-7', value: 't|1,2' }]);
    const cases: Array<[PushTest['method'], boolean, PushTest['result'], string]> = [
      ['pcr', false, 'positive', '260373001'], ['pcr', false, 'negative', '260415000'], ['antigen', false, 'positive', '10828004'],
      ['antigen', false, 'negative', '260385009'], ['pcr', true, 'positive', '462371000124108'], ['pcr', true, 'negative', '895231008'],
    ];
    for (const [method, isPooled, result, code] of cases) expect(resultCoding({ method, pooled: isPooled, result }).code).toBe(code);
    const antigen = buildPersonBundle(person, [{ ...pooled, method: 'antigen', pooled: false }]).entry[1];
    expect(antigen?.resource.code).toMatchObject({ coding: [{ code: '94558-4' }] });
  });

  it('tags positive results with the national case definition: individual RT-PCR confirms, antigen and pools do not', () => {
    const tagOf = (t: Partial<PushTest>) => (buildPersonBundle(person, [{ ...pooled, result: 'positive', ...t }]).entry[1]?.resource as { meta?: { tag: { code: string }[] } }).meta?.tag[0]?.code;
    expect(tagOf({ method: 'pcr', pooled: false })).toBe('confirms-case');
    expect(tagOf({ method: 'pcr', pooled: true })).toBe('not-a-case-nationally');
    expect(tagOf({ method: 'antigen', pooled: false })).toBe('not-a-case-nationally');
    expect(tagOf({ method: 'pcr', pooled: false, result: 'negative' })).toBeUndefined();
  });

  it('sends a correction (version > 1) as a conditional update by business identifier', () => {
    const [, corrected] = buildPersonBundle(person, [{ ...dose, version: 2, lotNumber: 'NJ0090' }]).entry;
    expect(corrected?.request).toEqual({ method: 'PUT', url: 'Immunization?identifier=urn%3Ariskmap%3Asource%3Asite-q1|v-1' });
    expect(corrected?.request).not.toHaveProperty('ifNoneExist');
  });

  it('is deterministic: the same input gives the same bytes', () => {
    const a = JSON.stringify(buildPersonBundle(person, [dose, pooled]));
    const b = JSON.stringify(buildPersonBundle({ ...person, identifiers: [...person.identifiers].reverse() }, [pooled, dose]));
    expect(a).toBe(b);
  });

  it('finds a Patient by riskmap person number alone when no record carried an ID, and leaves out what is unknown', () => {
    const [patient] = buildPersonBundle({ ...person, identifiers: [], birthDate: null, phone: null, sex: null }, [dose]).entry;
    expect(patient?.resource).toEqual({
      resourceType: 'Patient', identifier: [{ system: PERSON_SYSTEM, value: '1234' }],
      name: [{ text: 'Nguyễn Thị Thu Hà', family: 'Nguyễn', given: ['Thị', 'Thu', 'Hà'] }], gender: 'unknown',
    });
    expect(patient?.request.ifNoneExist).toBe(identifierQuery([{ system: PERSON_SYSTEM, value: '1234' }]));
    expect(recordIdentifiers({ kind: 'cmnd', number: '023456789' }, null)).toEqual([{ system: NATIONAL_ID_SYSTEMS.cmnd, value: '023456789' }]);
  });
});
