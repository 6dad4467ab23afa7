// The database goes away under a busy ingest (server backend only): the app's
// own backends are terminated (pg_terminate_backend on this test's database,
// never another, never the cluster) while sites keep sending. The process
// stays up, every answer is a success or a 503 with Retry-After, and after the
// clients retry every record is stored exactly once. The live stream says the
// database went away and came back, and a later commit still reaches it.
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { apiKeyFor, signInAs } from '../../helpers/auth.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { openStream } from '../live/sse-stream.ts';
import { listPeople, seedPeople, testOf, type CityPerson } from '../ingest/ingest-fixtures.ts';

const REQUESTS = 24;
const RECORDS_PER_REQUEST = 40;
const SENDERS = 4;
const KILLS = 3;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(inject('databaseTemplate').backend !== 'postgres')('the database going away during ingest', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let base: string;
  let people: CityPerson[];
  let siteKey: { authorization: string };
  let leader: Record<string, string>;
  let databaseName: string;
  const template = inject('databaseTemplate');
  const adminUrl = template.backend === 'postgres' ? template.adminUrl : '';

  /** Terminates every backend of this test's database (and nothing else); returns how many. */
  const terminateOwnBackends = async (): Promise<number> => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: number }>(
        'SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [databaseName],
      );
      return rows[0]?.n ?? 0;
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    t = await openTestDatabase();
    databaseName = new URL(t.url as string).pathname.slice(1);
    await seedPeople(t.database, await resolveIdHashKey(t.config), 1000);
    people = await listPeople(t.database, 200);
    await t.database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ('fault-site', 'fault-site', 'test_site')"));
    siteKey = await apiKeyFor(t.database, 'fault-bot', 'fault-site');
    app = await buildApp({ config: t.config, database: t.database });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    const signedIn = await signInAs(app, t.database, { username: 'fault-leader', role: 'city_leader' });
    leader = { cookie: signedIn.cookie };
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('keeps the process up, answers 503 or success, and stores every record once after retries; LISTEN recovers', async () => {
    const stream = await openStream(base, leader);
    const statuses = new Map<number, number>();
    let succeeded = 0;
    const send = async (request: number) => {
      const records = Array.from({ length: RECORDS_PER_REQUEST }, (_, i) => {
        const person = people[(request * RECORDS_PER_REQUEST + i) % people.length] as CityPerson;
        return testOf(person, `fault-${request}-${i}`, { sampleTime: `${20 + (i % 5)}/08/2021 09:30`, result: i % 7 === 0 ? 'Dương tính' : 'Âm tính' });
      });
      for (let attempt = 1; ; attempt++) {
        const response = await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: siteKey, payload: records });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode === 200) {
          succeeded += 1;
          return;
        }
        if (response.statusCode !== 503) throw new Error(`request ${request} got ${response.statusCode}: ${response.body}`);
        expect(response.headers['retry-after']).toBeDefined();
        expect(response.json().code).toBe('DATABASE_UNAVAILABLE');
        if (attempt >= 200) throw new Error(`request ${request} still refused after ${attempt} attempts`);
        await sleep(50);
      }
    };
    let next = 0;
    const senders = Array.from({ length: SENDERS }, async () => {
      while (next < REQUESTS) await send(next++);
    });
    // Terminate while requests are in flight: after the first successes, then twice more.
    let terminated = 0;
    const killer = (async () => {
      for (let kill = 0; kill < KILLS; kill++) {
        while (succeeded < (kill + 1) * 3 && next < REQUESTS) await sleep(10);
        terminated += await terminateOwnBackends();
        await sleep(30);
      }
    })();
    await Promise.all([...senders, killer]);

    expect(terminated).toBeGreaterThan(0);
    expect([...statuses.keys()].every((status) => status === 200 || status === 503)).toBe(true);
    expect(statuses.get(200)).toBe(REQUESTS);

    // Every record once: the retried requests changed nothing that had committed.
    const [stored] = await t.database.withSession((s) => s.query<{ rows: number; distinct_ids: number }>(
      `SELECT count(*)::int AS rows, count(DISTINCT t.source_record_id)::int AS distinct_ids
       FROM test_result t JOIN source src ON src.id = t.source_id WHERE src.code = 'fault-site'`,
    ));
    expect(stored).toEqual({ rows: REQUESTS * RECORDS_PER_REQUEST, distinct_ids: REQUESTS * RECORDS_PER_REQUEST });

    // The live stream heard the database go away and come back.
    expect(JSON.parse((await stream.next('database')).data)).toMatchObject({ available: false });
    let back = JSON.parse((await stream.next('database')).data);
    while (back.available === false) back = JSON.parse((await stream.next('database')).data);
    expect(back).toEqual({ available: true });

    // A commit after the recovery still produces a live event (LISTEN was re-established).
    await app.ctx.aggregator.idle();
    const [{ id: lastBefore } = { id: 0 }] = await t.database.withSession((s) => s.query<{ id: number }>('SELECT COALESCE(max(id), 0) AS id FROM live_event'));
    const late = people.slice(0, 5).map((person, i) => testOf(person, `fault-late-${i}`, { sampleTime: '25/08/2021 10:00', result: 'Dương tính' }));
    expect((await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: siteKey, payload: late })).statusCode).toBe(200);
    let event = await stream.next('refresh');
    while (Number(event.id) <= lastBefore) event = await stream.next('refresh');
    expect(Number(event.id)).toBeGreaterThan(lastBefore);
    stream.close();

    // The app still answers.
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});
