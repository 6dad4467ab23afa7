/**
 * Collecting field errors and repair flags while a row is normalised, and
 * the rule that decides whether a row is rejected.
 */
import type { CanonicalField, RawRecord } from './fields.ts';
import { FIELD_MAX_LENGTH } from './fields.ts';
import type { NormaliseResult, QualityCode, QualityError, RepairFlag } from './quality-codes.ts';

/**
 * 'reject' blocks the row (it goes to the correction queue, never dropped);
 * 'warning' keeps the row and is counted and shown to the source.
 */
export type IssueSeverity = 'reject' | 'warning';

/** One problem with one field of a row. */
export interface FieldIssue {
  field: CanonicalField;
  code: QualityCode;
  message: string;
  severity: IssueSeverity;
  details?: QualityError['details'];
}

/** One repair made to one field of a row. */
export interface FieldFlag {
  field: CanonicalField;
  flag: RepairFlag;
}

/** What a row normaliser returns: the record, its issues and flags, and whether it is rejected. */
export interface RowOutcome<T> {
  record: T;
  issues: FieldIssue[];
  flags: FieldFlag[];
  /** True when any issue has severity 'reject'. */
  rejected: boolean;
}

/** Mutable collector used by the row normalisers; not exported from the row API. */
export class RowIssues {
  readonly issues: FieldIssue[] = [];
  readonly flags: FieldFlag[] = [];
  private readonly tooLong = new Set<CanonicalField>();

  /** Checks every cell's length first, so no parser ever sees an over-long cell. */
  constructor(readonly raw: RawRecord) {
    for (const [field, value] of Object.entries(raw) as [CanonicalField, string | undefined][]) {
      const max = FIELD_MAX_LENGTH[field];
      if (value !== undefined && max !== undefined && value.length > max) {
        this.tooLong.add(field);
        this.issues.push({ field, code: 'FIELD_TOO_LONG', message: `${field} is longer than ${max} characters.`, severity: 'reject' });
      }
    }
  }

  /** The cell text, or undefined when absent, blank or too long. */
  cell(field: CanonicalField): string | undefined {
    const value = this.raw[field];
    return this.tooLong.has(field) || value === undefined || value.trim() === '' ? undefined : value;
  }

  /** True when the cell was present but too long (already reported). */
  wasTooLong(field: CanonicalField): boolean {
    return this.tooLong.has(field);
  }

  /**
   * Records a normaliser's outcome for a field and returns its value or
   * null. FIELD_MISSING is reported only when `required` is given.
   */
  take<T>(field: CanonicalField, result: NormaliseResult<T>, severity: IssueSeverity, required = false): T | null {
    if (result.ok) {
      for (const flag of result.flags) this.flags.push({ field, flag });
      return result.value;
    }
    if (this.wasTooLong(field)) return null;
    if (result.error.code === 'FIELD_MISSING' && !required) return null;
    this.add(field, result.error, severity);
    return null;
  }

  /** Adds an issue directly. */
  add(field: CanonicalField, error: QualityError, severity: IssueSeverity): void {
    this.issues.push({ field, ...error, severity });
  }

  /** Builds the outcome for a finished record. */
  finish<T>(record: T): RowOutcome<T> {
    return { record, issues: this.issues, flags: this.flags, rejected: this.issues.some((i) => i.severity === 'reject') };
  }
}
