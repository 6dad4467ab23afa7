// Report jobs with several server processes: a running job carries a lease
// (claimed_by, heartbeat_at). Another process starting does not take a job
// whose lease is fresh; a job whose heartbeat went stale is taken over and
// finished; a process that lost its lease cannot store over the new owner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { ReportQueue } from '../../../server/reports/report-queue.ts';
import { claimNextJob, finishJob, renewLease } from '../../../server/reports/reports.repo.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, writeEvents, type FixtureEvent } from '../aggregate/event-fixtures.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';

const D = '2021-10-25';

interface JobState { status: string; claimed_by: string | null; units_done: number; fresh: boolean }

describe('report job leases', () => {
  let t: TestDatabase;
  let first: FastifyInstance;
  let planner: SignedInHeaders;
  let zoneId: number;
  let userId: number;
  const q = <R>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));
  const state = async (id: string) => (await q<JobState>(`SELECT status, claimed_by, units_done, heartbeat_at > now() - interval '30 seconds' AS fresh FROM report_job WHERE id = $1::bigint`, [id]))[0]!;
  /** A job another (live or dead) process is building: running, claimed by it, heartbeat `age` seconds ago. */
  const runningJob = async (worker: string, ageSeconds: number) => {
    const caller = { userId, username: 'planner', role: 'planner', jurisdiction: null, sourceId: null, via: 'session' };
    const [row] = await q<{ id: string }>(`INSERT INTO report_job (zone_id, user_id, format, params, status, units_total, units_done, started_at, claimed_by, heartbeat_at)
      VALUES ($1, $2, 'csv', $3::jsonb, 'running', 2, 1, now(), $4, now() - make_interval(secs => $5)) RETURNING id::text AS id`,
    [zoneId, userId, JSON.stringify({ date: D, from: '2021-09-28', caller }), worker, ageSeconds]);
    return row!.id;
  };
  const waitDone = async (app: FastifyInstance, id: number | string) => {
    let job = (await app.inject({ url: `/api/reports/${id}`, headers: planner })).json();
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = (await app.inject({ url: `/api/reports/${id}`, headers: planner })).json();
    }
    return job;
  };

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 1200, seed: 'lease', idHashKey: 'x'.repeat(40) });
    const wards = await q<{ id: number }>(`SELECT id FROM unit WHERE level = 'ward' ORDER BY id LIMIT 2`);
    const inWard = new Set((await q<{ id: number }>(`SELECT unit_id AS id FROM unit_ancestry WHERE ward_id = $1`, [wards[0]!.id])).map((r) => r.id));
    const residents = await listResidents(t.database);
    const events: FixtureEvent[] = residents.map((r, i) => ({ r, i })).filter(({ r }) => inWard.has(r.unitId)).slice(0, 6)
      .map(({ i }) => ({ kind: 'case', person: i, day: '2021-10-20', classification: 'community', severity: 'mild', recoveredOn: null }));
    await writeEvents(t.database, residents, events);
    await refreshDirtyUnits(t.database);
    first = await buildApp({ config: t.config, database: t.database });
    await first.ready();
    planner = await signInAs(first, t.database, { username: 'planner', role: 'planner' });
    userId = (await q<{ id: number }>(`SELECT id FROM app_user WHERE username = 'planner'`))[0]!.id;
    const zone = await first.inject({ method: 'POST', url: '/api/zones', payload: { name: 'Lease', unitIds: wards.map((w) => w.id) }, headers: planner });
    expect(zone.statusCode, zone.body).toBe(201);
    zoneId = zone.json().id;
  });
  afterAll(async () => {
    await first?.close();
    await t?.drop();
  });

  it('a second process starting leaves a job with a fresh lease to the process building it', async () => {
    // Process one claims a queued job the way its worker does (and then would be building it).
    const [queuedRow] = await q<{ id: string }>(`INSERT INTO report_job (zone_id, user_id, format, params) VALUES ($1, $2, 'csv', $3::jsonb) RETURNING id::text AS id`,
      [zoneId, userId, JSON.stringify({ date: D, from: '2021-09-28', caller: { userId, username: 'planner', role: 'planner', jurisdiction: null, sourceId: null, via: 'session' } })]);
    const claimed = await t.database.withSession((s) => claimNextJob(s, 'process-one', 60));
    expect(claimed?.id).toBe(queuedRow!.id);
    const building = claimed!.id;
    await q(`UPDATE report_job SET units_total = 2, units_done = 1 WHERE id = $1::bigint`, [building]);
    const second = await buildApp({ config: t.config, database: t.database });
    try {
      await second.ready();
      // The second process works through the queue (a newer job) without taking the running one.
      const queued = await second.inject({ method: 'POST', url: `/api/zones/${zoneId}/reports`, payload: { format: 'csv', date: D }, headers: planner });
      expect(queued.statusCode, queued.body).toBe(202);
      expect((await waitDone(second, queued.json().id)).status).toBe('done');
      expect(await state(building)).toMatchObject({ status: 'running', claimed_by: 'process-one', units_done: 1 });
      // The owner keeps its lease alive; it finishes the job, not the other process.
      expect(await t.database.withSession((s) => renewLease(s, building, 'process-one'))).toBe(true);
      await t.database.withSession((s) => finishJob(s, building, 'process-one', Buffer.from('a,b\r\n'), 'x.csv', 'text/csv'));
      expect((await state(building)).status).toBe('done');
    } finally {
      await second.close();
    }
  });

  it('a job whose heartbeat is stale is re-queued at start by another process and finished there', async () => {
    const abandoned = await runningJob('process-dead', 3600);
    const second = await buildApp({ config: t.config, database: t.database });
    try {
      await second.ready();
      const job = await waitDone(second, abandoned);
      expect(job).toMatchObject({ status: 'done', progress: 1, unitsTotal: 2, unitsDone: 2 });
      const after = await state(abandoned);
      expect(after.claimed_by).not.toBe('process-dead');
      expect(after.claimed_by).toMatch(/:\d+:[0-9a-f]{8}$/);
      // The dead process coming back cannot store over the new owner's file, nor renew a lease it lost.
      await t.database.withSession((s) => finishJob(s, abandoned, 'process-dead', Buffer.from('stale'), 'x.csv', 'text/csv'));
      expect((await second.inject({ url: `/api/reports/${abandoned}/file`, headers: planner })).body).not.toBe('stale');
      expect(await t.database.withSession((s) => renewLease(s, abandoned, 'process-dead'))).toBe(false);
    } finally {
      await second.close();
    }
  });

  it('a running worker takes over a stale job (no restart) and leaves a fresh one; two claiming at once take different jobs', async () => {
    const stale = await runningJob('process-gone', 120);
    const fresh = await runningJob('process-alive', 0);
    const errors: unknown[] = [];
    const queue = new ReportQueue(t.database, 5, (e) => errors.push(e), { leaseSeconds: 60, worker: 'taker' });
    queue.kick();
    await queue.idle();
    expect(errors).toEqual([]);
    expect(await state(stale)).toMatchObject({ status: 'done', claimed_by: 'taker' });
    expect(await state(fresh)).toMatchObject({ status: 'running', claimed_by: 'process-alive' });

    // Two stale jobs, two workers at once (SKIP LOCKED): each job built once, by one of them.
    const jobs = [await runningJob('gone-1', 120), await runningJob('gone-2', 120)];
    const workers = ['w1', 'w2'].map((worker) => new ReportQueue(t.database, 5, (e) => errors.push(e), { leaseSeconds: 60, worker }));
    for (const w of workers) w.kick();
    await Promise.all(workers.map((w) => w.idle()));
    expect(errors).toEqual([]);
    for (const id of jobs) expect(['w1', 'w2']).toContain((await state(id)).claimed_by);
    expect((await Promise.all(jobs.map(state))).every((s) => s.status === 'done')).toBe(true);
    await q(`UPDATE report_job SET status = 'failed', error = 'test cleanup' WHERE id = $1::bigint`, [fresh]);
  });
});
