import { describe, expect, it } from 'vitest';
import { normaliseTestMethod, normaliseTestResult } from '../../../geo/normalise/test-results.ts';

describe('normaliseTestResult', () => {
  it.each([
    ['Dương tính', 'positive', false], ['DƯƠNG TÍNH', 'positive', false], ['duong tinh', 'positive', false],
    ['DT', 'positive', false], ['+', 'positive', false], ['Positive', 'positive', false], ['POS', 'positive', false],
    ['Detected', 'positive', false], ['Dương tính (Ct=24)', 'positive', false],
    ['Âm tính', 'negative', false], ['am tinh', 'negative', false], ['AT', 'negative', false], ['-', 'negative', false],
    ['\u2212', 'negative', false], ['negative', 'negative', false], ['Not detected', 'negative', false],
    ['Không phát hiện', 'negative', false],
    ['Nghi ngờ', 'inconclusive', false], ['Inconclusive', 'inconclusive', false], ['Không xác định', 'inconclusive', false],
    ['Dương tính (mẫu gộp)', 'positive', true], ['Mẫu gộp âm tính', 'negative', true], ['pooled negative', 'negative', true],
    ['DT mẫu gộp', 'positive', true],
    ['260373001', 'positive', false], ['260415000', 'negative', false], ['10828004', 'positive', false],
    ['260385009', 'negative', false], ['462371000124108', 'positive', true], ['895231008', 'negative', true],
    ['SNOMED: 260373001', 'positive', false],
  ])('%s → %s (pooled %s)', (input, result, pooled) => expect(normaliseTestResult(input)).toEqual({ ok: true, value: { result, pooled }, flags: [] }));

  it.each([
    ['maybe', 'RESULT_UNKNOWN'], ['123', 'RESULT_UNKNOWN'], ['?', 'RESULT_UNKNOWN'], ['', 'FIELD_MISSING'],
    [undefined, 'FIELD_MISSING'], ['d'.repeat(300), 'FIELD_TOO_LONG'],
  ])('%s → %s', (input, code) => {
    const r = normaliseTestResult(input);
    expect(r.ok ? null : r.error.code).toBe(code);
  });
});

describe('normaliseTestMethod', () => {
  it.each([
    ['RT-PCR', 'pcr'], ['PCR', 'pcr'], ['rt pcr', 'pcr'], ['Realtime PCR', 'pcr'], ['PCR mẫu gộp', 'pcr'], ['94500-6', 'pcr'],
    ['LOINC 94500-6', 'pcr'], ['Test nhanh', 'antigen'], ['test nhanh kháng nguyên', 'antigen'], ['Xét nghiệm nhanh', 'antigen'],
    ['Antigen', 'antigen'], ['Rapid test', 'antigen'], ['SARS-CoV-2 Ag', 'antigen'], ['94558-4', 'antigen'], ['95209-3', 'antigen'],
  ])('%s → %s', (input, method) => expect(normaliseTestMethod(input)).toEqual({ ok: true, value: method, flags: [] }));
  it.each([['ELISA', 'METHOD_UNKNOWN'], ['', 'FIELD_MISSING'], ['x'.repeat(500), 'FIELD_TOO_LONG']])('%s → %s', (input, code) => {
    const r = normaliseTestMethod(input);
    expect(r.ok ? null : r.error.code).toBe(code);
  });
});
