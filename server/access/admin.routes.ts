import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, Offset } from '../routes/schema-types.ts';
import { AppError } from '../errors.ts';
import { listApiKeys, listAudit, listUsers, revokeApiKey } from './access.repo.ts';
import { requireCaller } from './access.plugin.ts';
import { createApiKey, createUser } from './access.service.ts';
import { canAdminister, ROLES } from './policy.ts';
import { csvCell } from '../reports/cells.ts';

export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;
  app.addHook('preHandler', async (request) => {
    if (!canAdminister(requireCaller(request))) throw new AppError('FORBIDDEN', 'Only an admin may manage users, keys and the audit log.');
  });

  app.get('/admin/users', { schema: { summary: 'List users', tags: ['admin'] } }, async () =>
    (await database.withSession(listUsers)).map((u) => ({ id: u.id, username: u.username, role: u.role, unitId: u.unit_id, sourceId: u.source_id, disabled: u.disabled_at !== null })),
  );

  app.post(
    '/admin/users',
    {
      schema: {
        summary: 'Create a user',
        tags: ['admin'],
        body: Type.Object({
          username: Type.String(),
          role: Type.Union(ROLES.map((r) => Type.Literal(r))),
          password: Type.Optional(Type.String()),
          unitCode: Type.Optional(Type.String()),
          sourceCode: Type.Optional(Type.String()),
          displayName: Type.Optional(Type.String()),
        }),
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(database, request.body)),
  );

  app.post(
    '/admin/users/:username/api-keys',
    { schema: { summary: 'Create an API key; the key is shown in this response only', tags: ['admin'], params: Type.Object({ username: Type.String() }), body: Type.Optional(Type.Object({ label: Type.Optional(Type.String()) })) } },
    async (request, reply) => reply.status(201).send(await createApiKey(database, request.params.username, request.body?.label ?? null)),
  );

  app.get('/admin/api-keys', { schema: { summary: 'List API keys (prefixes only)', tags: ['admin'] } }, async () => database.withSession(listApiKeys));

  app.delete(
    '/admin/api-keys/:id',
    { schema: { summary: 'Revoke an API key', tags: ['admin'], params: IdParams } },
    async (request, reply) => {
      if (!(await database.withSession((s) => revokeApiKey(s, request.params.id)))) throw new AppError('NOT_FOUND', `no active API key ${request.params.id}`);
      return reply.status(204).send();
    },
  );

  app.get(
    '/admin/audit',
    {
      schema: {
        summary: 'Read or export the audit log of personal-data reads',
        tags: ['admin'],
        querystring: Type.Object({
          from: Type.Optional(Type.String({ format: 'date-time' })),
          to: Type.Optional(Type.String({ format: 'date-time' })),
          limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
          offset: Offset({ default: 0 }),
          format: Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const rows = (await database.withSession((s) => listAudit(s, q.from ?? null, q.to ?? null, q.limit, q.offset))) as Array<Record<string, unknown>>;
      if (q.format === 'csv') {
        const columns = ['id', 'at', 'user_id', 'username', 'role', 'method', 'endpoint', 'record_kind', 'record_ids', 'unit_id', 'address'];
        const body = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].join('\n');
        return reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="riskmap-audit.csv"').send(`${body}\n`);
      }
      return rows;
    },
  );
};
