/**
 * The canonical fields every source's columns are mapped onto, and the
 * longest cell accepted for each.
 */

/** Canonical field names, in the order of the Vietnamese site exports. */
export const CANONICAL_FIELDS = [
  'rowNumber', 'recordId', 'fullName', 'birthDate', 'sex', 'nationalId', 'phone', 'insuranceNumber',
  'priorityGroup', 'occupation', 'address', 'province', 'district', 'ward',
  'doseNumber', 'vaccineName', 'lotNumber', 'vaccinationDate', 'site',
  'sampleTime', 'testMethod', 'result', 'pooled', 'sampleId', 'lab', 'resultTime',
] as const;

/** One canonical field. */
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** A raw row after column mapping: cell text per canonical field, undefined when the column is absent. */
export type RawRecord = Partial<Record<CanonicalField, string | undefined>>;

/** Longest cell (characters) per field; longer cells are FIELD_TOO_LONG and never parsed. */
export const FIELD_MAX_LENGTH: Readonly<Record<CanonicalField, number>> = {
  rowNumber: 20, recordId: 100, fullName: 200, birthDate: 64, sex: 50, nationalId: 50, phone: 100,
  insuranceNumber: 50, priorityGroup: 200, occupation: 200, address: 500, province: 100, district: 100,
  ward: 100, doseNumber: 100, vaccineName: 200, lotNumber: 100, vaccinationDate: 64, site: 300,
  sampleTime: 64, testMethod: 200, result: 200, pooled: 50, sampleId: 100, lab: 300, resultTime: 64,
};
