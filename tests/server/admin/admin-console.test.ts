import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { findShippedRuleSet } from '../../../geo/risk/index.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiKeyFor, signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { listResidents, writeEvents, type FixtureEvent } from '../aggregate/event-fixtures.ts';

const ADMIN_ROUTES: Array<{ method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: object }> = [
  { method: 'GET', url: '/api/admin/accounts' },
  { method: 'POST', url: '/api/admin/accounts', payload: { username: 'sneaky', role: 'admin' } },
  { method: 'POST', url: '/api/admin/accounts/1/disabled', payload: { disabled: true } },
  { method: 'POST', url: '/api/admin/accounts/1/password' },
  { method: 'GET', url: '/api/admin/sources' },
  { method: 'POST', url: '/api/admin/sources', payload: { code: 'sneaky-site', name: 'x', kind: 'test_site' } },
  { method: 'POST', url: '/api/admin/sources/1/keys', payload: {} },
  { method: 'DELETE', url: '/api/admin/sources/1/keys/1' },
  { method: 'DELETE', url: '/api/admin/sources/1/mapping' },
  { method: 'GET', url: '/api/admin/audit-log' },
  { method: 'POST', url: '/api/admin/rule-sets/preview', payload: { document: {}, date: '2021-10-01' } },
];

