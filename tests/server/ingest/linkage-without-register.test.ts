// One person, one record set, without a register (issue 14 point 3): records of
// people the register does not know link to each other across spellings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRandom } from '../../../geo/random.ts';
import { runIngest } from '../../../server/ingest/ingest.service.ts';
import type { IngestOptions } from '../../../server/ingest/ingest.types.ts';
import type { TestDatabase } from '../../helpers/database.ts';
import { asRows, type CityPerson, makeCccd, openSeededCity } from './ingest-fixtures.ts';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Phan', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = { M: ['Văn', 'Minh', 'Quốc', 'Đức', 'Hữu'], F: ['Thị', 'Ngọc', 'Thu', 'Kim', 'Mỹ'] };
const GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Hương', 'Khánh', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thảo', 'Tuấn', 'Vân', 'Yến'];

const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

interface TruePerson { key: number; fullName: string; birthDate: string; sex: 'M' | 'F'; phone: string; cccd: string; address: string }

/** People the register does not know, living at the seeded city's addresses (distinct birth dates and phones). */
function makeStrangers(count: number, addresses: readonly CityPerson[], seed: string, first = 0): TruePerson[] {
  const r = createRandom(seed);
  return Array.from({ length: count }, (_, k) => {
    const i = first + k;
    const sex = r.next() < 0.5 ? 'M' : 'F';
    const birthDate = new Date(Date.UTC(1940, 0, 1) + (i * 7919 % 25_000) * 86_400_000).toISOString().slice(0, 10);
    return {
      key: i, sex, birthDate,
      fullName: `${r.pick(FAMILY)} ${r.pick(MIDDLE[sex])} ${r.pick(GIVEN)}`,
      phone: `09${String(10_000_000 + i * 7_331).padStart(8, '0')}`,
      cccd: makeCccd(birthDate, sex, 500_000 + i),
      address: (addresses[i % addresses.length] as CityPerson).address,
    };
  });
}

/** A dose record as a careless site writes it: the ID missing or without its leading zero, no diacritics, capitals, +84. */
function doseOf(p: TruePerson, dose: number, r: ReturnType<typeof createRandom>): Record<string, string> {
  let name = p.fullName;
  if (r.next() < 0.3) name = fold(name);
  if (r.next() < 0.1) name = name.toUpperCase();
  const idRoll = r.next();
  const nationalId = dose === 2 && idRoll < 0.5 ? '' : idRoll < 0.6 ? p.cccd.slice(1) : p.cccd;
  const phoneRoll = r.next();
  const phone = phoneRoll < 0.4 ? `+84 ${p.phone.slice(1)}` : phoneRoll < 0.5 ? '' : p.phone;
  return {
    recordId: `k${p.key}-d${dose}`, fullName: name, birthDate: dmy(p.birthDate), sex: p.sex === 'M' ? 'Nam' : 'Nữ',
    nationalId, phone, address: p.address, doseNumber: String(dose), vaccineName: 'AstraZeneca',
    vaccinationDate: dose === 1 ? '02/08/2021' : '10/09/2021',
  };
}

describe('linkage without a register', () => {
  let t: TestDatabase;
  let key: string;
  let addresses: CityPerson[];
  const options = (sourceCode: string, extra: Partial<IngestOptions> = {}): IngestOptions =>
    ({ idHashKey: key, sourceCode, kind: 'vaccinations', channel: 'cli', today: '2021-12-31', ...extra });
  const personsOf = (sourceCode: string) => t.database.withSession((s) => s.query<{ source_record_id: string; person_id: string }>(
    `SELECT v.source_record_id, v.person_id::text FROM vaccination v JOIN source s ON s.id = v.source_id WHERE s.code = $1`, [sourceCode]));

  beforeAll(async () => {
    ({ t, key, people: addresses } = await openSeededCity(600, 300));
  });
  afterAll(async () => t?.drop());

  it.each([['in one chunk', 5000], ['across chunks', 1]])('links dose 2 without an ID, without diacritics and with a +84 phone to dose 1 (%s)', async (_, chunkRows) => {
    const [p] = makeStrangers(1, addresses, `one-${chunkRows}`, 2000 + chunkRows) as [TruePerson];
    const dose1 = { ...doseOf(p, 1, createRandom('x')), fullName: p.fullName, nationalId: p.cccd, phone: p.phone };
    const dose2 = { ...doseOf(p, 2, createRandom('x')), fullName: fold(p.fullName), nationalId: '', phone: `+84${p.phone.slice(1)}` };
    const lostZero = { ...doseOf(p, 3, createRandom('x')), doseNumber: '3', nationalId: p.cccd.slice(1), phone: '' };
    const code = `dose2-${chunkRows}`;
    const summary = await runIngest(t.database, asRows([dose1, dose2, lostZero]), options(code, { chunkRows }));
    expect(summary).toMatchObject({ inserted: 3, rejected: 0, held: 0 });
    const rows = await personsOf(code);
    expect(new Set(rows.map((r) => r.person_id)).size).toBe(1);
  });

  it('makes no more than 1.01 persons per true person from a file with known truth, and merges none', async () => {
    const strangers = makeStrangers(1500, addresses, 'truth-file');
    const r = createRandom('doses');
    const records = strangers.flatMap((p) => [doseOf(p, 1, r), ...(r.next() < 0.8 ? [doseOf(p, 2, r)] : [])]);
    const summary = await runIngest(t.database, asRows(records), options('truth-file'));
    expect(summary.rejected).toBe(0);
    const rows = await personsOf('truth-file');
    const truthOf = (recordId: string) => Number(recordId.slice(1, recordId.indexOf('-')));
    const truePeopleOf = new Map<string, Set<number>>();
    for (const row of rows) {
      const set = truePeopleOf.get(row.person_id) ?? new Set<number>();
      set.add(truthOf(row.source_record_id));
      truePeopleOf.set(row.person_id, set);
    }
    const merged = [...truePeopleOf.values()].filter((s) => s.size > 1).length;
    console.log(`linkage without a register: ${records.length} records of ${strangers.length} people → ${truePeopleOf.size} persons, ${merged} merged, ${summary.held} held`);
    expect(rows.length + summary.held).toBe(records.length);
    expect(truePeopleOf.size).toBeLessThanOrEqual(Math.floor(1.01 * strangers.length));
    expect(merged).toBe(0);
  });
});
