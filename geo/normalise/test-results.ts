/**
 * COVID-19 test results and methods: Vietnamese and English words, short
 * codes, symbols, SNOMED CT result codes and LOINC method codes.
 */
import { fail, succeed, type NormaliseResult } from './quality-codes.ts';
import { foldKey, isTooLong } from './text.ts';

/** A test outcome. */
export type TestOutcome = 'positive' | 'negative' | 'inconclusive';
/** A test method: RT-PCR (single or pooled) or rapid antigen. */
export type TestMethod = 'pcr' | 'antigen';

/** A normalised result: the outcome and whether the sample was pooled ("mẫu gộp"). */
export interface TestResult {
  result: TestOutcome;
  pooled: boolean;
}

/** SNOMED CT result codes used by FHIR Observation.valueCodeableConcept. */
export const SNOMED_RESULTS: Readonly<Record<string, TestResult>> = {
  '260373001': { result: 'positive', pooled: false }, // Detected
  '260415000': { result: 'negative', pooled: false }, // Not detected
  '10828004': { result: 'positive', pooled: false }, // Positive
  '260385009': { result: 'negative', pooled: false }, // Negative
  '462371000124108': { result: 'positive', pooled: true }, // Detected in pooled specimen
  '895231008': { result: 'negative', pooled: true }, // Not detected in pooled specimen
  '419984006': { result: 'inconclusive', pooled: false }, // Inconclusive
};

/** LOINC codes for SARS-CoV-2 tests: 94500-6 RT-PCR; 94558-4 and 95209-3 rapid antigen. */
export const LOINC_METHODS: Readonly<Record<string, TestMethod>> = {
  '94500-6': 'pcr',
  '94558-4': 'antigen',
  '95209-3': 'antigen',
};

/** Whole-value words (folded) per outcome, checked before phrases. */
const EXACT: Readonly<Record<string, TestOutcome>> = {
  dt: 'positive', '+': 'positive', pos: 'positive',
  at: 'negative', '-': 'negative', neg: 'negative',
};
/** Phrases in order: negatives first, since "không phát hiện" contains "phát hiện". */
const PHRASES: readonly [RegExp, TestOutcome][] = [
  [/\b(am tinh|negative|not detected|non reactive|khong phat hien)\b/, 'negative'],
  [/\b(inconclusive|indeterminate|equivocal|nghi ngo|khong xac dinh|chua xac dinh|invalid|khong hop le)\b/, 'inconclusive'],
  [/\b(duong tinh|positive|detected|reactive|phat hien)\b/, 'positive'],
];
const POOLED = /\b(mau gop|gop|pooled|pool)\b/;

/**
 * Normalises a test result. "Dương tính", "duong tinh", "DT", "+",
 * "positive", "Detected", SNOMED 260373001 → positive; "Âm tính", "AT",
 * "-", "−", "negative", "not detected", "không phát hiện" → negative;
 * "nghi ngờ", "inconclusive", "invalid" → inconclusive. "mẫu gộp"/"pooled"
 * anywhere, or a pooled SNOMED code, sets pooled. Unknown text ("maybe") →
 * RESULT_UNKNOWN; empty → FIELD_MISSING; over 200 characters → FIELD_TOO_LONG.
 */
export function normaliseTestResult(raw: string | undefined): NormaliseResult<TestResult> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING', 'The test result is empty.');
  if (isTooLong(raw, 200)) return fail('FIELD_TOO_LONG', 'The test result is longer than 200 characters.');
  const trimmed = raw.trim().replace(/^(snomed|sct)\s*[:#]?\s*/i, '');
  const snomed = SNOMED_RESULTS[trimmed];
  if (snomed !== undefined) return succeed({ ...snomed });
  const symbol = trimmed.replace(/[\u2212\u2013\u2014]/g, '-');
  if (symbol === '+' || symbol === '-') return succeed({ result: EXACT[symbol] ?? 'inconclusive', pooled: false });
  const key = foldKey(trimmed);
  const pooled = POOLED.test(key);
  const exact = EXACT[key.replace(POOLED, '').trim()];
  if (exact !== undefined) return succeed({ result: exact, pooled });
  for (const [pattern, outcome] of PHRASES) {
    if (pattern.test(key)) return succeed({ result: outcome, pooled });
  }
  return fail('RESULT_UNKNOWN', `"${trimmed.slice(0, 60)}" is not a known test result.`);
}

/** Folded phrases per method; PCR is checked first ("PCR nhanh" is still PCR). */
const METHOD_PHRASES: readonly [RegExp, TestMethod][] = [
  [/\b(rt ?pcr|pcr|real ?time|sinh hoc phan tu|naat|rt lamp|molecular)\b/, 'pcr'],
  [/\b(test nhanh|xet nghiem nhanh|nhanh|khang nguyen|antigen|rapid|ag|rat|quick test|tdr|sars cov 2 ag)\b/, 'antigen'],
];

/**
 * Normalises a test method: "RT-PCR", "PCR", "realtime PCR", "PCR mẫu gộp",
 * LOINC 94500-6 → 'pcr'; "test nhanh", "xét nghiệm nhanh kháng nguyên",
 * "antigen", "rapid", "Ag", LOINC 94558-4 / 95209-3 → 'antigen'. Unknown →
 * METHOD_UNKNOWN; empty → FIELD_MISSING.
 */
export function normaliseTestMethod(raw: string | undefined): NormaliseResult<TestMethod> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING', 'The test method is empty.');
  if (isTooLong(raw, 200)) return fail('FIELD_TOO_LONG', 'The test method is longer than 200 characters.');
  const trimmed = raw.trim().replace(/^loinc\s*[:#]?\s*/i, '');
  const loinc = LOINC_METHODS[trimmed];
  if (loinc !== undefined) return succeed(loinc);
  const key = foldKey(trimmed);
  for (const [pattern, method] of METHOD_PHRASES) {
    if (pattern.test(key)) return succeed(method);
  }
  return fail('METHOD_UNKNOWN', `"${trimmed.slice(0, 60)}" is not a known test method.`);
}
