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

/** True when an error means the database is down or unreachable (→ HTTP 503). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(message);
}
