// View profiles (each level graded by the rule set that applies to it) and
// one household for the ward official of its ward: 403 elsewhere, audited.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { listResidents, writeEvents, type FixtureEvent } from '../aggregate/event-fixtures.ts';

const D = '2021-10-25';

interface Ward { id: number; code: string; blocks: number[]; groups: number[] }

describe('view profiles and one household', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let a: Ward;
  let b: Ward;
  let as: Record<'officialA' | 'officialB' | 'leader', SignedInHeaders>;
  const get = (url: string, who: Record<string, string>) => app.inject({ method: 'GET', url, headers: who });

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 2500, seed: 'profiles', idHashKey: 'p'.repeat(40), city: { districts: 2, wardsPerDistrict: 2 } });
    const wardOf = async (offset: number): Promise<Ward> => {
      const [ward] = await t.database.withSession((s) => s.query<{ id: number; code: string }>("SELECT id, code FROM unit WHERE level = 'ward' ORDER BY code OFFSET $1 LIMIT 1", [offset]));
      const units = await t.database.withSession((s) => s.query<{ unit_id: number; level: string }>('SELECT unit_id, level FROM unit_ancestry WHERE ward_id = $1', [ward!.id]));
      return { ...ward!, blocks: units.filter((u) => u.level === 'block').map((u) => u.unit_id), groups: units.filter((u) => u.level === 'neighbourhood').map((u) => u.unit_id) };
    };
    [a, b] = [await wardOf(0), await wardOf(3)];
    const residents = await listResidents(t.database);
    const events: FixtureEvent[] = residents
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => a.blocks.includes(r.unitId))
      .filter((_, k) => k % 30 === 0)
      .map(({ i }) => ({ kind: 'case', person: i, day: '2021-10-20', classification: 'community', severity: 'mild', recoveredOn: null }));
    await writeEvents(t.database, residents, events);
    await refreshDirtyUnits(t.database);
    app = await buildApp({ config: t.config, database: t.database });
    as = {
      officialA: await signInAs(app, t.database, { username: 'official-a', role: 'ward_official', unitCode: a.code }),
      officialB: await signInAs(app, t.database, { username: 'official-b', role: 'ward_official', unitCode: b.code }),
      leader: await signInAs(app, t.database, { username: 'leader', role: 'city_leader' }),
    };
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('lists the default HCMC 2021 profile: MoH 4800 down to wards, Plan 2716 for groups and blocks', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/view-profiles' })).statusCode).toBe(401);
    const response = await get('/api/view-profiles', as.leader);
    expect(response.statusCode).toBe(200);
    const profiles = response.json() as Array<{ id: string; isDefault: boolean; levels: Record<string, string>; problems: unknown[] }>;
    const main = profiles.find((p) => p.isDefault);
    expect(main).toMatchObject({ id: 'hcmc-2021', problems: [], levels: { city: 'moh-4800', district: 'moh-4800', ward: 'moh-4800', neighbourhood: 'hcmc-2716', block: 'hcmc-2716' } });
    expect(profiles.find((p) => p.id === 'hcmc-2021-2686')?.levels.district).toBe('moh-2686-rollup');
  });

  it('grades each level by the profile\'s rule set: a level, a unit, its children and its history', async () => {
    const blocks = (await get(`/api/units?level=block&date=${D}&viewProfile=hcmc-2021`, as.leader)).json();
    expect(blocks.ruleSetId).toBe('hcmc-2716');
    expect(blocks.tier.every((i: number) => i >= 0)).toBe(true);
    const wards = (await get(`/api/units?level=ward&date=${D}&viewProfile=hcmc-2021`, as.leader)).json();
    expect(wards.ruleSetId).toBe('moh-4800');
    const ward = (await get(`/api/units/${a.id}?date=${D}&viewProfile=hcmc-2021`, as.leader)).json();
    expect(ward.ruleSetId).toBe('moh-4800');
    const children = (await get(`/api/units/${a.id}/children?date=${D}&viewProfile=hcmc-2021`, as.leader)).json();
    expect(children.ruleSetId).toBe('hcmc-2716');
    const group = (await get(`/api/units/${a.groups[0]}?date=${D}&viewProfile=hcmc-2021`, as.leader)).json();
    expect(group.ruleSetId).toBe('hcmc-2716');
    expect(group.tier.insufficientData).toBe(false);
    const history = (await get(`/api/units/${a.groups[0]}/history?from=2021-10-01&to=${D}&viewProfile=hcmc-2021`, as.leader)).json();
    expect(history.ruleSetId).toBe('hcmc-2716');
    // An explicit rule set wins over the profile.
    expect((await get(`/api/units?level=block&date=${D}&viewProfile=hcmc-2021&ruleSet=moh-4800`, as.leader)).json().ruleSetId).toBe('moh-4800');
  });

  it('says with a code and details when a rule set does not grade the unit, and when a profile is unknown', async () => {
    const refused = await get(`/api/units/${a.id}?date=${D}&ruleSet=hcmc-2716`, as.leader);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'RULE_SET_LEVEL_NOT_GRADED', details: { ruleSetId: 'hcmc-2716', level: 'ward', levels: ['neighbourhood', 'block'] } });
    const unknown = await get(`/api/units?level=ward&date=${D}&viewProfile=nowhere`, as.leader);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'VIEW_PROFILE_NOT_FOUND', details: { viewProfile: 'nowhere' } });
  });

  it('gives one household to the official of its ward, 403 to another ward\'s official and to a leader, and audits the read', async () => {
    const [house] = await t.database.withSession((s) => s.query<{ id: string; address: string; block_id: number }>(
      'SELECT id::text, address, block_id FROM household WHERE block_id = ANY($1::int[]) AND member_count > 0 ORDER BY id LIMIT 1', [a.blocks]));
    const id = Number(house!.id);
    const url = `/api/households/${id}?date=${D}`;
    const countAudit = async () => (await t.database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')))[0]!.n;
    const before = await countAudit();
    for (const who of [as.officialB, as.leader]) {
      const refused = await get(url, who);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('FORBIDDEN');
    }
    expect(await countAudit()).toBe(before);
    const response = await get(url, as.officialA);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ householdId: id, address: house!.address, blockId: house!.block_id, wardId: a.id, date: D });
    expect(body.members).toBeGreaterThan(0);
    expect(body.position).toHaveLength(2);
    expect(typeof body.flags.activeCase).toBe('boolean');
    expect(JSON.stringify(body)).not.toMatch(/full_?name|fullName|phone/);
    const [entry] = await t.database.withSession((s) => s.query<{ username: string; record_kind: string; record_ids: string[]; endpoint: string; n: number }>(
      'SELECT username, record_kind, record_ids, endpoint, (SELECT count(*)::int FROM audit_log) AS n FROM audit_log ORDER BY id DESC LIMIT 1'));
    expect(entry).toMatchObject({ username: 'official-a', record_kind: 'household', endpoint: '/api/households/:id', n: before + 1 });
    expect(entry!.record_ids.map(Number)).toEqual([id]);
    expect((await get(`/api/households/999999999?date=${D}`, as.officialA)).statusCode).toBe(404);
  });

  it('lists a block\'s households with address and point', async () => {
    const response = await get(`/api/units/${a.blocks[0]}/households?date=${D}`, as.officialA);
    expect(response.statusCode).toBe(200);
    const { households } = response.json() as { households: Array<{ address: string; position: [number, number] | null }> };
    expect(households.length).toBeGreaterThan(0);
    expect(households.every((h) => typeof h.address === 'string' && h.address.length > 0)).toBe(true);
  });
});
