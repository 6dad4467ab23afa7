// How wide an input may be: columns of a CSV header or XLSX sheet, keys of
// JSON records. Mapping a header costs ~0.3 ms a column (fuzzy synonym
// scores), so an unbounded header held the event loop for seconds (100k
// columns: 22 s; a 400k-key record: 79 s). Above the limit the request is a
// 413 naming the limit and where; the mapping itself runs in a worker
// thread (column-mapping.pool.ts).
import { AppError } from '../errors.ts';

/** Most columns (CSV/XLSX) or distinct keys (JSON records) one input may have; exports have a few dozen. */
export const MAX_COLUMNS = 1_000;

/** Throws INPUT_TOO_WIDE (413) when `count` passes MAX_COLUMNS; `where` says which header or record. */
export function assertColumnCount(count: number, where: string, limit = MAX_COLUMNS): void {
  if (count > limit) {
    throw new AppError('INPUT_TOO_WIDE', `${where} has ${count > limit * 10 ? `more than ${limit * 10}` : count} columns/keys; the limit is ${limit}.`, { where, columns: count, limit });
  }
}
