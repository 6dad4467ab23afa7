// Records the desk tests send: IDs that lost their leading zeros in a
// spreadsheet (a Hà Nội CCCD 001… read as a number: 10 digits, rejected when
// the site requires IDs) and a record close enough to a person to be held.
import type { Database } from '../../../server/db/database.ts';
import { runIngest } from '../../../server/ingest/ingest.service.ts';
import type { IngestOptions } from '../../../server/ingest/ingest.types.ts';
import { listReviews } from '../../../server/ingest/review.service.ts';
import { asRows, testOf, type CityPerson } from '../ingest/ingest-fixtures.ts';

/** A Hà Nội (province 001) CCCD consistent with the person's birth date and sex. */
export function hanoiCccd(person: CityPerson, serial: number): string {
  const year = Number(person.birthDate.slice(0, 4));
  const century = year >= 2000 ? 2 : 0;
  return `001${century + (person.sex === 'F' ? 1 : 0)}${person.birthDate.slice(2, 4)}${String(serial).padStart(6, '0')}`;
}

/** Test records whose ID lost its two leading zeros (10 digits: ID_MALFORMED). */
export function lostZeroRecords(people: readonly CityPerson[], prefix: string): Array<Record<string, string>> {
  return people.map((p, i) => testOf(p, `${prefix}-${i}`, { nationalId: hanoiCccd(p, 100 + i).replace(/^0+/, ''), sampleTime: '20/10/2021 09:30' }));
}

/** Sends a vaccination record that differs from `person` by a swapped day/month and a name typo: held for review. Returns the pair's id. */
export async function makeHeldPair(database: Database, person: CityPerson, options: IngestOptions, recordId: string): Promise<number> {
  const [family, ...rest] = person.fullName.split(' ');
  const given = rest.pop() as string;
  const typoName = [family, ...rest.map((w) => `${w}x`), given].join(' ');
  const swapped = `${person.birthDate.slice(5, 7)}/${person.birthDate.slice(8, 10)}/${person.birthDate.slice(0, 4)}`;
  const record = { recordId, fullName: typoName, birthDate: swapped, sex: person.sex === 'M' ? 'Nam' : 'Nữ', doseNumber: '1', vaccineName: 'Moderna', vaccinationDate: '02/10/2021' };
  const result = await runIngest(database, asRows([record]), { ...options, kind: 'vaccinations' });
  if (result.held !== 1) throw new Error(`expected the record to be held, got ${JSON.stringify(result)}`);
  const { items } = await listReviews(database, 1000, 0);
  const item = items.find((i) => i.candidate.personId === person.id);
  if (!item) throw new Error('no review for the person');
  return item.id;
}

/** People whose birth day and month can be swapped into another valid date (see makeHeldPair). */
export const swappable = (p: CityPerson) => Number(p.birthDate.slice(8, 10)) <= 12 && p.birthDate.slice(8, 10) !== p.birthDate.slice(5, 7);
