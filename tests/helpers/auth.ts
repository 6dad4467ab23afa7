// Signing in from tests: creates users through the real service and returns
// the headers a browser would send (session cookie + CSRF token) or an API key.
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../server/db/database.ts';
import { createApiKey, createUser, type CreateUserInput } from '../../server/access/access.service.ts';

export const TEST_PASSWORD = 'correct horse battery';

export type SignedInHeaders = {
  cookie: string;
  'x-csrf-token': string;
};

/** Creates a user (password TEST_PASSWORD) and signs in through the API. */
export async function signInAs(app: FastifyInstance, database: Database, user: Omit<CreateUserInput, 'password'>): Promise<SignedInHeaders> {
  await createUser(database, { ...user, password: TEST_PASSWORD });
  const response = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: user.username, password: TEST_PASSWORD } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${user.username} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === 'riskmap_session');
  return { cookie: `riskmap_session=${cookie?.value}`, 'x-csrf-token': response.json().csrfToken };
}

/** Creates a data-source user for a source code and returns its API key header. */
export async function apiKeyFor(database: Database, username: string, sourceCode: string): Promise<{ authorization: string }> {
  await createUser(database, { username, role: 'data_source', sourceCode });
  const { key } = await createApiKey(database, username, null);
  return { authorization: `Bearer ${key}` };
}
