import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { IngestAbortedError, runIngest } from '../../../server/ingest/ingest.service.ts';
import type { IngestOptions, TouchedUnitDay } from '../../../server/ingest/ingest.types.ts';
import { correctReject } from '../../../server/ingest/reject.service.ts';
import { decideReview, listReviews } from '../../../server/ingest/review.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { asRows, giveNationalId, listPeople, makeCccd, seedPeople, testOf, vaccinationOf, type CityPerson } from './ingest-fixtures.ts';

describe('ingest pipeline', () => {
  let t: TestDatabase;
  let key: string;
  let people: CityPerson[];
  const options = (sourceCode: string, extra: Partial<IngestOptions> = {}): IngestOptions =>
    ({ idHashKey: key, sourceCode, kind: 'vaccinations', channel: 'cli', today: '2021-12-31', ...extra });
  const query = <R,>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));

  beforeAll(async () => {
    t = await openTestDatabase();
    key = await resolveIdHashKey(t.config);
    await seedPeople(t.database, key);
    people = await listPeople(t.database, 600);
  });
  afterAll(async () => t?.drop());

  const snapshot = (sourceCode: string) => query(
    `SELECT v.source_record_id, v.person_id, v.district_id, v.unit_id, v.dose_number, v.vaccinated_on::text, v.content_hash, v.version
     FROM vaccination v JOIN source s ON s.id = v.source_id WHERE s.code = $1 ORDER BY v.source_record_id`, [sourceCode]);

  it('imports once, and a second import of the same rows changes nothing', async () => {
    const rows = asRows(people.slice(0, 40).map((p, i) => vaccinationOf(p, `idem-${i}`)));
    const first = await runIngest(t.database, rows, options('idem'));
    expect(first).toMatchObject({ rows: 40, inserted: 40, updated: 0, unchanged: 0, rejected: 0, status: 'done' });
    const before = await snapshot('idem');
    const [peopleBefore] = await query<{ n: number }>('SELECT count(*)::int AS n FROM person');
    const second = await runIngest(t.database, rows, options('idem'));
    expect(second).toMatchObject({ rows: 40, inserted: 0, updated: 0, unchanged: 40, rejected: 0 });
    expect(await snapshot('idem')).toEqual(before);
    expect(await query('SELECT count(*)::int AS n FROM person')).toEqual([peopleBefore]);
    // Seeded people with name, birth date and phone link by the deterministic key to the person the record was made from.
    const linked = before.filter((r) => (r as { person_id: number | null }).person_id !== null);
    expect(linked.length).toBe(40);
  });

  it('updates a resubmitted record with changed content and keeps the earlier version', async () => {
    // Its own first import, so the test needs no other test's rows.
    const original = vaccinationOf(people[0] as CityPerson, 'resubmit-0');
    expect(await runIngest(t.database, asRows([original]), options('resubmit'))).toMatchObject({ inserted: 1 });
    const result = await runIngest(t.database, asRows([{ ...original, vaccinationDate: '16/08/2021', lotNumber: 'ab123' }]), options('resubmit'));
    expect(result).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    const [row] = await query<{ version: number; vaccinated_on: string; id: number }>(
      `SELECT v.id, v.version, v.vaccinated_on::text AS vaccinated_on FROM vaccination v WHERE v.source_record_id = 'resubmit-0'`);
    expect(row).toMatchObject({ version: 2, vaccinated_on: '2021-08-16' });
    const versions = await query<{ version: number; content: { vaccinated_on: string } }>(
      `SELECT version, content FROM event_version WHERE event_kind = 'vaccination' AND event_id = $1`, [row?.id]);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, content: { vaccinated_on: '2021-08-15' } });
  });

  it('links by national ID hash first, and places a new person by address: household, else the ward', async () => {
    const person = people[100] as CityPerson;
    const cccd = makeCccd(person.birthDate, person.sex, 4242);
    await giveNationalId(t.database, key, person, cccd);
    const byId = { ...vaccinationOf(person, 'link-id', { nationalId: cccd.slice(1) }), fullName: 'Tên Khác Hẳn', phone: '' };
    const stranger = { recordId: 'link-new', fullName: 'Phạm Văn Lạ', birthDate: '03/04/1961', doseNumber: '1', vaccineName: 'AZ', vaccinationDate: '01/09/2021', address: '99999 Đường Không Có, Phường 1, Quận 1' };
    const result = await runIngest(t.database, asRows([byId, stranger]), options('link'));
    expect(result).toMatchObject({ inserted: 2, unlocated: 1, rejected: 0 });
    expect(result.warnings.ID_MISSING).toBe(1);
    const rows = await query<{ source_record_id: string; person_id: number; district_id: number; unit_id: number | null; household_id: number | null }>(
      `SELECT v.source_record_id, v.person_id, v.district_id, v.unit_id, p.household_id FROM vaccination v
       JOIN person p ON p.district_id = v.district_id AND p.id = v.person_id WHERE v.source_record_id LIKE 'link-%' ORDER BY 1`);
    expect(rows[0]).toMatchObject({ source_record_id: 'link-id', person_id: person.id, district_id: person.districtId, unit_id: person.unitId });
    // No household at that address: the stranger lives in the ward it names (issue 14), not nowhere.
    const [ward] = await query<{ id: number; district_id: number }>(
      `SELECT w.id, w.district_id FROM unit w JOIN unit d ON d.id = w.parent_id WHERE w.level = 'ward' AND w.name = 'Phường 1' AND d.name = 'Quận 1'`);
    expect(rows[1]).toMatchObject({ source_record_id: 'link-new', district_id: ward?.district_id, unit_id: ward?.id, household_id: null });
  });

  it('does not trust an ID whose holder agrees on neither name nor birth date (a mistyped ID landing on someone else)', async () => {
    const holder = people[110] as CityPerson;
    const writer = people.slice(111).find((p) => p.birthDate !== holder.birthDate && p.fullName !== holder.fullName) as CityPerson;
    const cccd = makeCccd(holder.birthDate, holder.sex, 4343);
    await giveNationalId(t.database, key, holder, cccd);
    const mistyped = vaccinationOf(writer, 'typo-known', { nationalId: cccd });
    const stranger = { recordId: 'typo-new', fullName: 'Đỗ Thị Mới', birthDate: '05/06/1977', sex: 'Nữ', nationalId: cccd, doseNumber: '1', vaccineName: 'AZ', vaccinationDate: '01/09/2021' };
    const result = await runIngest(t.database, asRows([mistyped, stranger]), options('typo'));
    expect(result).toMatchObject({ inserted: 2, rejected: 0 });
    const rows = await query<{ source_record_id: string; person_id: number; holders: number }>(
      `SELECT v.source_record_id, v.person_id,
              (SELECT count(*)::int FROM person p, person h WHERE h.id = $1 AND p.national_id_hash = h.national_id_hash) AS holders
       FROM vaccination v WHERE v.source_record_id LIKE 'typo-%' ORDER BY 1`, [holder.id]);
    expect(rows[0]).toMatchObject({ source_record_id: 'typo-known', person_id: writer.id });
    expect(rows[1]?.person_id).not.toBe(holder.id);
    expect(rows[1]?.holders).toBe(1); // the new person was created without the number its holder already has
  });

  it('resumes a stopped import after its committed chunks and ends like one clean run', async () => {
    const rows = asRows(people.slice(200, 320).map((p, i) => vaccinationOf(p, `kill-${i}`, { doseNumber: String((i % 3) + 1) })));
    const controller = new AbortController();
    let commits = 0;
    const stopped = runIngest(t.database, rows, options('kill', {
      chunkRows: 25, resumeKey: 'file-fingerprint', signal: controller.signal,
      onChunkCommitted: () => { if (++commits === 2) controller.abort(); },
    }));
    await expect(stopped).rejects.toBeInstanceOf(IngestAbortedError);
    const [partial] = await query<{ n: number }>(`SELECT count(*)::int AS n FROM vaccination WHERE source_record_id LIKE 'kill-%'`);
    expect(partial?.n).toBe(50);
    const resumed = await runIngest(t.database, rows, options('kill', { chunkRows: 25, resumeKey: 'file-fingerprint' }));
    expect(resumed).toMatchObject({ resumed: true, status: 'done', rows: 120, inserted: 120, unchanged: 0, chunks: 5 });
    const clean = await runIngest(t.database, rows, options('kill-clean', { chunkRows: 25 }));
    // Same records, same people, same places, same content as the run that was never interrupted.
    expect(await snapshot('kill')).toEqual(await snapshot('kill-clean'));
    expect(clean).toMatchObject({ rows: 120, inserted: 120 });
    // Running the finished file once more is a new batch in which nothing changes.
    expect(await runIngest(t.database, rows, options('kill', { chunkRows: 25, resumeKey: 'file-fingerprint' }))).toMatchObject({ resumed: false, unchanged: 120 });
  });

  it('marks touched (unit, day) pairs dirty in the chunk and opens one case per person per episode', async () => {
    const person = people[300] as CityPerson;
    await query(`DELETE FROM dirty_unit_day`);
    const touched: TouchedUnitDay[][] = [];
    const tests = [
      testOf(person, 'case-1', { result: 'Dương tính', sampleTime: '2021-08-20T20:00:00Z' }),
      testOf(person, 'case-2', { result: 'DT', sampleTime: '15/09/2021 08:00' }),
      testOf(person, 'case-3', { result: 'positive', sampleTime: '20/12/2021 08:00' }),
    ];
    const result = await runIngest(t.database, asRows(tests), options('lab', { kind: 'tests', onChunkCommitted: (pairs) => { touched.push(pairs); } }));
    expect(result).toMatchObject({ inserted: 3, rejected: 0 });
    const cases = await query<{ confirmed_on: string; unit_id: number; district_id: number; household_id: number; classification: string }>(
      `SELECT confirmed_on::text, unit_id, district_id, household_id, classification FROM covid_case WHERE person_id = $1 ORDER BY confirmed_on`, [person.id]);
    // 20:00 UTC on 20 August is 03:00 on 21 August in Ho Chi Minh City; 15 September is the same episode; 20 December a new one.
    expect(cases.map((c) => c.confirmed_on)).toEqual(['2021-08-21', '2021-12-20']);
    expect(cases[0]).toMatchObject({ unit_id: person.unitId, district_id: person.districtId, classification: 'community' });
    expect(cases[0]?.household_id).not.toBeNull();
    const dirty = await query<{ unit_id: number; day: string }>(`SELECT unit_id, day::text FROM dirty_unit_day ORDER BY day`);
    expect(dirty).toEqual([
      { unit_id: person.unitId, day: '2021-08-21' }, { unit_id: person.unitId, day: '2021-09-15' }, { unit_id: person.unitId, day: '2021-12-20' },
    ]);
    expect(touched).toEqual([dirty.map((d) => ({ unitId: d.unit_id, day: d.day }))]);
    // A corrected result (negative after all) removes the case its test opened.
    await runIngest(t.database, asRows([{ ...tests[2], result: 'Âm tính' } as Record<string, string>]), options('lab', { kind: 'tests' }));
    expect(await query(`SELECT count(*)::int AS n FROM covid_case WHERE person_id = $1`, [person.id])).toEqual([{ n: 1 }]);
  });

  it('holds an uncertain match for review, applies the decision and remembers it', async () => {
    // Day and month swapped (still a valid date) and a typo in the middle name: about 17.5, between the thresholds.
    const person = people.slice(400).find((p) => Number(p.birthDate.slice(8, 10)) <= 12 && p.birthDate.slice(8, 10) !== p.birthDate.slice(5, 7)) as CityPerson;
    const [family, ...rest] = person.fullName.split(' ');
    const given = rest.pop() as string;
    const typoName = [family, ...rest.map((w) => `${w}x`), given].join(' ');
    const swapped = `${person.birthDate.slice(5, 7)}/${person.birthDate.slice(8, 10)}/${person.birthDate.slice(0, 4)}`;
    const uncertain = { recordId: 'rev-1', fullName: typoName, birthDate: swapped, sex: person.sex === 'M' ? 'Nam' : 'Nữ', doseNumber: '1', vaccineName: 'Moderna', vaccinationDate: '02/10/2021' };
    const first = await runIngest(t.database, asRows([uncertain]), options('rev'));
    expect(first).toMatchObject({ inserted: 1, held: 1 });
    const { items } = await listReviews(t.database, 10, 0);
    const item = items.find((i) => i.candidate.personId === person.id);
    expect(item?.incoming).toMatchObject({ fullName: typoName });
    expect(item?.incoming).not.toHaveProperty('idHash');
    expect((item?.contributions as Array<{ field: string }>).map((c) => c.field)).toContain('birthDate');
    const decided = await decideReview(t.database, item?.id as number, 'same');
    expect(decided).toMatchObject({ personId: person.id, releasedEvents: 1 });
    await expect(decideReview(t.database, item?.id as number, 'different')).rejects.toMatchObject({ code: 'CONFLICT' });
    const second = await runIngest(t.database, asRows([{ ...uncertain, recordId: 'rev-2', doseNumber: '2', vaccinationDate: '02/11/2021' }]), options('rev'));
    expect(second).toMatchObject({ inserted: 1, held: 0 });
    const linked = await query<{ person_id: number }>(`SELECT person_id FROM vaccination WHERE source_record_id IN ('rev-1', 'rev-2')`);
    expect(linked).toEqual([{ person_id: person.id }, { person_id: person.id }]);
  });

  it('keeps a bad row as a reject and re-runs it when corrected', async () => {
    const person = people[500] as CityPerson;
    const result = await runIngest(t.database, asRows([vaccinationOf(person, 'fix-1', { doseNumber: '9' }), vaccinationOf(people[501] as CityPerson, 'fix-2')]), options('fix'));
    expect(result).toMatchObject({ rows: 2, inserted: 1, rejected: 1 });
    const [reject] = await query<{ id: number; errors: Array<{ field: string; code: string }> }>(`SELECT id, errors FROM ingest_reject WHERE batch_id = $1`, [result.batchId]);
    // The row's warnings (here the Ministry's ID_MISSING) are kept beside the error that rejected it.
    expect(reject?.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: 'doseNumber', code: 'DOSE_OUT_OF_RANGE', severity: 'reject' }),
      expect.objectContaining({ field: 'nationalId', code: 'ID_MISSING', severity: 'warning' }),
    ]));
    const again = await correctReject(t.database, reject?.id as number, { doseNumber: '1', vaccinationDate: '2091-01-01' }, key);
    expect(again).toMatchObject({ status: 'open', errors: expect.arrayContaining([expect.objectContaining({ field: 'vaccinationDate', code: 'DATE_OUT_OF_RANGE' })]) });
    const fixed = await correctReject(t.database, reject?.id as number, { vaccinationDate: '2021-08-15' }, key);
    expect(fixed).toMatchObject({ status: 'resolved', inserted: 1 });
    const [batch] = await query(`SELECT rows_total, rows_inserted, rows_rejected FROM ingest_batch WHERE id = $1`, [result.batchId]);
    expect(batch).toEqual({ rows_total: 2, rows_inserted: 2, rows_rejected: 0 });
  });

  it('links a population with injected typos with high precision and recall (figures printed)', async () => {
    const all = await listPeople(t.database, 1900);
    const population = all.slice(1000, 1400);
    const [{ max } = { max: 0 }] = await query<{ max: number }>('SELECT max(id)::int AS max FROM person');
    const typo = (word: string) => (word.length > 3 ? `${word.slice(0, 1)}${word.slice(2, 3)}${word.slice(1, 2)}${word.slice(3)}` : `${word}h`);
    const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
    const records = population.map((p, i) => {
      const base = vaccinationOf(p, `pr-${i}`);
      const words = p.fullName.split(' ');
      const [y, m, d] = p.birthDate.split('-');
      switch (i % 6) {
        case 0: return base;
        case 1: return { ...base, fullName: [...words.slice(0, -1), typo(words.at(-1) as string)].join(' ') };
        case 2: return { ...base, birthDate: Number(d) <= 12 ? `${m}/${d}/${y}` : `${d}/${m}/${Number(y) + 1}`, phone: '' };
        case 3: return { ...base, fullName: fold(p.fullName).toUpperCase(), phone: '' };
        case 4: return { ...base, fullName: p.fullName.replace(/^Huỳnh /, 'Hoàng ').replace(/^Võ /, 'Vũ ').replace(/^Nguyễn /, 'Nguyển '), address: '' };
        default: return { ...base, fullName: [words[0], ...words.slice(1, -1).map(typo), words.at(-1)].join(' '), phone: '' };
      }
    });
    // People who are not in the city: name parts and birth dates of different people put together.
    const strangers = all.slice(1400, 1500).map((p, i) => {
      const other = all[1500 + i] as CityPerson;
      return { recordId: `pr-new-${i}`, fullName: `${p.fullName.split(' ')[0]} ${other.fullName.split(' ').slice(1).join(' ')}`, birthDate: `0${(i % 9) + 1}/1${i % 3}/19${50 + (i % 50)}`, sex: other.sex === 'M' ? 'Nam' : 'Nữ', doseNumber: '1', vaccineName: 'AZ', vaccinationDate: '10/10/2021' };
    });
    const summary = await runIngest(t.database, asRows([...records, ...strangers]), options('precision'));
    const linked = await query<{ source_record_id: string; person_id: number | null }>(
      `SELECT v.source_record_id, v.person_id FROM vaccination v JOIN source s ON s.id = v.source_id WHERE s.code = 'precision'`);
    const byRecord = new Map(linked.map((r) => [r.source_record_id, r.person_id]));
    let truePositive = 0;
    let falsePositive = 0;
    population.forEach((p, i) => {
      const got = byRecord.get(`pr-${i}`);
      if (got === p.id) truePositive++;
      else if (got !== null && got !== undefined && got <= max) falsePositive++;
    });
    strangers.forEach((_, i) => {
      const got = byRecord.get(`pr-new-${i}`);
      if (got !== null && got !== undefined && got <= max) falsePositive++;
    });
    const precision = truePositive / (truePositive + falsePositive);
    const recall = truePositive / population.length;
    console.log(`linkage: ${population.length} records of known people (6 typo patterns), ${strangers.length} strangers; `
      + `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} (automatic links), held for review ${summary.held}, false links ${falsePositive}`);
    expect(summary.rejected).toBe(0);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.8);
  });
});
