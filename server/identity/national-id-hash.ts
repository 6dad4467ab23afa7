// National ID numbers are never stored: only a keyed hash, so linkage works
// and a stolen database does not reveal the numbers (a plain hash of a
// 12-digit number would fall to brute force; the key must stay secret).
import { createHmac } from 'node:crypto';

/** HMAC-SHA256 of a normalised ID number (digits only, repaired leading zeros) under the deployment key. */
export function hashNationalId(key: string, normalisedId: string): Buffer {
  return createHmac('sha256', key).update(normalisedId, 'utf8').digest();
}

/** The same hash as PostgreSQL bytea text input (`\x…`), for COPY. */
export function hashNationalIdForCopy(key: string, normalisedId: string): string {
  return `\\x${hashNationalId(key, normalisedId).toString('hex')}`;
}
