import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { runIngest } from '../../../server/ingest/ingest.service.ts';
import type { IngestKind } from '../../../server/ingest/ingest.types.ts';
import { decideReview, listReviews } from '../../../server/ingest/review.service.ts';
import { NATIONAL_ID_SYSTEMS, PERSON_SYSTEM } from '../../../server/national/bundle.ts';
import { runPushCommand } from '../../../server/national/push.command.ts';
import { pushSettingsFrom, runNationalPush, type PushRunOptions, type PushSettings } from '../../../server/national/push.service.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { openTestDatabase, TEST_ENV, type TestDatabase } from '../../helpers/database.ts';
import { startFhirReceiver, type FhirReceiver } from '../../helpers/fhir-receiver.ts';
import { asRows, giveNationalId, listPeople, makeCccd, seedPeople, testOf, vaccinationOf, type CityPerson } from '../ingest/ingest-fixtures.ts';
import type { FhirIdentifier } from '../../../server/national/bundle.ts';
import { openIdentifiers } from '../../../server/national/identifier-seal.ts';

interface OutboxRow {
  source_record_id: string;
  record_version: number;
  status: string;
  attempts: number;
  identifiers: unknown;
  outcome: { issue: Array<{ code: string; diagnostics: string }> } | null;
  response: { status: string; location: string; patient: string } | null;
  person_id: number | null;
}

