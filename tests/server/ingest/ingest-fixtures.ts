// A seeded city and records made from its people, shared by the ingest tests.
import type { Database } from '../../../server/db/database.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { hashNationalIdForCopy } from '../../../server/identity/national-id-hash.ts';
import type { InputRow } from '../../../server/ingest/ingest.types.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';

export interface CityPerson {
  districtId: number;
  id: number;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  phone: string | null;
  address: string;
  unitId: number;
}

const SELECT_PEOPLE = `
SELECT p.district_id, p.id, p.full_name, p.birth_date::text AS birth_date, p.sex, p.phone, h.address, COALESCE(h.block_id, h.ward_id) AS unit_id
FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
WHERE p.birth_date IS NOT NULL ORDER BY p.id LIMIT $1`;

export async function seedPeople(database: Database, idHashKey: string, people = 2000): Promise<void> {
  await seedCity(database, { people, seed: 't', idHashKey });
}

/** A test database holding a seeded city of `count` people: the run's ID-hash key and the first `listed` people. */
export async function openSeededCity(count: number, listed: number): Promise<{ t: TestDatabase; key: string; people: CityPerson[] }> {
  const t = await openTestDatabase();
  const key = await resolveIdHashKey(t.config);
  await seedPeople(t.database, key, count);
  return { t, key, people: await listPeople(t.database, listed) };
}

export async function listPeople(database: Database, limit: number): Promise<CityPerson[]> {
  const rows = await database.withSession((s) => s.query<Record<string, unknown>>(SELECT_PEOPLE, [limit]));
  return rows.map((r) => ({
    districtId: r.district_id as number, id: r.id as number, fullName: r.full_name as string, birthDate: r.birth_date as string,
    sex: r.sex as 'M' | 'F', phone: r.phone as string | null, address: r.address as string, unitId: r.unit_id as number,
  }));
}

/** A CCCD consistent with the birth date and sex (TP.HCM province 079). */
export function makeCccd(birthDate: string, sex: 'M' | 'F', serial: number): string {
  const year = Number(birthDate.slice(0, 4));
  const century = year >= 2000 ? 2 : 0;
  return `079${century + (sex === 'F' ? 1 : 0)}${birthDate.slice(2, 4)}${String(serial).padStart(6, '0')}`;
}

/** Gives a seeded person a known national ID (the seed's own are random and only stored hashed). */
export async function giveNationalId(database: Database, idHashKey: string, person: CityPerson, cccd: string): Promise<void> {
  const hex = hashNationalIdForCopy(idHashKey, cccd).slice(2);
  await database.withSession((s) => s.query(`UPDATE person SET national_id_hash = decode($3, 'hex'), national_id_kind = 'cccd' WHERE district_id = $1 AND id = $2`, [person.districtId, person.id, hex]));
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A vaccination record for a person, as a site export would have it. */
export function vaccinationOf(person: CityPerson, recordId: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    recordId, fullName: person.fullName, birthDate: dmy(person.birthDate), sex: person.sex === 'M' ? 'Nam' : 'Nữ',
    ...(person.phone ? { phone: person.phone.replace('+84', '0') } : {}), address: person.address,
    doseNumber: '1', vaccineName: 'Pfizer', vaccinationDate: '15/08/2021', ...extra,
  };
}

export function testOf(person: CityPerson, recordId: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    recordId, fullName: person.fullName, birthDate: dmy(person.birthDate), sex: person.sex === 'M' ? 'Nam' : 'Nữ',
    ...(person.phone ? { phone: person.phone.replace('+84', '0') } : {}), address: person.address,
    sampleTime: '20/08/2021 09:30', testMethod: 'RT-PCR', result: 'Âm tính', ...extra,
  };
}

export const asRows = (records: ReadonlyArray<Record<string, string>>): InputRow[] => records.map((raw, i) => ({ rowNumber: i + 2, raw }));
