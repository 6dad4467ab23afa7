// The alerts API (issue 17): GET /api/alerts lists the caller's tier-change
// alerts; follows (default: a ward official's jurisdiction); a webhook with a
// secret shown once, and a test delivery that says plainly when the receiver
// times out or refuses.
import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireCaller } from '../access/access.plugin.ts';
import { findUnitPlaces } from '../access/guards.ts';
import { canFollowUnit, canReceiveAlerts, type Caller } from '../access/policy.ts';
import { auditAction } from '../admin/audit-action.ts';
import { AppError } from '../errors.ts';
import { markRead, replaceFollows, selectAlerts, selectFollows, selectSettings, selectUnitNames, upsertSettings } from './alerts.repo.ts';
import { selectDeliveries } from './deliveries.repo.ts';
import { failureReason, postSigned, WEBHOOK_DEFAULTS } from './webhook-sender.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 502: ErrorBody };
const Unit = Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), level: Type.String() });
const AlertsResponse = Type.Object({
  unread: Type.Integer(),
  items: Type.Array(Type.Object({
    id: Type.Integer(), unit: Unit, ruleSet: Type.String(), from: Type.Union([Type.String(), Type.Null()]), to: Type.String(), day: Type.String(),
    createdAt: Type.String(), read: Type.Boolean(),
  })),
});
const DeliveriesResponse = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(), alertId: Type.Integer(), unitName: Type.String(), from: Type.Union([Type.String(), Type.Null()]), to: Type.String(), day: Type.String(),
    status: Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed')]),
    attempts: Type.Integer(), maxAttempts: Type.Integer(),
    reason: Type.Union([Type.Literal('timeout'), Type.Literal('status'), Type.Literal('unreachable'), Type.Null()]),
    lastStatus: Type.Union([Type.Integer(), Type.Null()]), lastError: Type.Union([Type.String(), Type.Null()]),
    nextAttemptAt: Type.Union([Type.String(), Type.Null()]), sentAt: Type.Union([Type.String(), Type.Null()]),
  })),
});
const FollowsResponse = Type.Object({ customised: Type.Boolean(), units: Type.Array(Unit), webhookUrl: Type.Union([Type.String(), Type.Null()]) });
const FollowsBody = Type.Object({ unitIds: Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { maxItems: 500 }) });
const WebhookBody = Type.Object({ url: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]) });

/** Alerts are for everyone who sees tiers (not data sources). */
function requireAlertUser(caller: Caller): Caller {
  if (!canReceiveAlerts(caller)) throw new AppError('FORBIDDEN', 'A data source has no tier alerts.');
  return caller;
}

