import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { canAdminister } from '../access/policy.ts';
import { currentMigration } from '../db/migrate.ts';

const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  backend: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
  postgis: Type.Optional(Type.String({ description: 'PostGIS library version reported by the database (admins only)' })),
  postgres: Type.Optional(Type.String({ description: 'PostgreSQL server version (admins only)' })),
  migration: Type.Optional(Type.Union([Type.Object({ version: Type.Integer(), name: Type.String() }), Type.Null()], { description: 'applied schema migration (admins only)' })),
  demo: Type.Boolean({ description: 'the embedded demo city with its demo accounts (see the start-up message)' }),
  capabilities: Type.Object({
    mvt: Type.Boolean(),
    listenNotify: Type.Boolean(),
    streamingCopy: Type.Boolean(),
    concurrentConnections: Type.Boolean(),
  }),
});

const VERSIONS_SQL = `SELECT postgis_lib_version() AS postgis, current_setting('server_version') AS postgres`;

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { schema: { summary: 'Backend and capabilities; PostGIS/PostgreSQL versions and the applied schema migration for admins', tags: ['system'], response: { 200: HealthResponse } } },
    async (request) => {
      const { database } = app.ctx;
      // The database is asked either way, so health answers 503 while it is away; versions are for admins only.
      const [versions] = await database.withSession((s) => s.query<{ postgis: string; postgres: string }>(VERSIONS_SQL));
      const answer = {
        status: 'ok' as const,
        backend: database.backend,
        capabilities: database.capabilities,
        demo: database.backend === 'embedded' && app.ctx.config.demo,
      };
      if (!request.caller || !canAdminister(request.caller)) return answer;
      return {
        ...answer,
        postgis: versions?.postgis ?? 'unknown',
        postgres: versions?.postgres ?? 'unknown',
        migration: await currentMigration(database),
      };
    },
  );
};
