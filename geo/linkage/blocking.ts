/**
 * Blocking keys: cheap keys two records of one person very likely share,
 * so the server can generate candidate pairs with a set-based join (pairs
 * sharing at least one key) instead of comparing everyone with everyone.
 */
import type { LinkagePerson } from './score.ts';

/**
 * The blocking keys of a record, each prefixed by its kind:
 * - `g:<given name>|<birth year>` accent-free given name and birth year;
 * - `f:<family name>|<birth date>` for given-name typos;
 * - `p:<phone>` E.164 phone;
 * - `i:<id hash>`;
 * - `a:<address key>|<birth year>` for name typos inside a household.
 * Keys whose parts are missing are omitted; a record with nothing gives [].
 */
export function buildBlockingKeys(person: LinkagePerson): string[] {
  const year = person.birthDate ? person.birthDate.slice(0, 4) : null;
  const keys: string[] = [];
  if (person.givenName && year) keys.push(`g:${person.givenName}|${year}`);
  if (person.familyName && person.birthDate && person.birthDate.length === 10) keys.push(`f:${person.familyName}|${person.birthDate}`);
  if (person.phone) keys.push(`p:${person.phone}`);
  if (person.idHash) keys.push(`i:${person.idHash}`);
  if (person.addressKey && year) keys.push(`a:${person.addressKey}|${year}`);
  return keys;
}
