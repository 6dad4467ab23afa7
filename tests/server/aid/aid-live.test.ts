// Delivery marks on the live stream: a mark or undo by one ward official
// reaches other open dashboards (SSE /api/live) — through NOTIFY to a second
// server process on the PostGIS backend, through the in-process bus on the
// embedded one — with the round's per-unit counts as the progress API shows
// them to each caller, and only to callers who may see the round.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../server/app.ts';
import { filterAidEvent } from '../../../server/live/live-access.ts';
import type { LiveEvent } from '../../../server/live/live.repo.ts';
import { D, openAidFixture, type AidFixture } from './aid-fixture.ts';

interface SseEvent { id: string | null; event: string | null; data: string }

/** Reads an SSE stream and hands out the next event of a kind, in order. */
async function openStream(base: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/live`, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ready = false;
  const next = async (kind: string): Promise<SseEvent> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block === ': ready') ready = true;
        const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name}: `))?.slice(name.length + 2) ?? null;
        if (kind === ': ready' ? ready : field('event') === kind) return { id: field('id'), event: field('event'), data: field('data') ?? '' };
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  await next(': ready');
  return { res, next, close: () => controller.abort() };
}

interface AidData { kind: string; roundId: number; units: number[]; aid: { roundId: number; progress: { unitId: number; level: string; delivered: number | string; total: number | string }[] } }

