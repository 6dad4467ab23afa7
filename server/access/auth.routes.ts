import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../errors.ts';
import { requireCaller, setSessionCookie, SESSION_COOKIE } from './access.plugin.ts';
import { signIn, signOut } from './access.service.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const Me = Type.Object({
  username: Type.String(),
  role: Type.String(),
  jurisdiction: Type.Union([Type.Object({ unitId: Type.Integer(), level: Type.String() }), Type.Null()]),
  sourceId: Type.Union([Type.Integer(), Type.Null()]),
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.ctx;

  app.post(
    '/auth/sign-in',
    {
      schema: {
        summary: 'Sign in with a username and password; sets an httpOnly session cookie',
        tags: ['access'],
        body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Me, 401: ErrorBody, 429: ErrorBody },
      },
    },
    async (request, reply) => {
      try {
        const signedIn = await signIn(database, request.body.username, request.body.password, request.ip, config.sessionHours);
        setSessionCookie(reply, signedIn.token, config.sessionHours * 3600);
        const { caller } = signedIn;
        return { username: caller.username, role: caller.role, jurisdiction: caller.jurisdiction, sourceId: caller.sourceId, csrfToken: signedIn.csrfToken };
      } catch (error) {
        if (error instanceof AppError && error.code === 'RATE_LIMITED') reply.header('Retry-After', String((error.details as { retryAfterSeconds: number }).retryAfterSeconds));
        throw error;
      }
    },
  );

  app.post('/auth/sign-out', { schema: { summary: 'End the session', tags: ['access'], response: { 204: Type.Null() } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await signOut(database, token);
    setSessionCookie(reply, null, 0);
    return reply.status(204).send(null);
  });

  app.get('/auth/me', { schema: { summary: 'Who is signed in, with the CSRF token for writes', tags: ['access'], response: { 200: Me, 401: ErrorBody } } }, async (request) => {
    const caller = requireCaller(request);
    return { username: caller.username, role: caller.role, jurisdiction: caller.jurisdiction, sourceId: caller.sourceId, csrfToken: request.csrfToken };
  });
};
