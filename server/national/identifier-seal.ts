// The raw ID numbers waiting in national_outbox are sealed (AES-256-GCM under
// a key derived from the deployment's ID-hash key), so a dump or backup of
// the database never holds them in clear; only the pusher opens them, just
// before building the Bundle.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { FhirIdentifier } from './bundle.ts';

const PREFIX = 'sealed:v1:';
const INFO = 'riskmap national outbox identifiers v1';

function deriveKey(idHashKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idHashKey, 'riskmap', INFO, 32));
}

/** The identifiers with every value sealed (`sealed:v1:<base64url iv|tag|ciphertext>`). */
export function sealIdentifiers(idHashKey: string, identifiers: readonly FhirIdentifier[]): FhirIdentifier[] {
  const key = deriveKey(idHashKey);
  return identifiers.map((identifier) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(identifier.value, 'utf8'), cipher.final()]);
    return { ...identifier, value: PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url') };
  });
}

/** Opens sealed values; throws when a value was sealed under another key (it cannot be sent as it is). */
export function openIdentifiers(idHashKey: string, identifiers: readonly FhirIdentifier[]): FhirIdentifier[] {
  const key = deriveKey(idHashKey);
  return identifiers.map((identifier) => {
    if (!identifier.value.startsWith(PREFIX)) return identifier;
    const bytes = Buffer.from(identifier.value.slice(PREFIX.length), 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    try {
      return { ...identifier, value: Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8') };
    } catch (error) {
      throw new Error(`An ID number (${identifier.system}) in the national outbox was sealed under another RISKMAP_ID_HASH_KEY; restore the key it was queued under`, { cause: error });
    }
  });
}