describe('admin console API', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let admin: SignedInHeaders;
  let wardCode: string;
  let districtCode: string;
  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 1500, seed: 'admin', idHashKey: t.config.idHashKey!, city: { districts: 2, wardsPerDistrict: 2 } });
    const residents = await listResidents(t.database);
    const events: FixtureEvent[] = residents.slice(0, 60).map((_, i) => ({ kind: 'case', person: i * 7 % residents.length, day: `2021-10-${String(10 + (i % 10)).padStart(2, '0')}`, classification: 'community', severity: 'mild', recoveredOn: null }));
    await writeEvents(t.database, residents, events);
    await refreshDirtyUnits(t.database);
    app = await buildApp({ config: t.config, database: t.database });
    admin = await signInAs(app, t.database, { username: 'root', role: 'admin' });
    const [ward] = await t.database.withSession((s) => s.query<{ code: string }>(`SELECT code FROM unit WHERE level = 'ward' ORDER BY code LIMIT 1`));
    const [district] = await t.database.withSession((s) => s.query<{ code: string }>(`SELECT code FROM unit WHERE level = 'district' ORDER BY code LIMIT 1`));
    wardCode = ward!.code;
    districtCode = district!.code;
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('refuses every admin action to every other role and to nobody', async () => {
    const callers: Record<string, Record<string, string>> = {
      leader: await signInAs(app, t.database, { username: 'leader1', role: 'city_leader' }),
      planner: await signInAs(app, t.database, { username: 'planner1', role: 'planner' }),
      official: await signInAs(app, t.database, { username: 'official1', role: 'ward_official', unitCode: wardCode }),
      site: await (async () => {
        await t.database.withSession((s) => s.query(`INSERT INTO source (code, name, kind) VALUES ('refused-site', 'x', 'test_site')`));
        return apiKeyFor(t.database, 'refused.site', 'refused-site');
      })(),
    };
    for (const route of ADMIN_ROUTES) {
      for (const [who, headers] of Object.entries(callers)) {
        const response = await app.inject({ method: route.method, url: route.url, headers, ...(route.payload !== undefined ? { payload: route.payload } : {}) });
        expect(`${who} ${route.method} ${route.url} ${response.statusCode}`).toBe(`${who} ${route.method} ${route.url} 403`);
      }
      const anonymous = await app.inject({ method: route.method, url: route.url, ...(route.payload !== undefined ? { payload: route.payload } : {}) });
      expect(anonymous.statusCode).toBe(401);
    }
    const names = (await app.inject({ method: 'GET', url: '/api/admin/accounts', headers: admin })).json().accounts.map((a: { username: string }) => a.username);
    expect(names).not.toContain('sneaky');
  });

  it('creates an account with a password shown once, notes its sign-in, disables it and resets its password', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/api/admin/accounts', headers: admin, payload: { username: 'ward.x', role: 'ward_official', unitCode: 'NO-SUCH-UNIT' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'ACCOUNT_UNIT_UNKNOWN', details: { unitCode: 'NO-SUCH-UNIT' } });
    // Nothing half-saved: no account, and no audit entry for it.
    expect((await app.inject({ method: 'GET', url: '/api/admin/accounts', headers: admin })).json().accounts.map((a: { username: string }) => a.username)).not.toContain('ward.x');
    const created = await app.inject({ method: 'POST', url: '/api/admin/accounts', headers: admin, payload: { username: 'ward.x', role: 'ward_official', unitCode: wardCode } });
    expect(created.statusCode).toBe(201);
    const { id, password } = created.json();
    expect(password).toHaveLength(16);
    const again = await app.inject({ method: 'POST', url: '/api/admin/accounts', headers: admin, payload: { username: 'ward.x', role: 'planner' } });
    expect(again.json().code).toBe('USERNAME_TAKEN');

    const signIn = (pw: string) => app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'ward.x', password: pw } });
    expect((await signIn(password)).statusCode).toBe(200);
    const listed = (await app.inject({ method: 'GET', url: '/api/admin/accounts', headers: admin })).json().accounts.find((a: { id: number }) => a.id === id);
    expect(listed).toMatchObject({ username: 'ward.x', role: 'ward_official', unit: { code: wardCode, level: 'ward' }, disabled: false });
    expect(Date.parse(listed.lastSignInAt)).toBeGreaterThan(Date.now() - 60_000);

    expect((await app.inject({ method: 'POST', url: `/api/admin/accounts/${id}/disabled`, headers: admin, payload: { disabled: true } })).statusCode).toBe(204);
    expect((await signIn(password)).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: `/api/admin/accounts/${id}/disabled`, headers: admin, payload: { disabled: false } })).statusCode).toBe(204);
    const reset = await app.inject({ method: 'POST', url: `/api/admin/accounts/${id}/password`, headers: admin });
    expect((await signIn(password)).statusCode).toBe(401);
    expect((await signIn(reset.json().password)).statusCode).toBe(200);
  });

  it('registers a site, refuses a taken code and unknown kind or district, issues a key that ingests, revokes it', async () => {
    const bad = async (payload: object) => (await app.inject({ method: 'POST', url: '/api/admin/sources', headers: admin, payload })).json().code;
    expect(await bad({ code: 'clinic-7', name: 'Phòng khám 7', kind: 'spaceship' })).toBe('SOURCE_KIND_UNKNOWN');
    expect(await bad({ code: 'clinic-7', name: 'Phòng khám 7', kind: 'hospital', districtCode: 'NOPE' })).toBe('SOURCE_DISTRICT_UNKNOWN');
    const created = await app.inject({ method: 'POST', url: '/api/admin/sources', headers: admin, payload: { code: 'clinic-7', name: 'Phòng khám 7', kind: 'hospital', districtCode } });
    expect(created.statusCode).toBe(201);
    expect(await bad({ code: 'clinic-7', name: 'again', kind: 'hospital' })).toBe('SOURCE_CODE_TAKEN');
    const sources = (await app.inject({ method: 'GET', url: '/api/admin/sources', headers: admin })).json();
    expect(sources.sources.filter((s: { code: string }) => s.code === 'clinic-7')).toHaveLength(1);
    expect(sources.sources.find((s: { code: string }) => s.code === 'clinic-7')).toMatchObject({ name: 'Phòng khám 7', kind: 'hospital', district: { code: districtCode } });

    const issued = await app.inject({ method: 'POST', url: `/api/admin/sources/${created.json().id}/keys`, headers: admin, payload: { label: 'export job' } });
    expect(issued.statusCode).toBe(201);
    const key = { authorization: `Bearer ${issued.json().key}` };
    const record = { recordId: 'k-1', fullName: 'Nguyễn Văn An', birthDate: '01/02/1980', sex: 'Nam', address: '1 Lê Lợi', sampleTime: '20/10/2021 09:30', testMethod: 'RT-PCR', result: 'Âm tính', nationalId: '079080000123' };
    const ingested = await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: key, payload: [record] });
    expect(ingested.statusCode).toBe(200);
    expect(ingested.json().summary).toMatchObject({ inserted: 1 });
    const [batch] = await t.database.withSession((s) => s.query<{ code: string }>(`SELECT s.code FROM ingest_batch b JOIN source s ON s.id = b.source_id ORDER BY b.id DESC LIMIT 1`));
    expect(batch?.code).toBe('clinic-7');
    await t.database.withSession((s) => s.query(`UPDATE source SET column_mapping = '{"a":"b"}' WHERE code = 'clinic-7'`));
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/sources/${created.json().id}/mapping`, headers: admin })).statusCode).toBe(204);
    const after = (await app.inject({ method: 'GET', url: '/api/admin/sources', headers: admin })).json().sources.find((s: { code: string }) => s.code === 'clinic-7');
    expect(after.columnMapping).toBeNull();
    expect(after.keys).toHaveLength(1);
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/sources/${created.json().id}/keys/${issued.json().id}`, headers: admin })).statusCode).toBe(204);
    expect((await app.inject({ method: 'POST', url: '/api/ingest/tests', headers: key, payload: [record] })).statusCode).toBe(401);
  });

  it('filters the audit log by action, user and time and exports it as CSV', async () => {
    const page = (query: string) => app.inject({ method: 'GET', url: `/api/admin/audit-log?${query}`, headers: admin });
    const created = (await page('action=admin.source.create')).json();
    expect(created.items.length).toBeGreaterThanOrEqual(1);
    expect(created.items.every((i: { action: string; username: string }) => i.action === 'admin.source.create' && i.username === 'root')).toBe(true);
    const all = (await page('action=admin.*')).json();
    expect(new Set(all.items.map((i: { action: string }) => i.action))).toEqual(new Set(['admin.account.create', 'admin.account.disable', 'admin.account.enable', 'admin.account.password', 'admin.source.create', 'admin.source.key.issue', 'admin.source.key.revoke', 'admin.source.mapping.reset']));
    expect((await page('username=nobody')).json().total).toBe(0);
    expect((await page(`to=${encodeURIComponent('2000-01-01T00:00:00Z')}`)).json().total).toBe(0);
    const csv = await page('action=admin.account.*&format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe('id,at,username,role,method,endpoint,action,recordIds,unitId,address');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/root,admin,POST,\/api\/admin\/accounts\/:id\/password,admin\.account\.password/);
  });

  it('previews a rule set: problems with their place, or the units that change tier per level; nothing saved', async () => {
    const base = findShippedRuleSet('moh-4800')!;
    const overlapping = structuredClone(base) as unknown as { id: string; indicators: Array<{ bands: Array<{ from: number; to: number | null }> }> };
    overlapping.id = 'city-strict';
    overlapping.indicators[0]!.bands[1]!.from = 10;
    const invalid = (await app.inject({ method: 'POST', url: '/api/admin/rule-sets/preview', headers: admin, payload: { document: overlapping, date: '2021-10-19' } })).json();
    expect(invalid.valid).toBe(false);
    expect(invalid.problems.some((p: { path: string; message: string }) => /^\/indicators\/0/.test(p.path) && /overlap/.test(p.message))).toBe(true);
    // Saving it is refused with the same problems, and nothing is stored.
    const saved = await app.inject({ method: 'POST', url: '/api/rule-sets', headers: admin, payload: overlapping });
    expect(saved.statusCode).toBe(400);
    expect(saved.json().code).toBe('BAD_REQUEST');
    expect(JSON.stringify(saved.json().details)).toMatch(/indicators\/0.*overlap/);
    expect((await app.inject({ method: 'GET', url: '/api/rule-sets/city-strict', headers: admin })).statusCode).toBe(404);

    const preview = (await app.inject({ method: 'POST', url: '/api/admin/rule-sets/preview', headers: admin, payload: { document: { ...base, id: 'moh-4800-copy', jurisdiction: 'test-city', name: { vi: 'Bản sao', en: 'Copy' } }, date: '2021-10-19' } })).json();
    expect(preview).toMatchObject({ valid: true, ruleSetId: 'moh-4800-copy', comparedWith: 'moh-4800', replaces: false });
    // The same rules as the default: no unit changes tier.
    expect(preview.levels.map((l: { level: string }) => l.level), JSON.stringify(preview)).toContain('ward');
    expect(preview.levels.every((l: { changed: number }) => l.changed === 0)).toBe(true);
    const stored = await t.database.withSession((s) => s.query(`SELECT 1 FROM unit_tier WHERE rule_set_id = 'moh-4800-copy'`));
    expect(stored).toHaveLength(0);
    // Bands so high that no case count reaches them: units with cases are graded lower, and the preview says how many per level.
    const strict = structuredClone(base) as unknown as { id: string; name: { vi: string; en: string }; indicators: Array<{ bands: Array<{ from: number; to: number | null }> }> };
    strict.id = 'city-strict';
    (strict as unknown as { jurisdiction: string }).jurisdiction = 'test-city';
    strict.name = { vi: 'Nghiêm', en: 'Strict' };
    strict.indicators[0]!.bands = [{ from: 0, to: 1e6, level: 1 }, { from: 1e6, to: 2e6, level: 2 }, { from: 2e6, to: 3e6, level: 3 }, { from: 3e6, to: null, level: 4 }] as never;
    const raised = (await app.inject({ method: 'POST', url: '/api/admin/rule-sets/preview', headers: admin, payload: { document: strict, date: '2021-10-19' } })).json();
    expect(raised.valid).toBe(true);
    const sum = (key: 'lowered' | 'raised') => raised.levels.reduce((n: number, l: Record<string, number>) => n + l[key]!, 0);
    expect(sum('lowered'), JSON.stringify(raised)).toBeGreaterThan(0);
    expect(sum('raised')).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/api/rule-sets/moh-4800-copy', headers: admin })).statusCode).toBe(404);
  });
});
