// The national push inside the app: routes and (when configured) the timer.
import type { FastifyInstance } from 'fastify';
import { nationalRoutes } from './national.routes.ts';
import { createNationalPusher } from './pusher.ts';

export async function nationalPlugin(app: FastifyInstance): Promise<void> {
  const { database, config } = app.ctx;
  const pusher = createNationalPusher(database, config, (error) => app.log.error({ err: error }, 'national push failed'));
  app.addHook('onClose', async () => pusher.close());
  await app.register(nationalRoutes, { prefix: '/api', pusher });
}