describe('national push', () => {
  let t: TestDatabase;
  let key: string;
  let people: CityPerson[];
  let receiver: FhirReceiver;
  let app: FastifyInstance;
  let admin: SignedInHeaders;
  let nextPerson = 0;
  let firstCccd = '';
  const take = (n: number) => {
    const picked = people.slice(nextPerson, nextPerson + n);
    nextPerson += n;
    return picked;
  };
  const query = <R,>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));
  const settings = (extra: Partial<PushSettings> = {}): PushSettings => ({
    url: receiver.url, timeoutSeconds: 2, batchRows: 50, maxAttempts: 3, backoffBaseSeconds: 0, backoffMaxSeconds: 0,
    staleClaimSeconds: 0, concurrency: 2, idHashKey: key, ...extra,
  });
  const push = (extra: Partial<PushSettings> = {}, options: Partial<PushRunOptions> = {}) =>
    runNationalPush(t.database, settings(extra), { trigger: 'cli', random: () => 0.5, ...options });
  const ingest = (sourceCode: string, records: Array<Record<string, string>>, kind: IngestKind = 'vaccinations') =>
    runIngest(t.database, asRows(records), { idHashKey: key, sourceCode, kind, channel: 'cli', today: '2021-12-31' });
  const outbox = (sourceCode: string) => query<OutboxRow>(
    `SELECT o.source_record_id, o.record_version, o.status, o.attempts, o.identifiers, o.outcome, o.response, o.person_id
     FROM national_outbox o JOIN source s ON s.id = o.source_id WHERE s.code = $1 ORDER BY o.source_record_id, o.record_version`, [sourceCode]);
  const storedOnce = (type: string, sourceCode: string, recordId: string) =>
    receiver.find(type, { system: `urn:riskmap:source:${sourceCode}`, value: recordId }).length;
  const patientsOf = (person: CityPerson) => receiver.find('Patient', { system: PERSON_SYSTEM, value: String(person.id) });

  beforeAll(async () => {
    t = await openTestDatabase();
    key = await resolveIdHashKey(t.config);
    await seedPeople(t.database, key, 400);
    people = await listPeople(t.database, 300);
    receiver = await startFhirReceiver();
    app = await buildApp({ config: { ...t.config, national: { ...t.config.national, url: receiver.url, timeoutSeconds: 2, backoffBaseSeconds: 0 } }, database: t.database });
    admin = await signInAs(app, t.database, { username: 'national-admin', role: 'admin' });
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await t?.drop();
  });

  it('queues records in the ingest transaction with the identifiers they arrived with (sealed); a failed chunk queues nothing', async () => {
    const [a, b] = take(2) as [CityPerson, CityPerson];
    const cccd = makeCccd(a.birthDate, a.sex, 987_001);
    firstCccd = cccd;
    await giveNationalId(t.database, key, a, cccd);
    await ingest('q-site', [vaccinationOf(a, 'q-1', { nationalId: cccd, insuranceNumber: 'dn 479 7912345678' }), vaccinationOf(b, 'q-2')]);
    const rows = await outbox('q-site');
    expect(rows.map((r) => [r.source_record_id, r.status, r.record_version, r.person_id])).toEqual([['q-1', 'pending', 1, a.id], ['q-2', 'pending', 1, b.id]]);
    // Stored sealed: the raw number is nowhere in the table, and opens back under the deployment's key.
    expect(JSON.stringify(rows[0]?.identifiers)).not.toContain(cccd.slice(1));
    expect(JSON.stringify(rows[0]?.identifiers)).not.toContain('7912345678');
    expect(openIdentifiers(key, rows[0]?.identifiers as FhirIdentifier[])).toEqual([
      { system: NATIONAL_ID_SYSTEMS.cccd, value: cccd }, { system: 'http://fhir.ehealth.gov.vn/core/sid/insurance_number', value: 'DN4797912345678' },
    ]);
    expect(() => openIdentifiers('another-key-another-key-another-key-0', rows[0]?.identifiers as FhirIdentifier[])).toThrow(/sealed under another RISKMAP_ID_HASH_KEY/);
    expect(rows[1]?.identifiers).toBeNull();
    // Fail the chunk after its events and outbox rows were written (the reject insert comes later in the same transaction).
    await query(`CREATE FUNCTION test_fail_chunk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'chunk failure for the test'; END $$`);
    await query(`CREATE TRIGGER test_fail_chunk BEFORE INSERT ON ingest_reject FOR EACH ROW EXECUTE FUNCTION test_fail_chunk()`);
    try {
      const [c] = take(1) as [CityPerson];
      await expect(ingest('q-fail', [vaccinationOf(c, 'f-1'), vaccinationOf(c, 'f-2', { doseNumber: '9' })])).rejects.toThrow(/chunk failure/);
    } finally {
      await query('DROP TRIGGER test_fail_chunk ON ingest_reject');
    }
    expect(await outbox('q-fail')).toEqual([]);
    expect(await query(`SELECT count(*)::int AS n FROM vaccination WHERE source_record_id LIKE 'f-%'`)).toEqual([{ n: 0 }]);
  });

  it('pushes one Bundle per person, marks every record sent with its location and erases the raw identifiers', async () => {
    const summary = await push();
    expect(summary).toMatchObject({ bundles: 2, accepted: 2, rejected: 0, retrying: 0, failed: 0, unreachable: false, error: null });
    const rows = await outbox('q-site');
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(rows.every((r) => r.identifiers === null)).toBe(true);
    expect(rows[0]?.response).toMatchObject({ status: '201 Created', location: expect.stringMatching(/^Immunization\/\d+\/_history\/1$/), patient: expect.stringMatching(/^Patient\//) });
    expect(storedOnce('Immunization', 'q-site', 'q-1')).toBe(1);
    expect(storedOnce('Immunization', 'q-site', 'q-2')).toBe(1);
    expect(receiver.requests.at(-1)?.contentType).toBe('application/fhir+json');
    const [immunization] = receiver.find('Immunization', { system: 'urn:riskmap:source:q-site', value: 'q-1' });
    const [patient] = receiver.find('Patient', { system: NATIONAL_ID_SYSTEMS.cccd, value: firstCccd });
    expect(immunization?.resource.patient).toEqual({ reference: `Patient/${patient?.id}` });
  });

  it('retries after a 500 and sends the record once when the receiver recovers', async () => {
    const [a, b] = take(2) as [CityPerson, CityPerson];
    await ingest('r500', [vaccinationOf(a, 'r-1')]);
    await ingest('r500', [testOf(b, 'r-2')], 'tests');
    receiver.failNext(2, 500);
    const first = await push({ concurrency: 1 }, { once: true });
    expect(first).toMatchObject({ bundles: 2, accepted: 0, retrying: 2, rejected: 0 });
    const waiting = await outbox('r500');
    expect(waiting.map((r) => [r.status, r.attempts])).toEqual([['pending', 1], ['pending', 1]]);
    expect(waiting[0]?.outcome?.issue[0]?.diagnostics).toMatch(/programmed failure 500/);
    const second = await push();
    expect(second).toMatchObject({ accepted: 2, retrying: 0 });
    expect(storedOnce('Immunization', 'r500', 'r-1')).toBe(1);
    expect(storedOnce('Observation', 'r500', 'r-2')).toBe(1);
    expect((await outbox('r500')).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('retries a timed-out Bundle whose transaction did commit, and stores nothing twice', async () => {
    const [a] = take(1) as [CityPerson];
    await ingest('slow', [vaccinationOf(a, 's-1')]);
    receiver.hangNext(1, { afterStoring: true });
    const first = await push({ timeoutSeconds: 1 }, { once: true });
    expect(first).toMatchObject({ accepted: 0, retrying: 1 });
    const [row] = await outbox('slow');
    expect(row?.outcome?.issue[0]).toMatchObject({ code: 'timeout', diagnostics: expect.stringContaining(receiver.url) });
    expect(storedOnce('Immunization', 'slow', 's-1')).toBe(1);
    const second = await push();
    expect(second).toMatchObject({ accepted: 1 });
    expect(storedOnce('Immunization', 'slow', 's-1')).toBe(1);
    expect(patientsOf(a)).toHaveLength(1);
    expect((await outbox('slow'))[0]?.response?.status).toBe('200 OK');
  });

  it('keeps a 412 (two national Patients match the ID number) as a rejection with the OperationOutcome', async () => {
    const [a] = take(1) as [CityPerson];
    const cccd = makeCccd(a.birthDate, a.sex, 987_412);
    await giveNationalId(t.database, key, a, cccd);
    for (let i = 0; i < 2; i++) receiver.seed({ resourceType: 'Patient', identifier: [{ system: NATIONAL_ID_SYSTEMS.cccd, value: cccd }] });
    await ingest('dup', [vaccinationOf(a, 'd-1', { nationalId: cccd })]);
    const summary = await push();
    expect(summary).toMatchObject({ rejected: 1, accepted: 0, retrying: 0 });
    const [row] = await outbox('dup');
    expect(row).toMatchObject({ status: 'rejected', identifiers: null, attempts: 1 });
    expect(row?.outcome?.issue[0]).toMatchObject({ code: 'multiple-matches' });
    expect(storedOnce('Immunization', 'dup', 'd-1')).toBe(0);
    const page = await app.inject({ method: 'GET', url: '/api/national/rejections?limit=10', headers: admin });
    expect(page.statusCode).toBe(200);
    const item = page.json().items.find((i: { recordId: string }) => i.recordId === 'd-1');
    expect(item).toMatchObject({ sourceCode: 'dup', eventKind: 'vaccination', personId: a.id, httpStatus: 412, issues: [{ code: 'multiple-matches', diagnostics: expect.stringMatching(/2 Patient resources match/) }] });
    expect(page.body).not.toContain(a.fullName);
    expect(page.body).not.toContain(cccd);
  });

  it('rejects a refused entry while the other persons\' Bundles are accepted', async () => {
    const [a, b, c] = take(3) as [CityPerson, CityPerson, CityPerson];
    await ingest('lot', [vaccinationOf(a, 'l-1', { lotNumber: 'OK1' }), vaccinationOf(b, 'l-2', { lotNumber: 'RECALLED' }), vaccinationOf(c, 'l-3', { lotNumber: 'OK3' })]);
    receiver.rejectWhen((r) => (r.lotNumber === 'RECALLED' ? 'lot RECALLED was withdrawn' : null));
    try {
      const summary = await push();
      expect(summary).toMatchObject({ bundles: 3, accepted: 2, rejected: 1 });
    } finally {
      receiver.rejectWhen(null);
    }
    expect((await outbox('lot')).map((r) => [r.source_record_id, r.status])).toEqual([['l-1', 'sent'], ['l-2', 'rejected'], ['l-3', 'sent']]);
    expect(patientsOf(b)).toHaveLength(0); // all or nothing: the refused Bundle's Patient was not kept either
    const status = await app.inject({ method: 'GET', url: '/api/national/status', headers: admin });
    expect(status.json()).toMatchObject({ configured: true, endpoint: receiver.url, counts: { rejected: 2, pending: 0 }, lastRun: { accepted: 2, rejected: 1, error: null } });
  });

  it('re-sends rows a crashed pusher left in sending; each record reaches the receiver exactly once', async () => {
    const group = take(4);
    await ingest('crash', group.map((p, i) => vaccinationOf(p, `c-${i}`)));
    await expect(push({ concurrency: 1 }, { afterSend: () => { throw new Error('killed between send and mark'); } })).rejects.toThrow(/killed/);
    const stuck = await outbox('crash');
    expect(stuck.every((r) => r.status === 'sending')).toBe(true);
    expect(group.filter((_, i) => storedOnce('Immunization', 'crash', `c-${i}`) === 1)).toHaveLength(1);
    const summary = await push();
    expect(summary).toMatchObject({ accepted: 4, rejected: 0 });
    for (let i = 0; i < group.length; i++) expect(storedOnce('Immunization', 'crash', `c-${i}`)).toBe(1);
    for (const p of group) expect(patientsOf(p)).toHaveLength(1);
    expect((await outbox('crash')).map((r) => r.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
  });

  // A real process killed while its request is in flight (the receiver stored the Bundle, the answer never came back).
  // Server backend only: the embedded test database lives in this process and a child cannot open it.
  it.runIf(process.env.DATABASE_URL)('re-sends what a killed `riskmap push` process left in sending, storing nothing twice', async () => {
    const group = take(2);
    await ingest('killed', group.map((p, i) => vaccinationOf(p, `k-${i}`)));
    const before = receiver.requests.length;
    receiver.hangNext(1, { afterStoring: true });
    const child = spawn(process.execPath, ['bin/riskmap.js', 'push'], {
      env: { ...process.env, ...TEST_ENV, DATABASE_URL: t.url as string, NATIONAL_FHIR_URL: receiver.url, RISKMAP_NATIONAL_BATCH: '1' },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    while (receiver.requests.length === before) await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill('SIGKILL');
    await exited;
    const rows = await outbox('killed');
    expect(rows.filter((r) => r.status === 'sending')).toHaveLength(1);
    expect(group.filter((_, i) => storedOnce('Immunization', 'killed', `k-${i}`) === 1)).toHaveLength(1);
    expect(await push()).toMatchObject({ accepted: 2 });
    for (let i = 0; i < group.length; i++) expect(storedOnce('Immunization', 'killed', `k-${i}`)).toBe(1);
    for (const p of group) expect(patientsOf(p)).toHaveLength(1);
  });

  it.runIf(process.env.DATABASE_URL)('`riskmap push` exits 1 naming an unreachable URL, then 0 with a JSON summary', async () => {
    const [a] = take(1) as [CityPerson];
    await ingest('cli', [vaccinationOf(a, 'cli-1')]);
    const run = (url: string, args: string[]) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['bin/riskmap.js', 'push', ...args], { env: { ...process.env, ...TEST_ENV, DATABASE_URL: t.url as string, NATIONAL_FHIR_URL: url, RISKMAP_NATIONAL_BACKOFF: '0' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    const down = await run('http://127.0.0.1:1/fhir', []);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('The national FHIR endpoint http://127.0.0.1:1/fhir is unreachable');
    expect(down.stdout).toMatch(/0 accepted, 0 rejected, 1 to retry/);
    const up = await run(receiver.url, ['--json']);
    expect(up.code).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ accepted: 1, rejected: 0, unreachable: false, error: null });
  });

  it('sends a correction of a sent record as an update of the same Immunization, never a second one', async () => {
    const [a] = take(1) as [CityPerson];
    await ingest('fix', [vaccinationOf(a, 'x-1', { lotNumber: 'AB1' })]);
    await push();
    await ingest('fix', [vaccinationOf(a, 'x-1', { lotNumber: 'AB2' })]);
    expect((await outbox('fix')).map((r) => [r.record_version, r.status])).toEqual([[1, 'sent'], [2, 'pending']]);
    expect(await push()).toMatchObject({ accepted: 1 });
    const stored = receiver.find('Immunization', { system: 'urn:riskmap:source:fix', value: 'x-1' });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ versionId: 2, resource: { lotNumber: 'AB2' } });
    expect((await outbox('fix')).map((r) => r.status)).toEqual(['sent', 'sent']);
    // Two more corrections before the next push: the older one is superseded, only the newest goes out.
    await ingest('fix', [vaccinationOf(a, 'x-1', { lotNumber: 'AB3' })]);
    await ingest('fix', [vaccinationOf(a, 'x-1', { lotNumber: 'AB4' })]);
    expect((await outbox('fix')).map((r) => [r.record_version, r.status])).toEqual([[1, 'sent'], [2, 'sent'], [3, 'superseded'], [4, 'pending']]);
    expect(await push()).toMatchObject({ accepted: 1, bundles: 1 });
    expect(receiver.find('Immunization', { system: 'urn:riskmap:source:fix', value: 'x-1' })).toMatchObject([{ versionId: 3, resource: { lotNumber: 'AB4' } }]);
  });

  it('holds a record waiting for review and sends it once the review gives it a person', async () => {
    const person = people.slice(nextPerson).find((p) => Number(p.birthDate.slice(8, 10)) <= 12 && p.birthDate.slice(8, 10) !== p.birthDate.slice(5, 7)) as CityPerson;
    const [family, ...rest] = person.fullName.split(' ');
    const given = rest.pop() as string;
    const typoName = [family, ...rest.map((w) => `${w}x`), given].join(' ');
    const swapped = `${person.birthDate.slice(5, 7)}/${person.birthDate.slice(8, 10)}/${person.birthDate.slice(0, 4)}`;
    const result = await ingest('held', [{ recordId: 'h-1', fullName: typoName, birthDate: swapped, sex: person.sex === 'M' ? 'Nam' : 'Nữ', doseNumber: '1', vaccineName: 'Moderna', vaccinationDate: '02/10/2021' }]);
    expect(result).toMatchObject({ held: 1 });
    expect(await push()).toMatchObject({ bundles: 0 });
    expect((await outbox('held'))[0]).toMatchObject({ status: 'pending', person_id: null });
    const status = await app.inject({ method: 'GET', url: '/api/national/status', headers: admin });
    expect(status.json().counts.held).toBe(1);
    const { items } = await listReviews(t.database, 50, 0);
    const item = items.find((i) => i.candidate.personId === person.id);
    await decideReview(t.database, item?.id as number, 'same');
    expect(await push()).toMatchObject({ accepted: 1 });
    expect((await outbox('held'))[0]).toMatchObject({ status: 'sent', person_id: person.id });
    expect(storedOnce('Immunization', 'held', 'h-1')).toBe(1);
  });

  it('gives up after the maximum attempts and queues the record again on an admin\'s request', async () => {
    const [a] = take(1) as [CityPerson];
    await ingest('down', [vaccinationOf(a, 'g-1')]);
    receiver.failNext(10, 503);
    expect(await push({ maxAttempts: 2 })).toMatchObject({ failed: 1, retrying: 0 });
    receiver.failNext(0);
    expect((await outbox('down'))[0]).toMatchObject({ status: 'failed', attempts: 2 });
    const planner = await signInAs(app, t.database, { username: 'national-planner', role: 'planner' });
    expect((await app.inject({ method: 'POST', url: '/api/national/push', headers: planner, payload: {} })).statusCode).toBe(403);
    const run = await app.inject({ method: 'POST', url: '/api/national/push', headers: admin, payload: { retryFailed: true } });
    expect(run.statusCode).toBe(200);
    expect(run.json()).toMatchObject({ requeued: 1, accepted: 1, unreachable: false });
    expect(storedOnce('Immunization', 'down', 'g-1')).toBe(1);
  });

  it('stops with a message naming the URL when the endpoint is unreachable; nothing is lost', async () => {
    const [a, b] = take(2) as [CityPerson, CityPerson];
    await ingest('gone', [vaccinationOf(a, 'u-1'), vaccinationOf(b, 'u-2')]);
    const url = 'http://127.0.0.1:1/fhir';
    const summary = await push({ url, concurrency: 1 });
    expect(summary).toMatchObject({ unreachable: true, accepted: 0, retrying: 1 });
    expect(summary.error).toContain(url);
    expect((await outbox('gone')).map((r) => r.status)).toEqual(['pending', 'pending']);
    expect(await push()).toMatchObject({ accepted: 2 });
  });

  it('pushes on its own inside the server when RISKMAP_NATIONAL_INTERVAL is set', async () => {
    const [a] = take(1) as [CityPerson];
    const timed = await buildApp({ config: { ...t.config, national: { ...t.config.national, url: receiver.url, intervalSeconds: 1 } }, database: t.database });
    try {
      await ingest('timer', [vaccinationOf(a, 'tm-1')]);
      while ((await outbox('timer'))[0]?.status !== 'sent') await new Promise((resolve) => setTimeout(resolve, 200));
      expect(storedOnce('Immunization', 'timer', 'tm-1')).toBe(1);
      const [run] = await query<{ trigger: string }>(`SELECT trigger FROM national_push_run WHERE accepted > 0 ORDER BY id DESC LIMIT 1`);
      expect(run?.trigger).toBe('timer');
    } finally {
      await timed.close();
    }
  });

  it('says clearly that NATIONAL_FHIR_URL is unset, from the service, the API and the command', async () => {
    expect(() => pushSettingsFrom(t.config, key)).toThrow(/NATIONAL_FHIR_URL/);
    const bare = await buildApp({ config: t.config, database: t.database });
    try {
      const headers = await signInAs(bare, t.database, { username: 'national-admin-2', role: 'admin' });
      const response = await bare.inject({ method: 'POST', url: '/api/national/push', headers, payload: {} });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ code: 'NATIONAL_NOT_CONFIGURED', message: expect.stringContaining('NATIONAL_FHIR_URL') });
      const status = await bare.inject({ method: 'GET', url: '/api/national/status', headers });
      expect(status.json()).toMatchObject({ configured: false, endpoint: null });
    } finally {
      await bare.close();
    }
    expect(await runPushCommand(t.config, {})).toBe(1);
  });

  it('shows the report to admins and city leaders only', async () => {
    const leader = await signInAs(app, t.database, { username: 'national-leader', role: 'city_leader' });
    expect((await app.inject({ method: 'GET', url: '/api/national/status', headers: leader })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/national/push', headers: leader, payload: {} })).statusCode).toBe(403);
    const planner = await signInAs(app, t.database, { username: 'national-planner-2', role: 'planner' });
    expect((await app.inject({ method: 'GET', url: '/api/national/rejections', headers: planner })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/national/status' })).statusCode).toBe(401);
    const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/national/status', '/api/national/rejections', '/api/national/push']));
  });
});
