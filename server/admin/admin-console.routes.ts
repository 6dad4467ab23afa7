// The admin tool's API (issue 17): accounts, data sources and their keys, the
// audit log filtered and exported, rule-set previews. Every route is for
// admins (policy.canManageAccounts) and every change is audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireCaller } from '../access/access.plugin.ts';
import { canManageAccounts } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import {
  AccountsResponse, AuditQuery, AuditResponse, DisabledBody, IdParam, KeyBody, KeyParams, KeyResponse, NewAccountBody, NewSourceBody,
  PasswordResponse, PreviewBody, PreviewResponse, SourcesResponse,
} from './admin.schemas.ts';
import { createAccount, listAccounts, resetAccountPassword, setAccountDisabled } from './accounts.service.ts';
import { auditAction } from './audit-action.ts';
import { auditCsv, listAuditLog } from './audit-log.service.ts';
import { previewRuleSet } from './rule-set-preview.service.ts';
import { issueSourceKey, listSources, registerSource, resetColumnMapping, revokeSourceKey, SOURCE_KINDS } from './sources.service.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const adminConsoleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;
  app.addHook('preHandler', async (request) => {
    if (!canManageAccounts(requireCaller(request))) throw new AppError('FORBIDDEN', 'Only an admin manages accounts, data sources, rule sets and the audit log.');
  });

  app.get('/admin/accounts', { schema: { summary: 'Accounts with role, jurisdiction or site, and last sign-in', tags: ['admin'], response: { 200: AccountsResponse, ...errors } } },
    async () => ({ accounts: await listAccounts(database) }));

  app.post('/admin/accounts', { schema: { summary: 'Create an account; its password is in this answer only', tags: ['admin'], body: NewAccountBody, response: { 201: PasswordResponse, ...errors } } },
    async (request, reply) => {
      const created = await createAccount(database, request.body);
      await auditAction(database, request, { action: 'admin.account.create', recordIds: [created.id] });
      return reply.status(201).send(created);
    });

  app.post('/admin/accounts/:id/disabled', { schema: { summary: 'Disable (ends its sessions; its keys stop working) or enable an account', tags: ['admin'], params: IdParam, body: DisabledBody, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      if (request.body.disabled && request.params.id === requireCaller(request).userId) throw new AppError('CONFLICT', 'You cannot disable your own account.');
      await setAccountDisabled(database, request.params.id, request.body.disabled);
      await auditAction(database, request, { action: request.body.disabled ? 'admin.account.disable' : 'admin.account.enable', recordIds: [request.params.id] });
      return reply.status(204).send(null);
    });

  app.post('/admin/accounts/:id/password', { schema: { summary: 'Reset the password; the new one is in this answer only', tags: ['admin'], params: IdParam, response: { 200: PasswordResponse, ...errors } } },
    async (request) => {
      const { password } = await resetAccountPassword(database, request.params.id);
      await auditAction(database, request, { action: 'admin.account.password', recordIds: [request.params.id] });
      return { id: request.params.id, password };
    });

  app.get('/admin/sources', { schema: { summary: 'Data sources (sites) with district, keys and remembered column mapping', tags: ['admin'], response: { 200: SourcesResponse, ...errors } } },
    async () => ({ sources: await listSources(database), kinds: [...SOURCE_KINDS] }));

  app.post('/admin/sources', { schema: { summary: 'Register a data source (site)', tags: ['admin'], body: NewSourceBody, response: { 201: IdParam, ...errors } } },
    async (request, reply) => {
      const created = await registerSource(database, request.body);
      await auditAction(database, request, { action: 'admin.source.create', recordIds: [created.id] });
      return reply.status(201).send(created);
    });

  app.post('/admin/sources/:id/keys', { schema: { summary: "Issue an API key for the site's account; the key is in this answer only", tags: ['admin'], params: IdParam, body: KeyBody, response: { 201: KeyResponse, ...errors } } },
    async (request, reply) => {
      const key = await issueSourceKey(database, request.params.id, request.body?.label ?? null);
      await auditAction(database, request, { action: 'admin.source.key.issue', recordIds: [request.params.id, key.id] });
      return reply.status(201).send(key);
    });

  app.delete('/admin/sources/:id/keys/:keyId', { schema: { summary: "Revoke one of the site's API keys", tags: ['admin'], params: KeyParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await revokeSourceKey(database, request.params.id, request.params.keyId);
      await auditAction(database, request, { action: 'admin.source.key.revoke', recordIds: [request.params.id, request.params.keyId] });
      return reply.status(204).send(null);
    });

  app.delete('/admin/sources/:id/mapping', { schema: { summary: 'Forget the column mapping remembered for the site', tags: ['admin'], params: IdParam, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await resetColumnMapping(database, request.params.id);
      await auditAction(database, request, { action: 'admin.source.mapping.reset', recordIds: [request.params.id] });
      return reply.status(204).send(null);
    });

  app.get('/admin/audit-log', { schema: { summary: 'The audit log filtered by user, action, unit and time; format=csv exports it', tags: ['admin'], querystring: AuditQuery, response: { 200: Type.Union([AuditResponse, Type.String({ description: 'CSV when format=csv' })]), ...errors } } },
    async (request, reply) => {
      const { limit, offset, format, ...filter } = request.query;
      const page = await listAuditLog(database, filter, limit, offset);
      if (format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="riskmap-audit.csv"').send(auditCsv(page.items));
      }
      return page;
    });

  app.post('/admin/rule-sets/preview', { schema: { summary: 'Validate a rule set and count, per level, the units whose tier on the date it would change; saves nothing', tags: ['admin'], body: PreviewBody, response: { 200: PreviewResponse, ...errors } } },
    async (request) => previewRuleSet(database, request.body.document, request.body.date, request.body.compareWith));
};
