import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { SIGN_IN_MAX_FAILURES_PER_ACCOUNT } from '../../../server/access/access.service.ts';
import { hashPassword, verifyPassword } from '../../../server/access/passwords.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiKeyFor, signInAs, TEST_PASSWORD, type SignedInHeaders } from '../../helpers/auth.ts';

describe('passwords', () => {
  it('hash with a salt and verify only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('a long password'), hashPassword('a long password')]);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('a long password', a)).toBe(true);
    expect(await verifyPassword('a long passworD', a)).toBe(false);
    expect(await verifyPassword('anything', 'md5$abc')).toBe(false);
  });
});

describe('sign-in, sessions, keys and admin routes', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let admin: SignedInHeaders;
  beforeAll(async () => {
    t = await openTestDatabase();
    app = await buildApp({ config: t.config, database: t.database });
    admin = await signInAs(app, t.database, { username: 'root', role: 'admin' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('sets a secure, httpOnly, SameSite=Strict session cookie and knows who is signed in', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'root', password: TEST_PASSWORD } });
    const cookie = response.cookies.find((c) => c.name === 'riskmap_session');
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `riskmap_session=${cookie?.value}` } });
    expect(me.json()).toMatchObject({ username: 'root', role: 'admin' });
    expect(me.json().csrfToken).toBe(response.json().csrfToken);
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'root', password: 'nope' } });
    const nobody = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'ghost', password: 'nope' } });
    expect([wrong.statusCode, nobody.statusCode]).toEqual([401, 401]);
    expect(wrong.json().message).toBe(nobody.json().message);
  });

  it('slows brute force: after the allowed failures even the right password waits', async () => {
    await signInAs(app, t.database, { username: 'target', role: 'planner' });
    for (let i = 0; i < SIGN_IN_MAX_FAILURES_PER_ACCOUNT; i++) {
      await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'target', password: `guess-${i}` } });
    }
    const blocked = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'target', password: TEST_PASSWORD } });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('requires the CSRF token for cookie-authenticated writes', async () => {
    const payload = { username: 'newplanner', role: 'planner', password: 'a fine password' };
    const without = await app.inject({ method: 'POST', url: '/api/admin/users', headers: { cookie: admin.cookie }, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().message).toMatch(/CSRF/);
    const withToken = await app.inject({ method: 'POST', url: '/api/admin/users', headers: admin, payload });
    expect(withToken.statusCode).toBe(201);
  });

  it('keeps admin routes for admins', async () => {
    const planner = await signInAs(app, t.database, { username: 'plain', role: 'planner' });
    expect((await app.inject({ method: 'GET', url: '/api/admin/users', headers: planner })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/admin/users' })).statusCode).toBe(401);
    const users = await app.inject({ method: 'GET', url: '/api/admin/users', headers: admin });
    expect(users.json().map((u: { username: string }) => u.username)).toContain('plain');
    expect(JSON.stringify(users.json())).not.toMatch(/scrypt/);
  });

  it('signs out', async () => {
    const session = await signInAs(app, t.database, { username: 'leaving', role: 'city_leader' });
    expect((await app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: session })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: session })).statusCode).toBe(401);
  });

  it('accepts API keys stored hashed, and refuses them once revoked', async () => {
    await t.database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ('site-a', 'Site A', 'test_site')"));
    const key = await apiKeyFor(t.database, 'site-a-bot', 'site-a');
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: key });
    expect(me.json()).toMatchObject({ username: 'site-a-bot', role: 'data_source' });
    const stored = await t.database.withSession((s) => s.query<{ key_hash: string }>('SELECT key_hash FROM api_key'));
    expect(stored.every((row) => !key.authorization.includes(row.key_hash))).toBe(true);
    const [{ id }] = (await app.inject({ method: 'GET', url: '/api/admin/api-keys', headers: admin })).json();
    expect((await app.inject({ method: 'DELETE', url: `/api/admin/api-keys/${id}`, headers: admin })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/auth/me', headers: key })).statusCode).toBe(401);
  });

  it('keeps the audit log append-only and exports it with formulas neutralised', async () => {
    await t.database.withSession((s) =>
      s.query("INSERT INTO audit_log (username, role, method, endpoint, record_kind, record_ids) VALUES ('=cmd|calc', 'ward_official', 'GET', '/api/x', 'person', '{1,2}')"),
    );
    await expect(t.database.withSession((s) => s.query('DELETE FROM audit_log'))).rejects.toThrow(/append-only/);
    await expect(t.database.withSession((s) => s.query("UPDATE audit_log SET username = 'x'"))).rejects.toThrow(/append-only/);
    const csv = await app.inject({ method: 'GET', url: '/api/admin/audit?format=csv', headers: admin });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain("'=cmd|calc");
    expect(csv.body).not.toMatch(/,=cmd/);
  });

  it('sends security headers and never a stack trace', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const bad = await app.inject({ method: 'POST', url: '/api/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).not.toMatch(/at .*\.ts:\d+/);
  });
});