describe('aid deliveries on the live stream', () => {
  let f: AidFixture;
  let second: FastifyInstance | null = null;
  let bases: string[];
  let roundA: number;
  let roundB: number;
  const post = (url: string, who: Record<string, string>, payload?: unknown) => f.app.inject({ method: 'POST', url, headers: who, payload: payload as object });

  beforeAll(async () => {
    f = await openAidFixture();
    bases = [await f.app.listen({ host: '127.0.0.1', port: 0 })];
    // Server backend: a second process on the same database hears the mark through NOTIFY.
    if (f.t.database.capabilities.listenNotify) {
      second = await buildApp({ config: f.t.config, database: f.t.database });
      bases.push(await second.listen({ host: '127.0.0.1', port: 0 }));
    }
    const a = await post('/api/aid-rounds', f.as.officialA, { name: 'Live A', unitIds: [f.a.id], date: D, criteria: {} });
    expect(a.statusCode, a.body).toBe(201);
    roundA = a.json().id;
    const b = await post('/api/aid-rounds', f.as.officialB, { name: 'Live B', unitIds: [f.b.id], date: D, criteria: {} });
    expect(b.statusCode, b.body).toBe(201);
    roundB = b.json().id;
  });
  afterAll(async () => {
    await second?.close();
    await f?.app.close();
    await f?.t.drop();
  });

  it('a mark reaches another official of the ward, a city leader (suppressed) and, on the server, another process; not another ward', async () => {
    const listenerBase = bases[bases.length - 1]!;
    const colleague = await openStream(listenerBase, f.as.officialA2);
    const leader = await openStream(listenerBase, f.as.leader);
    const otherWard = await openStream(listenerBase, f.as.officialB);
    const households = (await f.app.inject({ url: `/api/aid-rounds/${roundA}/households?limit=2`, headers: f.as.officialA })).json().households;
    const target = households[0];
    const marked = await post(`/api/aid-rounds/${roundA}/households/${target.householdId}/delivery`, f.as.officialA);
    expect(marked.json()).toMatchObject({ delivered: true, changed: true });

    const seen = JSON.parse((await colleague.next('aid')).data) as AidData;
    expect(seen.aid.roundId).toBe(roundA);
    expect(seen.units).toContain(f.a.id);
    expect(seen.units).toContain(target.unitId);
    const ward = seen.aid.progress.find((p) => p.unitId === f.a.id)!;
    const progress = (await f.app.inject({ url: `/api/aid-rounds/${roundA}/progress?level=ward`, headers: f.as.officialA2 })).json();
    expect(ward).toMatchObject({ level: 'ward', delivered: 1, total: progress.units[0].total });
    expect(progress.units[0].delivered).toBe(1);
    // Nothing personal: no address, no household id, no user.
    const raw = JSON.stringify(seen);
    expect(raw).not.toContain(target.address);
    expect(raw).not.toMatch(/household|address|official|delivered_?by/i);

    // The city leader sees the round with small counts suppressed, as GET …/progress shows them.
    const forLeader = JSON.parse((await leader.next('aid')).data) as AidData;
    expect(forLeader.aid.progress.find((p) => p.unitId === f.a.id)?.delivered).toBe('<5');
    const leaderProgress = (await f.app.inject({ url: `/api/aid-rounds/${roundA}/progress?level=ward`, headers: f.as.leader })).json();
    expect(leaderProgress.units[0].delivered).toBe('<5');

    // Marking again changes nothing and publishes nothing; the undo publishes the count going back.
    expect((await post(`/api/aid-rounds/${roundA}/households/${target.householdId}/delivery`, f.as.officialA)).json().changed).toBe(false);
    await f.app.inject({ method: 'DELETE', url: `/api/aid-rounds/${roundA}/households/${target.householdId}/delivery`, headers: f.as.officialA });
    const undone = JSON.parse((await colleague.next('aid')).data) as AidData;
    expect(undone.aid.progress.find((p) => p.unitId === f.a.id)?.delivered).toBe(0);

    // Ward b's official does not see round a: the first aid event on their stream is their own round's.
    const bHousehold = (await f.app.inject({ url: `/api/aid-rounds/${roundB}/households?limit=1`, headers: f.as.officialB })).json().households[0];
    await post(`/api/aid-rounds/${roundB}/households/${bHousehold.householdId}/delivery`, f.as.officialB);
    expect((JSON.parse((await otherWard.next('aid')).data) as AidData).aid.roundId).toBe(roundB);
    for (const s of [colleague, leader, otherWard]) s.close();
  });

  it('shows a ward official outside the household\'s ward only ward level and above, suppressed', () => {
    const event: LiveEvent = {
      id: 1, kind: 'aid', createdAt: '', payload: {
        units: [f.a.districtId, f.a.id, f.a.blocks[0]!], tiers: null, days: null, aid: {
          roundId: 9, wardIds: [f.a.id], districtIds: [f.a.districtId], progress: [
            { unitId: f.a.districtId, level: 'district', wardId: null, districtId: f.a.districtId, delivered: 3, total: 40 },
            { unitId: f.a.id, level: 'ward', wardId: f.a.id, districtId: f.a.districtId, delivered: 3, total: 40 },
            { unitId: f.a.blocks[0]!, level: 'block', wardId: f.a.id, districtId: f.a.districtId, delivered: 2, total: 6 },
          ],
        },
      },
    };
    const district = { userId: 1, username: 'd', role: 'ward_official' as const, jurisdiction: { unitId: f.a.districtId, level: 'district' as const }, sourceId: null, via: 'session' as const };
    expect(filterAidEvent(event, { caller: district, threshold: 5 })?.payload.aid?.progress.map((p) => p.delivered)).toEqual([3, 3, 2]);
    const elsewhere = { ...district, jurisdiction: { unitId: f.b.districtId, level: 'district' as const } };
    expect(filterAidEvent(event, { caller: elsewhere, threshold: 5 })).toBeNull();
    // A round spanning both districts: the official of b sees a's ward row, suppressed, and not its block.
    const wide = { ...event, payload: { ...event.payload, aid: { ...event.payload.aid!, districtIds: [f.a.districtId, f.b.districtId] } } };
    const seen = filterAidEvent(wide, { caller: elsewhere, threshold: 5 })!;
    expect(seen.payload.aid!.progress.map((p) => [p.level, p.delivered])).toEqual([['district', '<5'], ['ward', '<5']]);
    expect(seen.payload.units).toEqual([f.a.districtId, f.a.id]);
    const source = { ...district, role: 'data_source' as const };
    expect(filterAidEvent(event, { caller: source, threshold: 5 })).toBeNull();
  });
});
