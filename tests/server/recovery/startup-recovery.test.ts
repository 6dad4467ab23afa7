// A server stopped with work pending (records committed, their dirty pairs
// never refreshed; a batch left "running" by a process that died) and a new
// one started on the same database: without any new ingest, the rollups equal
// a full rebuild and the dead process's batch is no longer running.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { rebuildEverything } from '../../../server/aggregate/aggregate.service.ts';
import { runIngest } from '../../../server/ingest/ingest.service.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { BATCH_LEASE_SECONDS } from '../../../server/recovery/startup-recovery.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { snapshotAggregates } from '../aggregate/event-fixtures.ts';
import { asRows, listPeople, seedPeople, testOf, vaccinationOf } from '../ingest/ingest-fixtures.ts';

describe('start-up recovery', () => {
  let t: TestDatabase;
  let app: FastifyInstance | null = null;
  const count = async (sql: string) => (await t.database.withSession((s) => s.query<{ n: number }>(sql)))[0]?.n;
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedPeople(t.database, await resolveIdHashKey(t.config), 800);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('refreshes the pairs a stopped server left dirty and marks its running batch abandoned', async () => {
    const idHashKey = await resolveIdHashKey(t.config);
    await rebuildEverything(t.database);
    const people = await listPeople(t.database, 150);
    // The stopped process: records committed (and marked dirty) but never refreshed.
    const tests = people.map((p, i) => testOf(p, `restart-t${i}`, { sampleTime: `${18 + (i % 6)}/08/2021 08:00`, result: i % 4 === 0 ? 'Dương tính' : 'Âm tính' }));
    const doses = people.slice(0, 60).map((p, i) => vaccinationOf(p, `restart-v${i}`, { vaccinationDate: `${10 + (i % 9)}/08/2021` }));
    await runIngest(t.database, asRows(tests), { idHashKey, sourceCode: 'restart-lab', kind: 'tests', channel: 'api', today: '2021-09-30', chunkRows: 50 });
    await runIngest(t.database, asRows(doses), { idHashKey, sourceCode: 'restart-site', kind: 'vaccinations', channel: 'api', today: '2021-09-30' });
    const dirtyBefore = await count('SELECT count(*)::int AS n FROM dirty_unit_day');
    expect(dirtyBefore).toBeGreaterThan(10);
    // …and a batch it was importing when it died, last heard of longer ago than the lease; and one another live process is importing now.
    const [dead, alive] = await t.database.withSession(async (s) => {
      const source = (await s.query<{ id: number }>("SELECT id FROM source WHERE code = 'restart-lab'"))[0]!.id;
      const open = `INSERT INTO ingest_batch (source_id, kind, channel, status, chunks_committed, heartbeat_at)
        VALUES ($1, 'tests', 'upload', 'running', 3, now() - make_interval(secs => $2)) RETURNING id`;
      return [
        (await s.query<{ id: number }>(open, [source, BATCH_LEASE_SECONDS + 60]))[0]!.id,
        (await s.query<{ id: number }>(open, [source, 1]))[0]!.id,
      ];
    });

    // A new server on the same database; nothing new is sent to it.
    app = await buildApp({ config: t.config, database: t.database });
    await app.ready();
    const summary = await app.ctx.startup.done();
    expect(summary).toMatchObject({ dirtyPairs: dirtyBefore });
    expect(await count('SELECT count(*)::int AS n FROM dirty_unit_day')).toBe(0);
    const recovered = await snapshotAggregates(t.database);
    await rebuildEverything(t.database);
    expect(recovered).toEqual(await snapshotAggregates(t.database));

    const batches = await t.database.withSession((s) => s.query<{ id: number; status: string; error: string | null }>(
      'SELECT id, status, error FROM ingest_batch WHERE id = ANY($1::bigint[]) ORDER BY id', [[dead, alive]]));
    expect(batches[0]).toMatchObject({ status: 'failed' });
    expect(batches[0]?.error).toMatch(/^abandoned: the process importing it stopped after 3 committed chunk/);
    // A batch with a fresh heartbeat may belong to another process on a shared server; the embedded database has one process only.
    expect(batches[1]?.status).toBe(t.url ? 'running' : 'failed');
    expect([...(summary?.abandonedBatches ?? [])].sort((a, b) => a - b)).toEqual(t.url ? [dead] : [dead, alive].sort((a, b) => a - b));
  });
});
