// Schema types every route shares, so a hostile value is a 400 from the
// schema and never reaches PostgreSQL as a 500: ids within their column's
// range, real calendar dates.
import { Type, type TSchema } from 'typebox';
import { ERRORS, type ErrorCode } from '../errors.ts';

/** Largest value of a PostgreSQL integer (int4) column. */
export const INT4_MAX = 2_147_483_647;

type IntegerOptions = { description?: string; default?: number };

/** An id of an `integer` column (units, sources, users, zones, aid rounds): 1 … 2^31 − 1. */
export const Id = (options: IntegerOptions = {}) => Type.Integer({ minimum: 1, maximum: INT4_MAX, ...options });

/**
 * An id of a `bigint` column (households, people, batches, rejects, reviews, report jobs):
 * 1 … 2^53 − 1, the largest integer a JSON number carries exactly (int8 goes further, but no id gets there).
 */
export const BigId = (options: IntegerOptions = {}) => Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, ...options });

/** A count or offset that PostgreSQL takes as an integer: 0 … 2^31 − 1. */
export const Offset = (options: IntegerOptions = {}) => Type.Integer({ minimum: 0, maximum: INT4_MAX, ...options });

/**
 * An ISO date YYYY-MM-DD that exists on the calendar (2021-02-30 and 2021-99-99 are 400s):
 * the pattern keeps the shape, ajv-formats' `date` format checks month and day (leap years included).
 */
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date', description: 'ISO date YYYY-MM-DD (a real calendar date)' });

/** `{ id }` path parameters of an int4 / int8 id. */
export const IdParams = Type.Object({ id: Id() });
export const BigIdParams = Type.Object({ id: BigId() });

export type { TSchema };

/**
 * The body of every error answer, as app.ts's error handler renders an AppError:
 * `code` is one of the error catalog's codes (server/errors.ts), `details` says where (field, row…) or is null.
 */
export const ErrorBody = Type.Object({
  code: Type.Unsafe<ErrorCode>({ type: 'string', enum: Object.keys(ERRORS), description: 'A code of the error catalog (server/errors.ts)' }),
  message: Type.String(),
  details: Type.Unknown(),
});
