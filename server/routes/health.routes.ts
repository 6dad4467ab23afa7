import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { currentMigration } from '../db/migrate.ts';

const HealthResponse = Type.Object({
  status: Type.Literal('ok'),
  backend: Type.Union([Type.Literal('embedded'), Type.Literal('postgres')]),
  postgis: Type.String({ description: 'PostGIS library version reported by the database' }),
  postgres: Type.String({ description: 'PostgreSQL server version' }),
  migration: Type.Union([Type.Object({ version: Type.Integer(), name: Type.String() }), Type.Null()]),
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
    { schema: { summary: 'Backend, PostGIS version and applied schema migration', tags: ['system'], response: { 200: HealthResponse } } },
    async () => {
      const { database } = app.ctx;
      const [versions] = await database.withSession((s) => s.query<{ postgis: string; postgres: string }>(VERSIONS_SQL));
      return {
        status: 'ok' as const,
        backend: database.backend,
        postgis: versions?.postgis ?? 'unknown',
        postgres: versions?.postgres ?? 'unknown',
        migration: await currentMigration(database),
        capabilities: database.capabilities,
        demo: database.backend === 'embedded' && app.ctx.config.demo,
      };
    },
  );
};
