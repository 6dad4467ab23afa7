import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { registerSource } from '../../../server/admin/sources.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiKeyFor, signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { runIngest } from '../../../server/ingest/ingest.service.ts';
import { asRows, listPeople, seedPeople, type CityPerson } from '../ingest/ingest-fixtures.ts';
import { lostZeroRecords, makeHeldPair, swappable } from './desk-fixtures.ts';

describe('data desk API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let admin: SignedInHeaders;
  let site: { authorization: string };
  let other: { authorization: string };
  let people: CityPerson[];
  let siteId: number;
  let otherId: number;
  let districtCode: string;
  const callers: Record<string, Record<string, string>> = {};
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedPeople(t.database, t.config.idHashKey!, 2000);
    people = await listPeople(t.database, 2000);
    app = await buildApp({ config: t.config, database: t.database });
    const [district] = await t.database.withSession((s) => s.query<{ code: string }>(`SELECT code FROM unit WHERE level = 'district' ORDER BY code LIMIT 1`));
    districtCode = district!.code;
    siteId = (await registerSource(t.database, { code: 'lab-a', name: 'Lab A', kind: 'test_site', requireNationalId: true, districtCode })).id;
    otherId = (await registerSource(t.database, { code: 'lab-b', name: 'Lab B', kind: 'test_site', requireNationalId: true })).id;
    site = await apiKeyFor(t.database, 'lab-a.key', 'lab-a');
    other = await apiKeyFor(t.database, 'lab-b.key', 'lab-b');
    admin = await signInAs(app, t.database, { username: 'root', role: 'admin' });
    callers.leader = await signInAs(app, t.database, { username: 'leader', role: 'city_leader' });
    callers.planner = await signInAs(app, t.database, { username: 'planner', role: 'planner' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('shows a site its counts and rejects by code, fixes 20 lost leading zeros at once, and refuses the others', async () => {
    const sent = await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: site, payload: [...lostZeroRecords(people.slice(0, 20), 'z'), ...lostZeroRecords(people.slice(20, 21), 'ok').map((r) => ({ ...r, nationalId: `00${r.nationalId}` }))] });
    expect(sent.json().summary).toMatchObject({ rows: 21, inserted: 1, rejected: 20 });
    await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: other, payload: lostZeroRecords(people.slice(30, 32), 'b') });

    const glance = (await app.inject({ method: 'GET', url: '/api/desk/sources', headers: site })).json();
    expect(glance.sources).toHaveLength(1);
    expect(glance.sources[0]).toMatchObject({ code: 'lab-a', rowsToday: 21, rows7d: 21, openRejects: 20, held: 0, quiet: false });
    expect(glance.sources[0].rejectedShare7d).toBeCloseTo(20 / 21, 3);
    const all = (await app.inject({ method: 'GET', url: '/api/desk/sources', headers: admin })).json();
    expect(all.sources.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['lab-a', 'lab-b']));
    const detail = (await app.inject({ method: 'GET', url: `/api/desk/sources/${siteId}`, headers: site })).json();
    expect(detail.rejectsByCode).toEqual([{ code: 'ID_MALFORMED', field: 'nationalId', count: 20 }]);
    expect(detail.batches[0]).toMatchObject({ rows: 21, inserted: 1, rejected: 20 });

    // The data-quality layer: the district the site serves is blind to its rejected rows.
    const quality = (await app.inject({ method: 'GET', url: '/api/desk/quality?level=district', headers: callers.leader })).json();
    const served = quality.units.find((u: { code: string }) => u.code === districtCode);
    expect(served).toMatchObject({ unplacedShare: 0, heldShare: 0 });
    expect(served.records).toBeGreaterThanOrEqual(20);
    expect(served.rejectedShare).toBeCloseTo(20 / served.records, 3);
    expect(served.blindShare).toBeGreaterThanOrEqual(served.rejectedShare);
    expect(served.position).toHaveLength(2);
    expect((await app.inject({ method: 'GET', url: '/api/desk/quality?level=ward', headers: callers.planner })).json().units[0].rejectedShare).toBeNull();
    expect((await app.inject({ method: 'GET', url: '/api/desk/quality', headers: site })).statusCode).toBe(403);

    // Refused: other roles, the other site, anonymous.
    for (const headers of [callers.leader, callers.planner, other]) {
      expect((await app.inject({ method: 'GET', url: `/api/desk/sources/${siteId}`, headers })).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: `/api/desk/sources/${siteId}/rejects`, headers })).statusCode).toBe(403);
    }
    for (const headers of [callers.leader, callers.planner]) expect((await app.inject({ method: 'GET', url: '/api/desk/sources', headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/desk/sources' })).statusCode).toBe(401);

    const page = (await app.inject({ method: 'GET', url: `/api/desk/sources/${siteId}/rejects?code=ID_MALFORMED`, headers: site })).json();
    expect(page.total).toBe(20);
    const items = page.items.map((r: { id: number; raw: { nationalId: string } }) => ({ id: r.id, fields: { nationalId: r.raw.nationalId.padStart(12, '0') } }));
    for (const headers of [other, callers.leader, callers.planner]) {
      expect((await app.inject({ method: 'POST', url: '/api/desk/rejects/fix', headers, payload: { items } })).statusCode).toBe(403);
    }
    const [{ n: before }] = (await t.database.withSession((s) => s.query<{ n: number }>(`SELECT count(*)::int AS n FROM ingest_reject WHERE status = 'open'`))) as [{ n: number }];
    expect(before).toBe(22);

    // One of them fixed into another invalid value: it stays open with its reason; the rest go in.
    const withBad = items.map((item: { id: number; fields: { nationalId: string } }, i: number) => (i === 0 ? { ...item, fields: { nationalId: '12AB' } } : item));
    const fixed = (await app.inject({ method: 'POST', url: '/api/desk/rejects/fix', headers: site, payload: { items: withBad } })).json();
    expect(fixed).toMatchObject({ resolved: 19, stillOpen: 1 });
    expect(fixed.results[0]).toMatchObject({ status: 'open', errors: [expect.objectContaining({ field: 'nationalId', code: 'ID_MALFORMED' })] });
    const last = (await app.inject({ method: 'POST', url: '/api/desk/rejects/fix', headers: admin, payload: { items: [items[0]] } })).json();
    expect(last).toMatchObject({ resolved: 1, stillOpen: 0 });
    const [{ n: landed }] = (await t.database.withSession((s) => s.query<{ n: number }>(`SELECT count(*)::int AS n FROM test_result WHERE source_record_id LIKE 'z-%' AND person_id IS NOT NULL`))) as [{ n: number }];
    expect(landed).toBe(20);
    const audit = (await app.inject({ method: 'GET', url: '/api/admin/audit-log?action=desk.reject.fix', headers: admin })).json();
    expect(audit.items.map((i: { username: string; recordIds: number[] }) => [i.username, i.recordIds.length])).toEqual([['root', 1], ['lab-a.key', 20]]);
  });

  it('lets the ward official of the candidate (and admins) decide and undo a held pair, and no one else', async () => {
    const person = people.slice(400).find(swappable)!;
    const reviewId = await makeHeldPair(t.database, person, { idHashKey: t.config.idHashKey!, sourceCode: 'vax-site', kind: 'vaccinations', channel: 'cli' }, 'held-1');
    const [home] = await t.database.withSession((s) => s.query<{ code: string; ward_id: number }>(
      `SELECT w.code, w.id AS ward_id FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id JOIN unit w ON w.id = h.ward_id WHERE p.district_id = $1 AND p.id = $2`, [person.districtId, person.id]));
    const [away] = await t.database.withSession((s) => s.query<{ code: string }>(`SELECT code FROM unit WHERE level = 'ward' AND id <> $1 ORDER BY code LIMIT 1`, [home!.ward_id]));
    const official = await signInAs(app, t.database, { username: 'official', role: 'ward_official', unitCode: home!.code });
    const outsider = await signInAs(app, t.database, { username: 'outsider', role: 'ward_official', unitCode: away!.code });

    for (const headers of [callers.leader, callers.planner, site]) {
      expect((await app.inject({ method: 'GET', url: '/api/desk/review', headers })).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: `/api/desk/review/${reviewId}`, headers, payload: { decision: 'same' } })).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: `/api/desk/review/${reviewId}/undo`, headers })).statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: '/api/desk/review', headers: outsider })).json().total).toBe(0);
    expect((await app.inject({ method: 'POST', url: `/api/desk/review/${reviewId}`, headers: outsider, payload: { decision: 'same' } })).statusCode).toBe(403);

    const mine = (await app.inject({ method: 'GET', url: '/api/desk/review', headers: official })).json();
    expect(mine.items.map((i: { id: number }) => i.id)).toEqual([reviewId]);
    expect(mine.items[0]).toMatchObject({ candidate: { personId: person.id }, heldEvents: 1 });
    expect(mine.items[0].incoming).not.toHaveProperty('idHash');

    const decided = await app.inject({ method: 'POST', url: `/api/desk/review/${reviewId}`, headers: official, payload: { decision: 'same' } });
    expect(decided.json()).toMatchObject({ personId: person.id, releasedEvents: 1 });
    const personOf = async () => (await t.database.withSession((s) => s.query<{ person_id: number | null; unit_id: number | null }>(`SELECT person_id, unit_id FROM vaccination WHERE source_record_id = 'held-1'`)))[0];
    expect((await personOf())?.person_id).toBe(person.id);
    expect((await app.inject({ method: 'POST', url: `/api/desk/review/${reviewId}/undo`, headers: outsider })).statusCode).toBe(403);

    const undone = await app.inject({ method: 'POST', url: `/api/desk/review/${reviewId}/undo`, headers: official });
    expect(undone.json()).toEqual({ id: reviewId, reheldEvents: 1 });
    expect(await personOf()).toEqual({ person_id: null, unit_id: null });
    expect((await app.inject({ method: 'POST', url: `/api/desk/review/${reviewId}/undo`, headers: official })).json().code).toBe('REVIEW_NOT_DECIDED');
    const byAdmin = await app.inject({ method: 'POST', url: `/api/desk/review/${reviewId}`, headers: admin, payload: { decision: 'different' } });
    expect(byAdmin.statusCode).toBe(200);
    expect((await personOf())?.person_id).not.toBe(person.id);
    const audit = (await app.inject({ method: 'GET', url: '/api/admin/audit-log?action=desk.review.*', headers: admin })).json();
    expect(audit.items.map((i: { action: string; username: string }) => `${i.username}:${i.action}`)).toEqual(['root:desk.review.different', 'official:desk.review.undo', 'official:desk.review.same']);
  });

  it("puts held records in the ward of their own address: a ward's shares equal a hand count", async () => {
    // A held record that gives its address: a name typo, a swapped day/month and another house on the person's street keep it
    // held (an agreeing address would link it); the ward is the address's.
    const person = people.slice(600).find((p) => swappable(p) && /^\d+ /.test(p.address))!;
    const [family, ...rest] = person.fullName.split(' ');
    const given = rest.pop() as string;
    const record = {
      recordId: 'held-q', fullName: [family, ...rest.map((w) => `${w}x`), given].join(' '), birthDate: `${person.birthDate.slice(5, 7)}/${person.birthDate.slice(8, 10)}/${person.birthDate.slice(0, 4)}`,
      sex: person.sex === 'M' ? 'Nam' : 'Nữ', address: person.address.replace(/^\d+/, (n) => String(Number(n) + 1000)), doseNumber: '1', vaccineName: 'Moderna', vaccinationDate: '02/10/2021',
    };
    const sent = await runIngest(t.database, asRows([record]), { idHashKey: t.config.idHashKey!, sourceCode: 'vax-site', kind: 'vaccinations', channel: 'cli' });
    expect(sent.held, JSON.stringify(sent)).toBe(1);
    const [home] = await t.database.withSession((s) => s.query<{ id: number; code: string }>(
      `SELECT w.id, w.code FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id JOIN unit w ON w.id = h.ward_id WHERE p.district_id = $1 AND p.id = $2`, [person.districtId, person.id]));
    // By hand: the ward's placed records through their people's households, and the held ones waiting in the review queue.
    const [count] = await t.database.withSession((s) => s.query<{ placed: number }>(`
      SELECT count(*)::int AS placed FROM (SELECT district_id, person_id FROM test_result UNION ALL SELECT district_id, person_id FROM vaccination) e
      JOIN person p ON p.district_id = e.district_id AND p.id = e.person_id JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
      WHERE h.ward_id = $1`, [home!.id]));
    const [queue] = await t.database.withSession((s) => s.query<{ held: number }>(
      `SELECT count(*)::int AS held FROM link_review_event le JOIN link_review lr ON lr.id = le.review_id WHERE lr.decision IS NULL AND le.source_record_id = 'held-q'`));
    expect(queue!.held).toBe(1);
    const total = count!.placed + queue!.held;
    const ward = (await app.inject({ method: 'GET', url: '/api/desk/quality?level=ward', headers: callers.leader })).json().units.find((u: { code: string }) => u.code === home!.code);
    expect(ward).toMatchObject({ records: total, unplacedShare: 0, rejectedShare: null });
    expect(ward.heldShare).toBeCloseTo(1 / total, 3);
    // The other wards hold none of it.
    const others = (await app.inject({ method: 'GET', url: '/api/desk/quality?level=ward', headers: callers.leader })).json().units.filter((u: { code: string }) => u.code !== home!.code);
    expect(others.every((u: { heldShare: number | null }) => !u.heldShare)).toBe(true);
  });
});
