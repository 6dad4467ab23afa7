import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';

describe('GET /api/search', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let leader: SignedInHeaders;
  let official: SignedInHeaders;
  let ward: { id: number; code: string; name: string; district: string };
  let address: string;

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 2000, seed: 's', idHashKey: 'x'.repeat(40) });
    [ward] = await t.database.withSession((s) => s.query<typeof ward>(
      `SELECT w.id, w.code, w.name, d.name AS district FROM unit w JOIN unit d ON d.id = w.parent_id WHERE w.level = 'ward' ORDER BY w.code LIMIT 1`)) as [typeof ward];
    [{ address }] = await t.database.withSession((s) => s.query<{ address: string }>(`SELECT address FROM household WHERE ward_id = $1 ORDER BY id LIMIT 1`, [ward.id])) as [{ address: string }];
    app = await buildApp({ config: t.config, database: t.database });
    leader = await signInAs(app, t.database, { username: 'leader1', role: 'city_leader' });
    official = await signInAs(app, t.database, { username: 'ward1', role: 'ward_official', unitCode: ward.code });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const search = (headers: object, q: string) => app.inject({ url: `/api/search?q=${encodeURIComponent(q)}&limit=5`, headers: { ...headers } });
  const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

  it('needs a signed-in user', async () => {
    expect((await app.inject({ url: '/api/search?q=x' })).statusCode).toBe(401);
  });

  it('finds a ward by its name and district without diacritics, with its path and bbox', async () => {
    const response = await search(leader, `${fold(ward.name)} ${fold(ward.district)}`);
    expect(response.statusCode).toBe(200);
    const [first] = response.json().units;
    expect(first).toMatchObject({ id: ward.id, level: 'ward' });
    expect(first.path.map((p: { level: string }) => p.level)).toEqual(['city', 'district']);
    expect(first.bbox).toHaveLength(4);
    expect(response.json().households).toEqual([]);
  });

  it('finds a unit by its code in any case', async () => {
    expect((await search(leader, ward.code.toLowerCase())).json().units[0].id).toBe(ward.id);
  });

  it("finds households by address for a ward official inside their ward, not for a city leader", async () => {
    const street = address.split(',')[0] as string;
    const mine = (await search(official, fold(street))).json();
    expect(mine.households.length).toBeGreaterThan(0);
    expect(mine.households[0].address).toContain(street);
    expect((await search(leader, street)).json().households).toEqual([]);
  });

  it('refuses an empty or too long query', async () => {
    expect((await search(leader, '')).statusCode).toBe(400);
    expect((await search(leader, 'x'.repeat(201))).statusCode).toBe(400);
  });
});