export const alertsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;

  app.get('/alerts', { schema: { summary: "The caller's tier-change alerts (no personal data), newest first", tags: ['alerts'], querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }), response: { 200: AlertsResponse, ...errors } } },
    async (request) => {
      const caller = requireAlertUser(requireCaller(request));
      const rows = await database.withSession((s) => selectAlerts(s, caller.userId, request.query.limit));
      return {
        unread: rows.filter((r) => r.read_at === null).length,
        items: rows.map((r) => ({
          id: Number(r.id), unit: { id: r.unit_id, code: r.code, name: r.name, level: r.level }, ruleSet: r.rule_set_id, from: r.from_tier, to: r.to_tier,
          day: r.day, createdAt: new Date(r.created_at).toISOString(), read: r.read_at !== null,
        })),
      };
    });

  app.get('/alerts/deliveries', { schema: { summary: "The caller's webhook deliveries: sent, waiting for a retry (with when), or failed for good (with why)", tags: ['alerts'], querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 20 }) }), response: { 200: DeliveriesResponse, ...errors } } },
    async (request) => {
      const caller = requireAlertUser(requireCaller(request));
      const rows = await database.withSession((s) => selectDeliveries(s, caller.userId, request.query.limit));
      return {
        items: rows.map((r) => ({
          id: Number(r.id), alertId: Number(r.alert_id), unitName: r.unit_name, from: r.from_tier, to: r.to_tier, day: r.day, status: r.status,
          attempts: r.attempts, maxAttempts: WEBHOOK_DEFAULTS.maxAttempts, reason: r.status === 'sent' ? null : failureReason(r.last_status, r.last_error),
          lastStatus: r.last_status, lastError: r.last_error,
          nextAttemptAt: r.status === 'pending' || r.status === 'sending' ? new Date(r.next_attempt_at).toISOString() : null,
          sentAt: r.sent_at === null ? null : new Date(r.sent_at).toISOString(),
        })),
      };
    });

  app.post('/alerts/read', { schema: { summary: "Mark the caller's alerts read", tags: ['alerts'], response: { 204: Type.Null(), ...errors } } }, async (request, reply) => {
    const caller = requireAlertUser(requireCaller(request));
    await database.withSession((s) => markRead(s, caller.userId));
    return reply.status(204).send(null);
  });

  app.get('/alerts/follows', { schema: { summary: 'The units the caller follows (default: their jurisdiction) and their webhook URL', tags: ['alerts'], response: { 200: FollowsResponse, ...errors } } },
    async (request) => {
      const caller = requireAlertUser(requireCaller(request));
      return database.withSession(async (s) => {
        const settings = await selectSettings(s, caller.userId);
        const customised = settings?.follows_customised ?? false;
        const ids = customised ? await selectFollows(s, caller.userId) : caller.jurisdiction ? [caller.jurisdiction.unitId] : await selectFollows(s, caller.userId);
        return { customised, units: ids.length ? await selectUnitNames(s, ids) : [], webhookUrl: settings?.webhook_url ?? null };
      });
    });

  app.put('/alerts/follows', { schema: { summary: 'Follow these units (replaces the list); each must be a unit whose tier the caller may see', tags: ['alerts'], body: FollowsBody, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const caller = requireAlertUser(requireCaller(request));
      const ids = [...new Set(request.body.unitIds)];
      const places = await findUnitPlaces(database, ids);
      const unknown = ids.filter((id) => !places.has(id));
      if (unknown.length > 0) throw new AppError('NOT_FOUND', `There is no unit ${unknown.join(', ')}.`, { unitIds: unknown });
      if (ids.some((id) => !canFollowUnit(caller, places.get(id)!))) throw new AppError('FORBIDDEN', 'You may follow only units whose tier you may see.');
      await database.transaction(async (s) => {
        await replaceFollows(s, caller.userId, ids);
        await upsertSettings(s, caller.userId, { followsCustomised: true });
      });
      await app.ctx.alerts?.noteCurrentTiers(ids);
      await auditAction(database, request, { action: 'alerts.follow', recordIds: ids });
      return reply.status(204).send(null);
    });

  app.put('/alerts/webhook', { schema: { summary: 'Set (or clear with null) the webhook; the signing secret is in this answer only', tags: ['alerts'], body: WebhookBody, response: { 200: Type.Object({ url: Type.Union([Type.String(), Type.Null()]), secret: Type.Union([Type.String(), Type.Null()]) }), ...errors } } },
    async (request) => {
      const caller = requireAlertUser(requireCaller(request));
      const url = request.body.url?.trim() || null;
      if (url !== null) {
        let parsed: URL | null = null;
        try { parsed = new URL(url); } catch { parsed = null; }
        if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new AppError('WEBHOOK_URL_INVALID', undefined, { url });
      }
      const secret = url === null ? null : randomBytes(24).toString('base64url');
      await database.withSession((s) => upsertSettings(s, caller.userId, { webhook: { url, secret } }));
      await auditAction(database, request, { action: url === null ? 'alerts.webhook.clear' : 'alerts.webhook.set', recordIds: [caller.userId] });
      return { url, secret };
    });

  app.post('/alerts/webhook/test', { schema: { summary: 'Send a signed test delivery now; 502 WEBHOOK_FAILED says how the receiver answered', tags: ['alerts'], response: { 200: Type.Object({ status: Type.Integer() }), ...errors } } },
    async (request) => {
      const caller = requireAlertUser(requireCaller(request));
      const settings = await database.withSession((s) => selectSettings(s, caller.userId));
      if (!settings?.webhook_url) throw new AppError('NOT_FOUND', 'No webhook is set.');
      let status: number;
      try {
        status = await postSigned(settings.webhook_url, { type: 'test', at: new Date().toISOString() }, settings.webhook_secret, WEBHOOK_DEFAULTS.timeoutSeconds, 'test');
      } catch (e) {
        const timeout = e instanceof Error && e.name === 'TimeoutError';
        throw new AppError('WEBHOOK_FAILED', timeout ? `The webhook did not answer within ${WEBHOOK_DEFAULTS.timeoutSeconds} s.` : `The webhook could not be reached: ${e instanceof Error ? e.message : String(e)}`,
          { reason: timeout ? 'timeout' : 'unreachable', seconds: WEBHOOK_DEFAULTS.timeoutSeconds });
      }
      if (status < 200 || status >= 300) throw new AppError('WEBHOOK_FAILED', `The webhook answered HTTP ${status}.`, { reason: 'status', status });
      return { status };
    });
};
