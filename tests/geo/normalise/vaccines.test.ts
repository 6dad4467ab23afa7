import { describe, expect, it } from 'vitest';
import { normaliseDoseNumber, normaliseVaccine, VACCINES } from '../../../geo/normalise/vaccines.ts';

describe('normaliseVaccine', () => {
  it.each([
    ['AstraZeneca', 'AZ'], ['astrazeneca', 'AZ'], ['Astra', 'AZ'], ['AZ', 'AZ'], ['Vaxzevria', 'AZ'], ['ChAdOx1', 'AZ'],
    ['Vắc xin AstraZeneca', 'AZ'], ['ASTRA ZENECA (Vaxzevria)', 'AZ'], ['Vắc xin AZ', 'AZ'],
    ['Pfizer', 'PFIZER'], ['Comirnaty', 'PFIZER'], ['Pfizer-BioNTech', 'PFIZER'], ['pfizer biontech', 'PFIZER'],
    ['Moderna', 'MODERNA'], ['Spikevax', 'MODERNA'],
    ['Sinopharm', 'SINOPHARM'], ['Vero Cell', 'SINOPHARM'], ['Verocell', 'SINOPHARM'], ['BBIBP-CorV', 'SINOPHARM'],
    ['Sputnik V', 'SPUTNIK'], ['Gam-COVID-Vac', 'SPUTNIK'], ['Janssen', 'JANSSEN'], ['J&J', 'JANSSEN'],
    ['Johnson & Johnson', 'JANSSEN'], ['Hayat-Vax', 'HAYAT'], ['Hayat-Vax (Sinopharm)', 'HAYAT'], ['Abdala', 'ABDALA'],
    ['210', 'AZ'], ['CVX 208', 'PFIZER'], ['207', 'MODERNA'], ['510', 'SINOPHARM'], ['505', 'SPUTNIK'], ['212', 'JANSSEN'],
    ['XM4YL8', 'AZ'], ['xm8nq0', 'PFIZER'], ['XM9FQ7', 'HAYAT'], ['XM5JC5', 'ABDALA'], ['ICD-11: XM8866', 'SINOPHARM'],
  ])('%s → %s', (input, brand) => {
    const r = normaliseVaccine(input);
    expect(r.ok && r.value.brand).toBe(brand);
  });
  it('returns the full code record', () => {
    expect(normaliseVaccine('Astra')).toEqual({ ok: true, value: { brand: 'AZ', cvx: '210', icd11: 'XM4YL8', name: 'AstraZeneca (Vaxzevria)' }, flags: [] });
    expect(normaliseVaccine('Abdala')).toMatchObject({ ok: true, value: { cvx: null, icd11: 'XM5JC5' } });
  });
  it('keeps the table consistent: unique brands, CVX and ICD-11 codes', () => {
    const brands = VACCINES.map((v) => v.code.brand);
    const cvx = VACCINES.map((v) => v.code.cvx).filter((c) => c !== null);
    const icd = VACCINES.map((v) => v.code.icd11);
    expect(new Set(brands).size).toBe(brands.length);
    expect(new Set(cvx).size).toBe(cvx.length);
    expect(new Set(icd).size).toBe(icd.length);
  });
  it.each([
    ['Covaxin', 'VACCINE_UNKNOWN'], ['500', 'VACCINE_UNKNOWN'], ['A', 'VACCINE_UNKNOWN'], ['Pfizer hoặc Moderna', 'VACCINE_AMBIGUOUS'],
    ['', 'FIELD_MISSING'], ['z'.repeat(1000), 'FIELD_TOO_LONG'],
  ])('%s → %s', (input, code) => {
    const r = normaliseVaccine(input);
    expect(r.ok ? null : r.error.code).toBe(code);
  });
});

describe('normaliseDoseNumber', () => {
  it.each([
    ['1', 1, []], ['1.0', 1, []], ['Mũi 1', 1, []], ['mui 2', 2, []], ['M2', 2, []], ['dose 3', 3, []], ['Lần 2', 2, []],
    ['mũi thứ hai', 2, []], ['5', 5, []],
    ['nhắc lại', 3, ['DOSE_BOOSTER_ASSUMED']], ['Booster', 3, ['DOSE_BOOSTER_ASSUMED']], ['Mũi nhắc lại', 3, ['DOSE_BOOSTER_ASSUMED']],
    ['Nhắc lại lần 1', 3, ['DOSE_BOOSTER_NUMBERED']], ['booster 2', 4, ['DOSE_BOOSTER_NUMBERED']],
    ['Mũi 3 (nhắc lại)', 3, ['DOSE_BOOSTER_NUMBERED']],
  ])('%s → %s', (input, dose, flags) => expect(normaliseDoseNumber(input)).toEqual({ ok: true, value: dose, flags }));
  it.each([
    ['0', 'DOSE_OUT_OF_RANGE'], ['9', 'DOSE_OUT_OF_RANGE'], ['6', 'DOSE_OUT_OF_RANGE'], ['-1', 'DOSE_OUT_OF_RANGE'],
    ['Mũi 0', 'DOSE_OUT_OF_RANGE'], ['abc', 'DOSE_UNPARSEABLE'], ['1 2', 'DOSE_UNPARSEABLE'], ['', 'FIELD_MISSING'],
    ['1'.repeat(200), 'FIELD_TOO_LONG'],
  ])('%s → %s', (input, code) => {
    const r = normaliseDoseNumber(input);
    expect(r.ok ? null : r.error.code).toBe(code);
  });
});
