import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, writeEvents, type Resident } from '../aggregate/event-fixtures.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { openStream } from './sse-stream.ts';

describe('live stream', () => {
  let t: TestDatabase;
  let apps: FastifyInstance[] = [];
  let bases: string[] = [];
  let residents: Resident[];
  let leader: SignedInHeaders;
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 1500, seed: 'l', idHashKey: 'x'.repeat(40) });
    residents = await listResidents(t.database);
    // Two server processes behind one database on the server backend; one on the embedded one.
    const count = t.database.capabilities.listenNotify ? 2 : 1;
    apps = [];
    for (let i = 0; i < count; i++) apps.push(await buildApp({ config: t.config, database: t.database }));
    bases = [];
    for (const app of apps) bases.push(await app.listen({ host: '127.0.0.1', port: 0 }));
    leader = await signInAs(apps[0]!, t.database, { username: 'leader', role: 'city_leader' });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await t?.drop();
  });

  it('streams a refresh after ingest commits, to every server process, and resumes from Last-Event-ID', async () => {
    expect((await fetch(`${bases[0]}/api/live`)).status).toBe(401);
    const streams = await Promise.all(bases.map((base) => openStream(base, leader)));
    // The server subscribes before it sends the headers, so nothing published from now on is missed.
    for (const s of streams) expect(s.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const touched = await writeEvents(t.database, residents, [
      { kind: 'case', person: 7, day: '2021-10-20', classification: 'community', severity: 'mild', recoveredOn: null },
    ]);
    if (t.database.capabilities.listenNotify) {
      // Another process (here: a bare refresh with no bus) commits; NOTIFY reaches both servers.
      await refreshDirtyUnits(t.database);
    } else {
      apps[0]!.ctx.aggregator.onChunkCommitted(touched);
    }
    const received = await Promise.all(streams.map((s) => s.next('refresh')));
    for (const event of received) {
      const data = JSON.parse(event.data);
      expect(Number(event.id)).toBe(data.id);
      expect(data.units).toContain(touched[0]!.unitId);
      expect(data.tiers.length).toBeGreaterThan(0);
      expect(event.data).not.toMatch(/name|phone|birth/i);
    }
    expect(new Set(received.map((e) => e.id)).size).toBe(1);
    expect(streams[0]!.raw[0]).toMatch(/^retry: \d+$/);
    for (const s of streams) s.close();

    const resumed = await openStream(bases[0]!, { ...leader, 'Last-Event-ID': String(Number(received[0]!.id) - 1) });
    expect((await resumed.next('refresh')).id).toBe(received[0]!.id);
    resumed.close();
  });
});
