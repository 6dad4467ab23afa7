// The local receiver enforces what the push relies on; if it did not, the push tests would prove nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPersonBundle, type PushPerson, type PushVaccination } from '../../../server/national/bundle.ts';
import { startFhirReceiver, type FhirReceiver } from '../../helpers/fhir-receiver.ts';

const person: PushPerson = { districtId: 1, id: 7, fullName: 'Trần Văn An', birthDate: '1980-01-02', sex: 'M', phone: null, identifiers: [] };
const dose: PushVaccination = {
  kind: 'vaccination', sourceCode: 'rx', sourceRecordId: 'r-1', version: 1, doseNumber: 1, vaccineCode: 'PFIZER', cvx: '208', icd11: 'XM8NQ0',
  lotNumber: null, vaccinatedOn: '2021-08-01', site: null,
};

describe('local FHIR receiver', () => {
  let receiver: FhirReceiver;
  const post = async (body: unknown) => {
    const response = await fetch(receiver.url, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() as Record<string, any> };
  };
  beforeAll(async () => { receiver = await startFhirReceiver(); });
  afterAll(async () => receiver.close());

  it('creates once: a second identical transaction resolves every ifNoneExist to what exists', async () => {
    const bundle = buildPersonBundle(person, [dose]);
    const first = await post(bundle);
    expect(first.status).toBe(200);
    expect(first.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['201 Created', '201 Created']);
    const second = await post(bundle);
    expect(second.body.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual(['200 OK', '200 OK']);
    expect(receiver.find('Immunization')).toHaveLength(1);
    expect(receiver.find('Immunization')[0]?.resource.patient.reference).toBe(`Patient/${receiver.find('Patient')[0]?.id}`);
  });

  it('refuses an Immunization without protocolApplied.doseNumber and keeps nothing of the transaction', async () => {
    const bundle = buildPersonBundle({ ...person, id: 8 }, [{ ...dose, sourceRecordId: 'r-2' }]);
    delete (bundle.entry[1]?.resource.protocolApplied as Array<Record<string, unknown>>)[0]?.doseNumberPositiveInt;
    const answer = await post(bundle);
    expect(answer.status).toBe(422);
    expect(answer.body.issue[0]).toMatchObject({ code: 'required', expression: ['Bundle.entry[1].resource.protocolApplied[0].doseNumber'] });
    expect(receiver.find('Patient', { system: 'urn:riskmap:person', value: '8' })).toHaveLength(0);
  });

  it('answers 412 when an ifNoneExist matches more than one resource, and 400 for an unresolved urn:uuid', async () => {
    for (let i = 0; i < 2; i++) receiver.seed({ resourceType: 'Patient', identifier: [{ system: 'urn:riskmap:person', value: '9' }] });
    expect((await post(buildPersonBundle({ ...person, id: 9 }, [{ ...dose, sourceRecordId: 'r-3' }]))).status).toBe(412);
    const dangling = buildPersonBundle({ ...person, id: 10 }, [{ ...dose, sourceRecordId: 'r-4' }]);
    (dangling.entry[1]?.resource.patient as { reference: string }).reference = 'urn:uuid:00000000-0000-5000-8000-000000000000';
    expect((await post(dangling)).status).toBe(400);
    expect(receiver.find('Immunization')).toHaveLength(1);
  });
});
