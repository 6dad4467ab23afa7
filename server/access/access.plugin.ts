// Who is calling: an API key (Authorization: Bearer rk_… or X-API-Key) or a
// session cookie. Cookie-authenticated writes must carry the session's CSRF
// token in X-CSRF-Token. Routes ask `requireCaller` and the policy functions;
// nothing here decides what a caller may see.
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { insertAudit } from './access.repo.ts';
import { findApiKeyCaller, findSessionCaller } from './access.service.ts';
import { type Caller, sendsRecordsOnly } from './policy.ts';

export const SESSION_COOKIE = 'riskmap_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Writes that come before a session exists. */
const CSRF_EXEMPT = new Set(['/api/auth/sign-in']);

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
    csrfToken: string | null;
  }
}

function readApiKey(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const key = request.headers['x-api-key'];
  return typeof key === 'string' ? key.trim() : null;
}

// harden-faults (#15 pt 7): what a data source may call at all. It sends records and reads its own batches
// (the batch routes check the source); search, zones, units, tiles and the rest answer 403 whatever the route does.
const DATA_SOURCE_ROUTES: ReadonlyArray<RegExp> = [
  /^\/api\/ingest\/(tests|vaccinations|upload|dry-run)$/,
  /^\/api\/ingest\/batches\/:id(\/rejects)?$/,
  /^\/api\/ingest\/rejects\/:id$/,
  /^\/api\/ingest\/unplaced$/, // its own records no unit could be found for
  // its own site on the data desk (the desk routes check the source): counts, batches, rejects and fixing them
  /^\/api\/desk\/sources(\/:id(\/rejects)?)?$/,
  /^\/api\/desk\/rejects\/fix$/,
  /^\/fhir(\/|$)/,
  /^\/api\/auth\//,
  /^\/api\/health$/,
  /^\/api\/client-config$/, // the dashboard's start-up settings (city outline, data days), so a site's staff reach the data desk
];
/** Paths whose routes a data source must be allowed explicitly (static files of the dashboard are not among them). */
const GUARDED_PATHS = /^\/(api|tiles|ogc|fhir)(\/|$)/;

function refuseDataSourceOutsideIngest(request: FastifyRequest): void {
  if (!request.caller || !sendsRecordsOnly(request.caller)) return;
  const route = request.routeOptions.url;
  if (route === undefined || !GUARDED_PATHS.test(route)) return; // unknown routes answer 404 as for anyone
  if (!DATA_SOURCE_ROUTES.some((pattern) => pattern.test(route))) {
    throw new AppError('FORBIDDEN', 'A data source may only send records and read its own batches.');
  }
}

async function identify(database: Database, request: FastifyRequest): Promise<void> {
  const apiKey = readApiKey(request);
  if (apiKey) {
    request.caller = await findApiKeyCaller(database, apiKey);
    if (!request.caller) throw new AppError('UNAUTHORIZED', 'This API key is not valid or was revoked.');
    refuseDataSourceOutsideIngest(request);
    return;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return;
  const session = await findSessionCaller(database, token);
  if (!session) return; // expired: treated as signed out
  request.caller = session.caller;
  request.csrfToken = session.csrfToken;
  refuseDataSourceOutsideIngest(request);
  const path = request.url.split('?')[0] ?? '';
  if (!SAFE_METHODS.has(request.method) && !CSRF_EXEMPT.has(path) && request.headers['x-csrf-token'] !== session.csrfToken) {
    throw new AppError('FORBIDDEN', 'Missing or wrong X-CSRF-Token for a signed-in write (GET /api/auth/me gives the token).');
  }
}

export const accessPlugin = fp(async (app: FastifyInstance, options: { database: Database }) => {
  await app.register(fastifyCookie);
  app.decorateRequest('caller', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request) => {
    await identify(options.database, request);
  });
});

/** The caller, or 401 for anonymous requests. */
export function requireCaller(request: FastifyRequest): Caller {
  if (!request.caller) throw new AppError('UNAUTHORIZED');
  return request.caller;
}

/** Who asked, how and from where, as every audit row records it. */
export function auditedRequest(request: FastifyRequest) {
  const caller = request.caller;
  return {
    userId: caller?.userId ?? null,
    username: caller?.username ?? null,
    role: caller?.role ?? null,
    method: request.method,
    endpoint: request.routeOptions.url ?? request.url.split('?')[0] ?? '',
    address: request.ip,
  };
}

/** Records a read of personal data. Called before the data is sent; a failed write fails the request. */
export async function auditPersonalDataRead(
  database: Database,
  request: FastifyRequest,
  read: { recordKind: string; recordIds: readonly number[]; unitId: number | null },
): Promise<void> {
  if (read.recordIds.length === 0) return;
  await database.withSession((s) => insertAudit(s, { ...auditedRequest(request), ...read }));
}

/** Sets or clears the session cookie: httpOnly, Secure, SameSite=Strict. */
export function setSessionCookie(reply: FastifyReply, token: string | null, maxAgeSeconds: number): void {
  if (token === null) {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return;
  }
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, secure: true, sameSite: 'strict', maxAge: maxAgeSeconds });
}
