// The one error catalog. Every error that reaches a client is one of these
// codes, rendered as { code, message, details } by the handler in app.ts.

export const ERRORS = {
  BAD_REQUEST: { status: 400, message: 'The request is not valid.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  UNAUTHORIZED: { status: 401, message: 'Sign in first.' },
  FORBIDDEN: { status: 403, message: 'You may not do this.' },
  CONFLICT: { status: 409, message: 'This conflicts with the current state.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; try again later.' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is not reachable; try again shortly.' },
  NATIONAL_NOT_CONFIGURED: { status: 409, message: 'The national push is not configured: set NATIONAL_FHIR_URL to the national FHIR R4 base URL (records stay queued until then).' },
  NATIONAL_UNREACHABLE: { status: 502, message: 'The national FHIR endpoint could not be reached; the records stay queued and are retried.' },
  INTERNAL: { status: 500, message: 'Something went wrong on the server.' },
  ZONE_EMPTY: { status: 400, message: 'The zone has no units or no area.' },
  ZONE_TOO_FEW_POINTS: { status: 400, message: 'A polygon needs at least 3 distinct points.' },
  ZONE_COORDINATES_OUT_OF_RANGE: { status: 400, message: 'Coordinates must be [longitude, latitude] within [-180, 180] and [-90, 90].' },
  ZONE_SELF_INTERSECTION: { status: 400, message: 'The polygon crosses itself.' },
  ZONE_OUTSIDE_JURISDICTION: { status: 403, message: 'The zone lies outside your jurisdiction.' },
  REPORT_NO_DATA: { status: 422, message: 'There are no records for this zone in the period asked.' },
  REPORT_NOT_READY: { status: 409, message: 'The report is not finished yet.' },
  AID_ZONE_OUTSIDE_JURISDICTION: { status: 403, message: 'The aid round\'s zone lies partly outside your jurisdiction; nothing was created.' },
  AID_BAD_CRITERIA: { status: 400, message: 'The aid round\'s criteria are not valid.' },
  // harden-input (#15): input limits (each message names the limit; details say where) and values the database refuses.
  INPUT_TOO_DEEP: { status: 400, message: 'The JSON is nested too deeply.' },
  INPUT_TOO_WIDE: { status: 413, message: 'The input has too many columns or keys.' },
  INPUT_VALUE_INVALID: { status: 400, message: 'A value in the request is out of range or not valid.' },
  XLSX_CELL_OUT_OF_RANGE: { status: 400, message: 'A cell of the workbook lies outside the rows and columns accepted.' },
  ZONE_TOO_MANY_POINTS: { status: 400, message: 'The zone has more points than accepted.' },
  // desk, administration and alerts (issue 17)
  USERNAME_TAKEN: { status: 409, message: 'This username is already taken.' },
  ACCOUNT_UNIT_UNKNOWN: { status: 400, message: 'There is no unit with this code.' },
  ACCOUNT_UNIT_LEVEL: { status: 400, message: 'A ward official is bound to a ward or a district.' },
  ACCOUNT_NEEDS_UNIT: { status: 400, message: 'A ward official needs a ward or district.' },
  ACCOUNT_NEEDS_SOURCE: { status: 400, message: 'A data source account needs its site.' },
  ACCOUNT_SOURCE_UNKNOWN: { status: 400, message: 'There is no data source with this code.' },
  USERNAME_INVALID: { status: 400, message: 'A username is 3–64 letters, digits, dots, dashes or underscores.' },
  SOURCE_CODE_TAKEN: { status: 409, message: 'A data source with this code already exists.' },
  SOURCE_CODE_INVALID: { status: 400, message: 'A source code is 2–64 letters, digits, dots, dashes or underscores.' },
  SOURCE_KIND_UNKNOWN: { status: 400, message: 'The kind of data source is not one riskmap knows.' },
  SOURCE_DISTRICT_UNKNOWN: { status: 400, message: 'There is no district with this code.' },
  RULE_SET_INVALID: { status: 400, message: 'The rule set is not valid.' },
  REJECT_STILL_INVALID: { status: 422, message: 'The corrected row is still not valid.' },
  REVIEW_NOT_DECIDED: { status: 409, message: 'This held pair has no decision to undo.' },
  WEBHOOK_URL_INVALID: { status: 400, message: 'A webhook URL must be http:// or https://.' },
  WEBHOOK_FAILED: { status: 422, message: 'The webhook did not accept the test delivery.' },
  // field-households (#16): levels graded by view profiles, one household.
  RULE_SET_LEVEL_NOT_GRADED: { status: 400, message: 'This rule set does not grade units of this level.' },
  VIEW_PROFILE_NOT_FOUND: { status: 404, message: 'There is no such view profile.' },
  VIEW_PROFILE_INVALID: { status: 409, message: 'The view profile names a rule set that is missing or does not grade its level.' },
  HOUSEHOLD_NOT_PLACED: { status: 409, message: 'The household is not placed in a block yet, so it has no flags.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** An error the API shows as is: a catalog code, a message for people, optional details (field, row…). */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.status = ERRORS[code].status;
  }
}

/** A database that cannot be reached or lacks what riskmap needs (PostGIS). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** A migration that failed; names the file. The transaction was rolled back. */
export class MigrationError extends Error {
  constructor(
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Error codes of Node/pg that mean "the database is not there right now". */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300']);

// harden-faults (#15 pt 4): a terminated backend or a restart also surfaces as these pg client messages.
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not queryable|terminating connection|the database system is (starting up|shutting down|in recovery)|Cannot use a pool after calling end/i;

/** Seconds a client is asked to wait (Retry-After) while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** True when an error (or its cause) means the database is down or unreachable (→ HTTP 503 with Retry-After). */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return true;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (e instanceof Error && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

// ── harden-input (#15): input limits and bad values the database refuses ──

/**
 * SQLSTATEs meaning "this value cannot be taken" (class 22 data exceptions: out of range, bad date,
 * bad text; 54001 too deep): the request's fault, a 400 — never a 500.
 */
export function isInvalidInputFromDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(22[0-9A-Z]{3}|54001)$/.test(code) && code !== '22000';
}
