// Tries, endpoint by endpoint, to reach data outside the caller's role or
// jurisdiction, and expects each attempt to be refused or filtered.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lngLatToTile } from '../../../geo/tiles/tile-math.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { filterLiveEventForCaller, resolveLiveScope } from '../../../server/live/live-access.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiKeyFor, signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { listResidents, writeEvents, type FixtureEvent } from '../aggregate/event-fixtures.ts';
import { decodeTile } from '../tiles/tile-decode.ts';

const D = '2021-10-25';

interface Ward { id: number; code: string; blocks: number[]; groups: number[] }

describe('jurisdiction in every path', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let a: Ward;
  let b: Ward;
  let as: Record<'officialA' | 'officialB' | 'leader' | 'planner', SignedInHeaders>;
  let siteKey: { authorization: string };
  const get = (url: string, who: Record<string, string>) => app.inject({ method: 'GET', url, headers: who });

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 2500, seed: 'jurisdiction', idHashKey: 'k'.repeat(40), city: { districts: 2, wardsPerDistrict: 2 } });
    const wardOf = async (offset: number): Promise<Ward> => {
      const [ward] = await t.database.withSession((s) => s.query<{ id: number; code: string }>("SELECT id, code FROM unit WHERE level = 'ward' ORDER BY code OFFSET $1 LIMIT 1", [offset]));
      const units = await t.database.withSession((s) => s.query<{ unit_id: number; level: string }>('SELECT unit_id, level FROM unit_ancestry WHERE ward_id = $1', [ward!.id]));
      return { ...ward!, blocks: units.filter((u) => u.level === 'block').map((u) => u.unit_id), groups: units.filter((u) => u.level === 'neighbourhood').map((u) => u.unit_id) };
    };
    [a, b] = [await wardOf(0), await wardOf(3)];
    // Cases in both wards, so tiers, counts and household flags exist on both sides.
    const residents = await listResidents(t.database);
    const events: FixtureEvent[] = residents
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => a.blocks.includes(r.unitId) || b.blocks.includes(r.unitId))
      .filter((_, k) => k % 40 === 0)
      .map(({ i }) => ({ kind: 'case', person: i, day: '2021-10-20', classification: 'community', severity: 'mild', recoveredOn: null }));
    await writeEvents(t.database, residents, events);
    await refreshDirtyUnits(t.database);
    app = await buildApp({ config: t.config, database: t.database });
    as = {
      officialA: await signInAs(app, t.database, { username: 'official-a', role: 'ward_official', unitCode: a.code }),
      officialB: await signInAs(app, t.database, { username: 'official-b', role: 'ward_official', unitCode: b.code }),
      leader: await signInAs(app, t.database, { username: 'leader', role: 'city_leader' }),
      planner: await signInAs(app, t.database, { username: 'planner', role: 'planner' }),
    };
    await t.database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ('site-1', 'Site 1', 'test_site'), ('site-2', 'Site 2', 'test_site')"));
    siteKey = await apiKeyFor(t.database, 'site-1-bot', 'site-1');
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('refuses anonymous callers everywhere but health and sign-in', async () => {
    for (const url of [`/api/units?level=ward&date=${D}`, `/api/units/${a.id}?date=${D}`, '/api/rule-sets', '/ogc/collections', '/tiles/ward.json', '/api/search?q=a', '/api/ingest/review']) {
      expect({ url, status: (await app.inject({ method: 'GET', url })).statusCode }).toEqual({ url, status: 401 });
    }
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });

  it('shows a ward official blocks of their own ward only, and ward-level tiers elsewhere', async () => {
    expect((await get(`/api/units/${b.blocks[0]}?date=${D}`, as.officialA)).statusCode).toBe(403);
    expect((await get(`/api/units/${b.groups[0]}/history?from=2021-10-01&to=${D}`, as.officialA)).statusCode).toBe(403);
    expect((await get(`/api/units/${b.id}?date=${D}`, as.officialA)).statusCode).toBe(200);
    const blocks = (await get(`/api/units?level=block&date=${D}`, as.officialA)).json();
    expect(blocks.id.length).toBe(a.blocks.length);
    expect(blocks.id.every((id: number) => a.blocks.includes(id))).toBe(true);
    const children = (await get(`/api/units/${b.id}/children?date=${D}`, as.officialA)).json();
    expect(children.children).toEqual([]);
  });

  it('lists households only to the official of their ward, and audits each read', async () => {
    const blockA = a.blocks[0]!;
    expect((await get(`/api/units/${b.blocks[0]}/households?date=${D}`, as.officialA)).statusCode).toBe(403);
    for (const who of [as.leader, as.planner]) expect((await get(`/api/units/${blockA}/households?date=${D}`, who)).statusCode).toBe(403);
    const before = await t.database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log'));
    const response = await get(`/api/units/${blockA}/households?date=${D}`, as.officialA);
    expect(response.statusCode).toBe(200);
    const ids = response.json().households.map((h: { householdId: number }) => h.householdId);
    const [entry] = await t.database.withSession((s) => s.query<{ username: string; record_kind: string; record_ids: number[]; n: number }>(
      'SELECT username, record_kind, record_ids, (SELECT count(*)::int FROM audit_log) AS n FROM audit_log ORDER BY id DESC LIMIT 1'));
    expect(entry).toMatchObject({ username: 'official-a', record_kind: 'household', n: before[0]!.n + 1 });
    expect(entry!.record_ids.map(Number).sort()).toEqual([...ids].sort());
  });

  it('draws household tiles only inside the caller ward, never for other roles', async () => {
    const [house] = await t.database.withSession((s) => s.query<{ lng: number; lat: number }>('SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat FROM household WHERE ward_id = $1 LIMIT 1', [b.id]));
    const tile = lngLatToTile([house!.lng, house!.lat], 16);
    const url = `/tiles/household/${tile.z}/${tile.x}/${tile.y}.mvt`;
    expect((await get(url, as.leader)).statusCode).toBe(403);
    const fromA = await get(url, as.officialA);
    const wardOfIds = async (ids: number[]) => t.database.withSession((s) => s.query<{ ward_id: number }>('SELECT DISTINCT ward_id FROM household WHERE id = ANY($1::bigint[])', [ids]));
    if (fromA.statusCode === 200) {
      const ids = decodeTile(fromA.rawPayload).household?.features.map((f) => Number(f.id)) ?? [];
      expect((await wardOfIds(ids)).map((r) => r.ward_id).filter((w) => w !== a.id)).toEqual([]);
    } else {
      expect(fromA.statusCode).toBe(204);
    }
    const fromB = await get(url, as.officialB);
    expect(fromB.statusCode).toBe(200);
    expect(decodeTile(fromB.rawPayload).household!.features.length).toBeGreaterThan(0);
  });

  it('limits OGC collections below ward level to the official unit', async () => {
    const items = (await get('/ogc/collections/block/items?limit=10000', as.officialA)).json();
    expect(items.numberMatched).toBe(a.blocks.length);
    expect(items.features.every((f: { id: number }) => a.blocks.includes(f.id))).toBe(true);
    expect((await get(`/ogc/collections/block/items/${b.blocks[0]}`, as.officialA)).statusCode).toBe(404);
    expect((await get('/ogc/collections/ward/items', as.officialA)).json().numberMatched).toBe(4);
  });

  it('filters the live stream to the official unit', async () => {
    const officialA = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: as.officialA })).json();
    expect(officialA.role).toBe('ward_official');
    const scope = await resolveLiveScope(t.database, { userId: 1, username: 'official-a', role: 'ward_official', jurisdiction: { unitId: a.id, level: 'ward' }, sourceId: null, via: 'session' });
    const event = { id: 9, kind: 'refresh' as const, createdAt: '', payload: { units: [a.blocks[0]!, b.blocks[0]!, b.id], tiers: [[b.blocks[0]!, 'moh-4800', '3', D], [b.id, 'moh-4800', '2', D]] as [number, string, string, string][], days: [D, D] as [string, string] } };
    const seen = filterLiveEventForCaller(event, scope);
    expect(seen?.payload.units).toEqual([a.blocks[0], b.id]);
    expect(seen?.payload.tiers?.map(([id]) => id)).toEqual([b.id]);
    const onlyB = filterLiveEventForCaller({ ...event, payload: { units: [b.blocks[0]!], tiers: [], days: null } }, scope);
    expect(onlyB).toBeNull();
  });

  it('lets a data source send only as itself, and see nothing else', async () => {
    const asOther = await app.inject({ method: 'POST', url: '/api/ingest/tests?source=site-2', headers: siteKey, payload: [] });
    expect(asOther.statusCode).toBe(403);
    expect(asOther.json().message).toMatch(/site-1, not site-2/);
    for (const url of [`/api/units?level=ward&date=${D}`, '/tiles/ward/12/3263/1925.mvt', '/ogc/collections/ward/items', '/api/ingest/review', '/api/live']) {
      expect({ url, status: (await get(url, siteKey)).statusCode }).toEqual({ url, status: 403 });
    }
    const leaderSends = await app.inject({ method: 'POST', url: '/api/ingest/tests?source=site-1', headers: as.leader, payload: [] });
    expect(leaderSends.statusCode).toBe(403);
  });

  it('suppresses small counts for the city leader so that no hidden count can be worked out from a total', async () => {
    const children = (await get(`/api/units/${a.id}/children?date=${D}`, as.leader)).json().children as Array<{ id: number; communityCases14d: number | string }>;
    const exact = (await get(`/api/units/${a.id}/children?date=${D}`, as.officialA)).json().children as Array<{ id: number; communityCases14d: number }>;
    const hidden = children.filter((c) => typeof c.communityCases14d === 'string');
    // One hidden child alone is safe only when the parent's own total is not exact either (access/README.md).
    const parentTotal = (await get(`/api/units?level=ward&date=${D}`, as.leader)).json();
    const parentShown = parentTotal.communityCases14d[parentTotal.id.indexOf(a.id)];
    expect(hidden.length === 0 || hidden.length >= 2 || typeof parentShown === 'string').toBe(true);
    for (const child of children) {
      const truth = exact.find((e) => e.id === child.id)!.communityCases14d;
      if (truth >= 1 && truth < 5) expect(child.communityCases14d).toBe('<5');
    }
    const detail = (await get(`/api/units/${a.groups[0]}?date=${D}`, as.leader)).json();
    expect(detail.suppressed).toBe(true);
    expect(JSON.stringify(detail.history.counts)).not.toMatch(/"cases":[1-4][,}]/);
  });

  it.each([
    "/api/units?level=ward' OR '1'='1&date=2021-10-25",
    '/api/units/1;DROP TABLE person?date=2021-10-25',
    "/api/units/1?date=2021-10-25'--",
    "/ogc/collections/ward;DELETE FROM unit/items",
    "/ogc/collections/ward/items?bbox=1,2,3,4);DROP TABLE unit;--",
    "/api/units?level=ward&date=2021-10-25&ruleSet=x' UNION SELECT password_hash FROM app_user--",
  ])('answers %s with an error, not data, and leaves the tables in place', async (url) => {
    const response = await get(url, as.leader);
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.body).not.toMatch(/scrypt\$/);
    const [counts] = await t.database.withSession((s) => s.query<{ people: number; units: number }>('SELECT (SELECT count(*)::int FROM person) AS people, (SELECT count(*)::int FROM unit) AS units'));
    expect(counts!.people).toBe(2500);
    expect(counts!.units).toBeGreaterThan(10);
  });

  it('treats an injection string in a search as text', async () => {
    const response = await get(`/api/search?q=${encodeURIComponent("'; DROP TABLE household; --")}`, as.officialA);
    expect(response.statusCode).toBe(200);
    const [row] = await t.database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM household'));
    expect(row!.n).toBeGreaterThan(0);
  });
});
