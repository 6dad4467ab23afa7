/**
 * Row normalisers: a raw record (cell text per canonical field, after column
 * mapping) to a normalised test-result or vaccination record with its field
 * issues and repair flags. A row with any 'reject' issue is rejected (it
 * goes to the correction queue, never dropped); warnings do not block.
 */
import { parseDate, parseDateTime } from './dates.ts';
import type { RawRecord } from './fields.ts';
import { fail, succeed, type NormaliseResult } from './quality-codes.ts';
import { RowIssues, type RowOutcome } from './row-issues.ts';
import { normalisePersonFields, type NormalisedPerson, type RowOptions } from './row-person.ts';
import { normaliseTestMethod, normaliseTestResult, type TestMethod, type TestOutcome } from './test-results.ts';
import { foldKey } from './text.ts';
import { normaliseDoseNumber, normaliseVaccine, type VaccineCode } from './vaccines.ts';

export type { RowOptions, NormalisedPerson } from './row-person.ts';
export type { FieldFlag, FieldIssue, IssueSeverity, RowOutcome } from './row-issues.ts';

/** A normalised test-result row. Null fields were absent or rejected. */
export interface NormalisedTestRow {
  recordId: string | null;
  person: NormalisedPerson;
  /** Vietnam wall-clock ISO date-time of sampling. Required. */
  sampleTime: string | null;
  method: TestMethod | null;
  result: TestOutcome | null;
  /** True when the result text, a SNOMED pooled code or the "Mẫu gộp" column says so. */
  pooled: boolean;
  sampleId: string | null;
  lab: string | null;
  resultTime: string | null;
}

/** A normalised vaccination row. Null fields were absent or rejected. */
export interface NormalisedVaccinationRow {
  recordId: string | null;
  person: NormalisedPerson;
  /** 1–5. Required. */
  doseNumber: number | null;
  vaccine: VaccineCode | null;
  /** ISO date. Required. */
  vaccinationDate: string | null;
  lotNumber: string | null;
  site: string | null;
  priorityGroup: string | null;
  occupation: string | null;
}

const YES = new Set(['x', 'co', 'c', '1', 'yes', 'y', 'true', 'gop', 'mau gop', 'pooled', 'v']);
const NO = new Set(['khong', 'k', '0', 'no', 'n', 'false', 'don', 'mau don', 'single']);

/** Reads a yes/no cell ("x", "có", "1", "gộp" / "không", "0", "đơn"); blank → FIELD_MISSING; else YES_NO_UNKNOWN. */
export function parseYesNo(raw: string | undefined): NormaliseResult<boolean> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING');
  const key = foldKey(raw);
  if (YES.has(key)) return succeed(true);
  if (NO.has(key)) return succeed(false);
  return fail('YES_NO_UNKNOWN', `"${raw.trim().slice(0, 20)}" is neither yes nor no.`);
}

/** Trimmed free text, or null. */
function text(row: RowIssues, field: Parameters<RowIssues['cell']>[0]): string | null {
  return row.cell(field)?.trim().replace(/\s+/g, ' ') ?? null;
}

/**
 * Normalises one test-result row. Rejects: missing/malformed name, missing,
 * unparseable or out-of-range sample time (before earliestEventDate or after
 * today), unknown method (unless `defaultMethod`), unknown result, any
 * FIELD_TOO_LONG. Warns: birth date, sex, ID (incl. BASIC_INFO_MISMATCH),
 * phone, address, pooled, result time.
 */
export function normaliseTestRow(raw: RawRecord, options: RowOptions & { defaultMethod?: TestMethod }): RowOutcome<NormalisedTestRow> {
  const row = new RowIssues(raw);
  const person = normalisePersonFields(row, options);
  const bounds = { min: options.earliestEventDate ?? '2020-01-01', max: options.today };
  const sampleTime = row.take('sampleTime', parseDateTime(row.cell('sampleTime'), bounds), 'reject', true);
  const methodCell = row.cell('testMethod');
  const method = methodCell === undefined && options.defaultMethod
    ? options.defaultMethod
    : row.take('testMethod', normaliseTestMethod(methodCell), 'reject', true);
  const result = row.take('result', normaliseTestResult(row.cell('result')), 'reject', true);
  const pooledColumn = row.take('pooled', parseYesNo(row.cell('pooled')), 'warning');
  const resultTime = row.take('resultTime', parseDateTime(row.cell('resultTime'), bounds), 'warning');
  return row.finish({
    recordId: text(row, 'recordId'),
    person,
    sampleTime,
    method,
    result: result?.result ?? null,
    pooled: (result?.pooled ?? false) || pooledColumn === true,
    sampleId: text(row, 'sampleId'),
    lab: text(row, 'lab'),
    resultTime,
  });
}

/**
 * Normalises one vaccination row. Rejects: missing/malformed name, dose
 * missing/unparseable/outside 1–5, vaccine unknown or ambiguous,
 * vaccination date missing/unparseable/out of range, any FIELD_TOO_LONG.
 * Warns: the person fields other than the name.
 */
export function normaliseVaccinationRow(raw: RawRecord, options: RowOptions): RowOutcome<NormalisedVaccinationRow> {
  const row = new RowIssues(raw);
  const person = normalisePersonFields(row, options);
  const bounds = { min: options.earliestEventDate ?? '2020-01-01', max: options.today };
  return row.finish({
    recordId: text(row, 'recordId'),
    person,
    doseNumber: row.take('doseNumber', normaliseDoseNumber(row.cell('doseNumber')), 'reject', true),
    vaccine: row.take('vaccineName', normaliseVaccine(row.cell('vaccineName')), 'reject', true),
    vaccinationDate: row.take('vaccinationDate', parseDate(row.cell('vaccinationDate'), bounds), 'reject', true),
    lotNumber: text(row, 'lotNumber')?.toUpperCase() ?? null,
    site: text(row, 'site'),
    priorityGroup: text(row, 'priorityGroup'),
    occupation: text(row, 'occupation'),
  });
}
