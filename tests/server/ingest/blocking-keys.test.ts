// One implementation of blocking keys: geo/linkage/blocking.ts is what the
// unit tests check and what clusters new people; ingest's candidate SQL
// (link.repo.ts SELECT_CANDIDATES) is what finds existing people. This runs
// the SQL on staged rows of a seeded city, typos included, and checks that it
// returns exactly the (row, person) pairs that share a key of
// buildBlockingKeys: given name + year, family name + date, phone, address +
// year. ID hashes (`i:`) are not a candidate key in SQL: an ID links exactly
// before (LINK_BY_ID_HASH), so the comparison leaves them out on both sides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBlockingKeys } from '../../../geo/linkage/blocking.ts';
import { loadIngestContext } from '../../../server/ingest/ingest.service.ts';
import type { IngestOptions } from '../../../server/ingest/ingest.types.ts';
import { selectCandidates } from '../../../server/ingest/link.repo.ts';
import { isRejected, prepareRow, toLinkagePerson, type StagedRow } from '../../../server/ingest/prepare-rows.ts';
import { stageRows } from '../../../server/ingest/staging.repo.ts';
import type { TestDatabase } from '../../helpers/database.ts';
import { asRows, type CityPerson, openSeededCity, vaccinationOf } from './ingest-fixtures.ts';

const nonId = (keys: string[]) => keys.filter((k) => !k.startsWith('i:'));

describe('candidate SQL and buildBlockingKeys agree', () => {
  let t: TestDatabase;
  let key: string;
  let people: CityPerson[];
  beforeAll(async () => {
    ({ t, key, people } = await openSeededCity(800, 800));
  });
  afterAll(async () => t?.drop());

  it('returns exactly the pairs that share a blocking key', async () => {
    const typo = (word: string) => (word.length > 3 ? `${word[0]}${word[2]}${word[1]}${word.slice(3)}` : `${word}h`);
    const records = people.slice(0, 300).map((p, i) => {
      const base = vaccinationOf(p, `blk-${i}`);
      const words = p.fullName.split(' ');
      switch (i % 5) {
        case 0: return base;
        case 1: return { ...base, fullName: [...words.slice(0, -1), typo(words.at(-1) as string)].join(' ') };
        case 2: return { ...base, fullName: [typo(words[0] as string), ...words.slice(1)].join(' '), phone: '' };
        case 3: return { ...base, birthDate: `01/01/${p.birthDate.slice(0, 4)}`, address: '' };
        default: return { ...base, fullName: `Lạ ${words.at(-1)}`, phone: '', address: '' };
      }
    });
    const options: IngestOptions = { idHashKey: key, sourceCode: 'blocking', kind: 'vaccinations', channel: 'cli', today: '2021-12-31' };
    const { sqlPairs, staged } = await t.database.transaction(async (s) => {
      const { source, prepare } = await loadIngestContext(s, options);
      const rows = asRows(records).map((input) => prepareRow(input, prepare)).filter((r): r is StagedRow => !isRejected(r));
      await stageRows(s, 'vaccinations', source.id, rows);
      const candidates = await selectCandidates(s);
      return { sqlPairs: new Set(candidates.map((c) => `${c.row_number}:${c.district_id}:${c.id}`)), staged: rows };
    });
    expect(staged.length).toBe(records.length);

    const persons = await t.database.withSession((s) => s.query<{ district_id: number; id: number; name_key: string; birth_date: string | null; phone: string | null; address_key: string | null }>(
      `SELECT p.district_id, p.id, p.name_key, p.birth_date::text AS birth_date, p.phone, h.address_key
       FROM person p LEFT JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id`));
    const byKey = new Map<string, string[]>();
    for (const p of persons) {
      const words = p.name_key.split(' ');
      const keys = nonId(buildBlockingKeys({ givenName: words.at(-1) ?? null, familyName: words[0] ?? null, birthDate: p.birth_date, phone: p.phone, addressKey: p.address_key }));
      for (const k of keys) byKey.set(k, [...(byKey.get(k) ?? []), `${p.district_id}:${p.id}`]);
    }
    const jsPairs = new Set<string>();
    for (const row of staged) {
      for (const k of nonId(buildBlockingKeys(toLinkagePerson(row.person, row.idHashHex)))) {
        for (const person of byKey.get(k) ?? []) jsPairs.add(`${row.rowNumber}:${person}`);
      }
    }
    // Each record, whatever its variation, shares a key with the person it was made from.
    staged.forEach((row, i) => expect(jsPairs.has(`${row.rowNumber}:${people[i]!.districtId}:${people[i]!.id}`)).toBe(true));
    expect([...sqlPairs].filter((p) => !jsPairs.has(p))).toEqual([]);
    expect([...jsPairs].filter((p) => !sqlPairs.has(p))).toEqual([]);
  });
});
