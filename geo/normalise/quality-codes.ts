/**
 * The one catalog of data-quality codes used by every normaliser, and the
 * result type they return. Normalisers never throw on bad data: they return
 * `{ ok: false, error }` with a code from this catalog, or `{ ok: true, value,
 * flags }` where flags name the repairs made on the way (see REPAIR_FLAGS).
 *
 * The first three codes are the Ministry of Health's error classes from
 * Công văn 2262/BYT-CNTT (2022): no ID number, malformed ID number, wrong
 * basic information (ID, name, date of birth, sex disagree).
 */
export const QUALITY_CODES = {
  ID_MISSING: 'No ID number (MoH class 1).',
  ID_MALFORMED: 'Malformed ID number (MoH class 2).',
  BASIC_INFO_MISMATCH: 'ID number, name, date of birth or sex disagree (MoH class 3).',
  FIELD_MISSING: 'A required field is empty.',
  FIELD_TOO_LONG: 'The cell is longer than the limit for its field; it was not parsed.',
  NAME_MALFORMED: 'The name has no letters or contains characters a name cannot have.',
  NAME_MOJIBAKE: 'The text looks like TCVN3/VNI/UTF-8 mojibake that could not be repaired.',
  DATE_UNPARSEABLE: 'The date is in no known format or is impossible (e.g. 31/02).',
  DATE_OUT_OF_RANGE: 'The date is valid but outside the bounds allowed for this field.',
  PHONE_MALFORMED: 'The phone number is not a Vietnamese mobile or landline number.',
  SEX_UNKNOWN: 'The sex value is not recognised.',
  RESULT_UNKNOWN: 'The test result is not recognised.',
  METHOD_UNKNOWN: 'The test method is not recognised.',
  VACCINE_UNKNOWN: 'The vaccine is not recognised.',
  VACCINE_AMBIGUOUS: 'The vaccine text names more than one vaccine.',
  DOSE_UNPARSEABLE: 'The dose number could not be read.',
  DOSE_OUT_OF_RANGE: 'The dose number is outside 1–5.',
  YES_NO_UNKNOWN: 'A yes/no column (e.g. "Mẫu gộp") holds a value that is neither.',
  ADDRESS_UNPARSEABLE: 'The address line has no recognisable part.',
  DISTRICT_UNKNOWN: 'The district is not in the gazetteer.',
  WARD_UNKNOWN: 'The ward is not in the gazetteer (within its district when known).',
  WARD_AMBIGUOUS: 'The ward name matches several wards; the district is needed.',
} as const;

/** A data-quality code (key of QUALITY_CODES). */
export type QualityCode = keyof typeof QUALITY_CODES;

/**
 * Names of repairs and notes a normaliser made while succeeding. They never
 * block a record; they are counted and shown so a source can fix its export.
 */
export const REPAIR_FLAGS = {
  TEXT_NFC_APPLIED: 'Text was not in Unicode NFC and was normalised.',
  NAME_CASE_FIXED: 'Name was re-cased (e.g. ALL CAPS to title case).',
  NAME_TONE_MARKS_MOVED: 'Tone marks were moved to the chosen convention (hòa, thúy, khỏe).',
  NAME_MOJIBAKE_REPAIRED: 'TCVN3, VNI or UTF-8-as-Windows-1252 mojibake was decoded.',
  NAME_NO_DIACRITICS: 'The name is written without diacritics; linkage is weaker.',
  ID_LEADING_ZERO_RESTORED: 'A leading zero lost by a spreadsheet was put back (11→12 or 8→9 digits).',
  ID_SEPARATORS_REMOVED: 'Spaces, dots or dashes were removed from the ID number.',
  PHONE_LEGACY_PREFIX: 'An old 11-digit mobile prefix was mapped to the 2018 10-digit one.',
  PHONE_LEADING_ZERO_RESTORED: 'A 9-digit mobile number lost its leading zero and it was put back.',
  PHONE_MULTIPLE_TAKE_FIRST: 'The cell held several numbers; the first was kept.',
  DATE_TWO_DIGIT_YEAR: 'A two-digit year was expanded using the documented pivot.',
  DATE_EXCEL_SERIAL: 'The date was an Excel serial number (1900 system).',
  DATE_TIME_ZONE_CONVERTED: 'A UTC or offset time was converted to Vietnam time (UTC+7).',
  DATE_TIME_MISSING: 'A date-time field held only a date; midnight was assumed.',
  DOSE_BOOSTER_ASSUMED: 'A booster ("nhắc lại") without a number was taken as dose 3.',
  DOSE_BOOSTER_NUMBERED: 'A numbered booster (nhắc lại lần n) was taken as dose 2 + n.',
  DISTRICT_MERGED_2021: 'Quận 2, Quận 9 or Quận Thủ Đức was mapped to Thành phố Thủ Đức.',
  DISTRICT_INFERRED_FROM_WARD: 'The district was missing and inferred from a unique ward name.',
} as const;

/** A repair flag (key of REPAIR_FLAGS). */
export type RepairFlag = keyof typeof REPAIR_FLAGS;

/** Why a value was rejected: a catalog code, a human message, optional structured detail. */
export interface QualityError {
  code: QualityCode;
  message: string;
  /** Machine-readable context, e.g. `{ mismatched: ['sex'] }` for BASIC_INFO_MISMATCH. */
  details?: Readonly<Record<string, string | number | readonly string[]>>;
}

/** Outcome of every normaliser: a value with repair flags, or a quality error. */
export type NormaliseResult<T> =
  | { ok: true; value: T; flags: RepairFlag[] }
  | { ok: false; error: QualityError };

/** Builds a success result. `flags` defaults to none. */
export function succeed<T>(value: T, flags: RepairFlag[] = []): NormaliseResult<T> {
  return { ok: true, value, flags };
}

/**
 * Builds a failure result. The message defaults to the catalog text; a
 * specific message should add context (the offending value, the bound).
 */
export function fail<T>(
  code: QualityCode,
  message: string = QUALITY_CODES[code],
  details?: QualityError['details'],
): NormaliseResult<T> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}
