import { createHmac } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiKeyFor, signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { sendDueWebhooks, WEBHOOK_DEFAULTS } from '../../../server/alerts/webhook-sender.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.ts';
import { listResidents, writeEvents, type FixtureEvent, type Resident } from '../aggregate/event-fixtures.ts';

describe('tier-change alerts', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let receiver: WebhookReceiver;
  let official: SignedInHeaders;
  let wardId: number;
  let otherBlock: number;
  let inWard: number[];
  let residents: Resident[];
  beforeAll(async () => {
    t = await openTestDatabase();
    // Wards of about 1,250 people: MoH 4800 grades units of at least 1,000.
    await seedCity(t.database, { people: 5000, seed: 'alerts', idHashKey: t.config.idHashKey!, city: { districts: 2, wardsPerDistrict: 2 } });
    residents = await listResidents(t.database);
    const places = await t.database.withSession((s) => s.query<{ unit_id: number; ward_id: number; level: string }>(`SELECT unit_id, ward_id, level FROM unit_ancestry`));
    const wardOf = new Map(places.map((p) => [p.unit_id, p.ward_id]));
    wardId = wardOf.get(residents[0]!.unitId)!;
    inWard = residents.map((r, i) => (wardOf.get(r.unitId) === wardId ? i : -1)).filter((i) => i >= 0);
    otherBlock = places.find((p) => p.level === 'block' && p.ward_id !== wardId)!.unit_id;
    receiver = await startWebhookReceiver();
    app = await buildApp({ config: t.config, database: t.database });
    const [ward] = await t.database.withSession((s) => s.query<{ code: string }>(`SELECT code FROM unit WHERE id = $1`, [wardId]));
    official = await signInAs(app, t.database, { username: 'official', role: 'ward_official', unitCode: ward!.code });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await t?.drop();
  });

  it('refuses bad webhooks and follows, and data sources, with clear codes', async () => {
    const bad = await app.inject({ method: 'PUT', url: '/api/alerts/webhook', headers: official, payload: { url: 'ftp://example.org/x' } });
    expect(bad.json()).toMatchObject({ code: 'WEBHOOK_URL_INVALID' });
    expect((await app.inject({ method: 'PUT', url: '/api/alerts/follows', headers: official, payload: { unitIds: [otherBlock] } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: '/api/alerts/follows', headers: official, payload: { unitIds: [99999999] } })).statusCode).toBe(404);
    await t.database.withSession((s) => s.query(`INSERT INTO source (code, name, kind) VALUES ('alert-site', 'x', 'test_site')`));
    const site = await apiKeyFor(t.database, 'alert.site', 'alert-site');
    // Every alerts action is refused to a data source (403) and to nobody (401), and changes nothing.
    const actions = [
      { method: 'GET', url: '/api/alerts' }, { method: 'POST', url: '/api/alerts/read' }, { method: 'GET', url: '/api/alerts/deliveries' },
      { method: 'GET', url: '/api/alerts/follows' }, { method: 'PUT', url: '/api/alerts/follows', payload: { unitIds: [wardId] } },
      { method: 'PUT', url: '/api/alerts/webhook', payload: { url: receiver.url } }, { method: 'POST', url: '/api/alerts/webhook/test' },
    ] as const;
    for (const action of actions) {
      expect((await app.inject({ ...action, headers: site })).statusCode, `${action.method} ${action.url}`).toBe(403);
      expect((await app.inject(action)).statusCode, `${action.method} ${action.url}`).toBe(401);
    }
    const [written] = await t.database.withSession((s) => s.query<{ n: number }>(`SELECT (SELECT count(*) FROM alert_follow) + (SELECT count(*) FROM alert_settings) AS n`));
    expect(Number(written!.n)).toBe(0);

    await app.inject({ method: 'PUT', url: '/api/alerts/webhook', headers: official, payload: { url: receiver.url } });
    receiver.answerNext(500);
    const failed = await app.inject({ method: 'POST', url: '/api/alerts/webhook/test', headers: official });
    expect(failed.statusCode).toBe(422);
    expect(failed.json()).toMatchObject({ code: 'WEBHOOK_FAILED', details: { reason: 'status', status: 500 } });
    receiver.answerNext('hang');
    const silent = await app.inject({ method: 'POST', url: '/api/alerts/webhook/test', headers: official });
    expect(silent.statusCode).toBe(422);
    expect(silent.json()).toMatchObject({ code: 'WEBHOOK_FAILED', details: { reason: 'timeout', seconds: 5 } });
  });

  it("raises an alert when the followed ward's tier changes, and delivers it signed, retrying after a 500", async () => {
    const follows = (await app.inject({ method: 'GET', url: '/api/alerts/follows', headers: official })).json();
    expect(follows).toMatchObject({ customised: false, units: [{ id: wardId, level: 'ward' }] });
    const set = (await app.inject({ method: 'PUT', url: '/api/alerts/webhook', headers: official, payload: { url: receiver.url } })).json();
    expect(set.secret).toMatch(/^[\w-]{32}$/);
    const before = receiver.received.length;

    // All on one Monday: MoH 4800 is assessed on Mondays over the two weeks before, so the ward is still raised on the last data day.
    const events: FixtureEvent[] = inWard.slice(0, 40).map((person, i) => ({ kind: 'case', person, day: '2021-10-11', classification: 'community', severity: 'mild', recoveredOn: null }));
    await writeEvents(t.database, residents, events);
    receiver.answerNext(500);
    await refreshDirtyUnits(t.database, { live: app.ctx.live });
    await app.ctx.alerts!.settled();

    const alerts = (await app.inject({ method: 'GET', url: '/api/alerts', headers: official })).json();
    const debug = await t.database.withSession(async (s) => JSON.stringify({
      state: await s.query(`SELECT * FROM alert_unit_state WHERE unit_id = $1`, [wardId]),
      runs: await s.query(`SELECT rule_set_id, day::text, tier FROM unit_tier WHERE unit_id = $1 AND rule_set_id = 'moh-4800'`, [wardId]),
      pop: await s.query(`SELECT population FROM unit WHERE id = $1`, [wardId]),
      end: await s.query(`SELECT max(day)::text FROM unit_day_own`),
      events: await s.query(`SELECT id, kind, payload FROM live_event ORDER BY id DESC LIMIT 3`),
    }));
    expect(alerts.unread, debug).toBe(1);
    expect(alerts.items[0]).toMatchObject({ unit: { id: wardId, level: 'ward' }, ruleSet: 'moh-4800', read: false });
    expect(alerts.items[0].from).not.toBe(alerts.items[0].to);
    expect(Object.keys(alerts.items[0]).sort()).toEqual(['createdAt', 'day', 'from', 'id', 'read', 'ruleSet', 'to', 'unit']);

    // The first attempt got a 500: it waits for its retry, with backoff.
    await app.ctx.alerts!.sendNow();
    const [pending] = await t.database.withSession((s) => s.query<{ status: string; attempts: number; last_status: number; wait: number }>(
      `SELECT status, attempts, last_status, extract(epoch FROM next_attempt_at - now())::int AS wait FROM alert_delivery`));
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, last_status: 500 });
    expect(pending!.wait).toBeGreaterThan(5);
    await t.database.withSession((s) => s.query(`UPDATE alert_delivery SET next_attempt_at = now()`));
    expect(await app.ctx.alerts!.sendNow()).toEqual({ sent: 1, failed: 0 });
    const deliveries = receiver.received.slice(before);
    expect(deliveries).toHaveLength(2);
    const last = deliveries[1]!;
    expect(last.headers['x-riskmap-signature']).toBe(`sha256=${createHmac('sha256', set.secret).update(last.body).digest('hex')}`);
    expect(JSON.parse(last.body)).toMatchObject({ type: 'tier-change', unit: { id: wardId }, ruleSet: 'moh-4800', from: alerts.items[0].from, to: alerts.items[0].to });
    expect(last.body).not.toMatch(/fullName|phone|person/i);

    // The same tier again raises nothing.
    await refreshDirtyUnits(t.database, { live: app.ctx.live });
    await app.ctx.alerts!.settled();
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: official })).json().items).toHaveLength(1);
    expect((await app.inject({ method: 'POST', url: '/api/alerts/read', headers: official })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/alerts', headers: official })).json().unread).toBe(0);
  });

  it('raises the return to baseline once a record reaches its day, and nothing for history older than the look-back window', async () => {
    const listed = async () => (await app.inject({ method: 'GET', url: '/api/alerts', headers: official })).json() as { items: Array<{ from: string; to: string; day: string }> };
    const [first] = (await listed()).items;
    // Cases far back (June): the ward's tier went up and down then too, but a backfill that old is history, not news.
    const june: FixtureEvent[] = inWard.slice(40, 80).map((person) => ({ kind: 'case', person, day: '2021-06-07', classification: 'community', severity: 'mild', recoveredOn: null }));
    await writeEvents(t.database, residents, june);
    await refreshDirtyUnits(t.database, { live: app.ctx.live });
    await app.ctx.alerts!.settled();
    const runs = await t.database.withSession((s) => s.query<{ day: string }>(`SELECT day::text AS day FROM unit_tier WHERE unit_id = $1 AND rule_set_id = 'moh-4800' AND day < '2021-10-01'`, [wardId]));
    expect(runs.length).toBeGreaterThan(0);
    expect((await listed()).items).toHaveLength(1);

    // A test in another ward on 2021-10-26: the last record is now past the day the ward came back down, so that change is news.
    const elsewhere = residents.findIndex((_, i) => !inWard.includes(i));
    await writeEvents(t.database, residents, [{ kind: 'test', person: elsewhere, day: '2021-10-26', method: 'pcr', positive: false }]);
    await refreshDirtyUnits(t.database, { live: app.ctx.live });
    await app.ctx.alerts!.settled();
    const after = (await listed()).items;
    expect(after).toHaveLength(2);
    expect(after[0]).toMatchObject({ from: first!.to, to: first!.from, day: '2021-10-25' });
    // Each change is raised once, however often the units are looked at again.
    await app.ctx.alerts!.noteCurrentTiers(null);
    expect((await listed()).items).toHaveLength(2);
  });

  it('marks a delivery failed after the last attempt, with why, for the user to see', async () => {
    const [alert] = await t.database.withSession((s) => s.query<{ id: string }>(`SELECT id FROM alert ORDER BY id LIMIT 1`));
    const payload = { type: 'tier-change', alertId: Number(alert!.id) };
    const insert = `INSERT INTO alert_delivery (alert_id, url, payload) VALUES ($1, $2, $3::jsonb) RETURNING id`;
    const [timedOut] = await t.database.withSession((s) => s.query<{ id: string }>(insert, [alert!.id, receiver.url, JSON.stringify(payload)]));
    const options = { ...WEBHOOK_DEFAULTS, timeoutSeconds: 1, maxAttempts: 2 };
    // First attempt: no answer in time; second: a 500. Two attempts is the maximum here, so it is failed for good.
    receiver.answerNext('hang');
    expect(await sendDueWebhooks(t.database, options)).toEqual({ sent: 0, failed: 1 });
    let [row] = await t.database.withSession((s) => s.query<{ status: string; last_error: string }>(`SELECT status, last_error FROM alert_delivery WHERE id = $1`, [timedOut!.id]));
    expect(row).toMatchObject({ status: 'pending', last_error: 'no answer within 1 s' });
    await t.database.withSession((s) => s.query(`UPDATE alert_delivery SET next_attempt_at = now() WHERE id = $1`, [timedOut!.id]));
    receiver.answerNext(500);
    expect(await sendDueWebhooks(t.database, options)).toEqual({ sent: 0, failed: 1 });
    [row] = await t.database.withSession((s) => s.query<{ status: string; last_error: string }>(`SELECT status, last_error FROM alert_delivery WHERE id = $1`, [timedOut!.id]));
    expect(row).toMatchObject({ status: 'failed', last_error: 'HTTP 500' });
    // A failed delivery is not tried again.
    await t.database.withSession((s) => s.query(`UPDATE alert_delivery SET next_attempt_at = now() WHERE id = $1`, [timedOut!.id]));
    expect(await sendDueWebhooks(t.database, options)).toEqual({ sent: 0, failed: 0 });

    const listed = (await app.inject({ method: 'GET', url: '/api/alerts/deliveries', headers: official })).json();
    expect(listed.items[0]).toMatchObject({ id: Number(timedOut!.id), status: 'failed', attempts: 2, reason: 'status', lastStatus: 500, nextAttemptAt: null });
    expect(listed.items.find((d: { status: string }) => d.status === 'sent')).toMatchObject({ reason: null, lastStatus: 200 });
    const site = await apiKeyFor(t.database, 'alert.site2', 'alert-site');
    expect((await app.inject({ method: 'GET', url: '/api/alerts/deliveries', headers: site })).statusCode).toBe(403);
  });
});
