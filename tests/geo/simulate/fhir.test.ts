import { describe, expect, it } from 'vitest';
import { buildFhirBundle, LOINC, NATIONAL_ID_SYSTEM, SNOMED } from '../../../geo/simulate/fhir.ts';
import { simulateCity } from '../../../geo/simulate/index.ts';
import { mergeParameters } from '../../../geo/simulate/parameters.ts';
import { buildTestCity } from './test-city.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const params = mergeParameters({ startDate: '2021-08-20', endDate: '2021-09-05' });
const RESULT_CODES = new Set(['260373001', '260415000', '10828004', '260385009', '462371000124108', '895231008']);

describe('FHIR R4 bundles (formats.md)', () => {
  const population = buildTestCity(4_000, 1, 2, params.startDate);
  const city = simulateCity(population, params, 'fhir');
  const bundles = city.submissions.map((s) => ({ s, source: city.sources[s.source]! }))
    .map(({ s, source }) => ({ s, bundle: buildFhirBundle(source, s.records) as Json }));
  const entries = bundles.flatMap((b) => b.bundle.entry as Json[]);
  const byUrl = new Map(entries.map((e) => [e.fullUrl, e.resource]));
  const events = entries.filter((e) => e.resource.resourceType !== 'Patient');

  it('are batch Bundles with a Patient and an event per record', () => {
    for (const { s, bundle } of bundles) {
      expect(bundle.resourceType).toBe('Bundle');
      expect(bundle.type).toBe('batch');
      expect(bundle.entry).toHaveLength(2 * s.records.length);
    }
    expect(events.some((e) => e.resource.resourceType === 'Observation')).toBe(true);
    expect(events.some((e) => e.resource.resourceType === 'Immunization')).toBe(true);
  });

  it('give every Observation status, code, subject, effectiveDateTime and a SNOMED result', () => {
    for (const { resource: o } of events.filter((e) => e.resource.resourceType === 'Observation')) {
      expect(['final', 'corrected']).toContain(o.status);
      expect(o.code.coding[0].system).toBe(LOINC);
      expect(['94500-6', '94558-4', '95209-3']).toContain(o.code.coding[0].code);
      expect(byUrl.get(o.subject.reference)?.resourceType).toBe('Patient');
      expect(o.effectiveDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+07:00$/);
      expect(o.valueCodeableConcept.coding[0].system).toBe(SNOMED);
      expect(RESULT_CODES.has(o.valueCodeableConcept.coding[0].code)).toBe(true);
    }
  });

  it('give every Immunization status, vaccineCode, patient, occurrenceDateTime and protocolApplied.doseNumber for COVID-19', () => {
    for (const { resource: i } of events.filter((e) => e.resource.resourceType === 'Immunization')) {
      expect(i.status).toBe('completed');
      expect(i.vaccineCode.coding.length).toBeGreaterThan(0);
      expect(i.vaccineCode.coding.some((c: Json) => c.system === 'urn:riskmap:vaccine-brand')).toBe(true);
      expect(byUrl.get(i.patient.reference)?.resourceType).toBe('Patient');
      expect(i.occurrenceDateTime).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(i.protocolApplied[0].doseNumberPositiveInt).toBeGreaterThanOrEqual(1);
      expect(i.protocolApplied[0].targetDisease[0].coding[0]).toMatchObject({ system: SNOMED, code: '840539006' });
    }
  });

  it('identify every event by source and record id, created only if none exists', () => {
    for (const e of events) {
      const id = e.resource.identifier[0];
      expect(id.system).toMatch(/^urn:riskmap:source:/);
      expect(e.request).toMatchObject({ method: 'POST', url: e.resource.resourceType });
      expect(e.request.ifNoneExist).toBe(`identifier=${encodeURIComponent(id.system)}|${encodeURIComponent(id.value)}`);
    }
  });

  it('identify patients by CCCD under the Vietnamese core system when the record has one', () => {
    const patients = entries.filter((e) => e.resource.resourceType === 'Patient').map((e) => e.resource);
    const withCccd = patients.filter((p) => p.identifier?.[0]?.value?.length === 12);
    expect(withCccd.length).toBeGreaterThan(0);
    for (const p of withCccd) expect(p.identifier[0].system).toBe(NATIONAL_ID_SYSTEM);
    for (const p of patients) expect(['male', 'female']).toContain(p.gender);
  });
});
