// Sign-in, sessions, users and API keys. Tokens and keys are random; only
// their SHA-256 is stored, so a copy of the database signs nobody in.
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import {
  clearSignInFailures, countRecentFailures, deleteSession, findUserByApiKey, findUserByName, findUserBySession, insertApiKey,
  insertSession, insertUser, recordSignInFailure, type UserRow,
} from './access.repo.ts';
import { checkPasswordStrength, hashPassword, verifyPassword } from './passwords.ts';
import { ROLES, type Caller, type Role } from './policy.ts';

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Sign-in throttling: failures in this window, per account and per address. */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
export const SIGN_IN_MAX_FAILURES_PER_ACCOUNT = 5;
export const SIGN_IN_MAX_FAILURES_PER_ADDRESS = 20;

// A hash to compare against when the account does not exist, so timing does not reveal which usernames exist.
const DUMMY_HASH = hashPassword('not a real password, only for constant timing');

export function toCaller(row: UserRow, via: Caller['via']): Caller {
  return {
    userId: row.id,
    username: row.username,
    role: row.role,
    jurisdiction: row.role === 'ward_official' && row.unit_id !== null && row.unit_level ? { unitId: row.unit_id, level: row.unit_level } : null,
    sourceId: row.source_id,
    via,
  };
}

export interface SignedIn {
  caller: Caller;
  token: string;
  csrfToken: string;
}

/** Checks a password, throttled per account and per address; opens a session. */
export async function signIn(database: Database, username: string, password: string, address: string, sessionHours: number): Promise<SignedIn> {
  return database.withSession(async (s) => {
    const failures = await countRecentFailures(s, username, address, SIGN_IN_WINDOW_SECONDS);
    if (failures.byUser >= SIGN_IN_MAX_FAILURES_PER_ACCOUNT || failures.byAddress >= SIGN_IN_MAX_FAILURES_PER_ADDRESS) {
      throw new AppError('RATE_LIMITED', `Too many failed sign-ins; try again in ${SIGN_IN_WINDOW_SECONDS / 60} minutes.`, { retryAfterSeconds: SIGN_IN_WINDOW_SECONDS });
    }
    const user = await findUserByName(s, username);
    const ok = user?.password_hash && !user.disabled_at ? await verifyPassword(password, user.password_hash) : (await verifyPassword(password, await DUMMY_HASH), false);
    if (!ok || !user) {
      await recordSignInFailure(s, username, address);
      throw new AppError('UNAUTHORIZED', 'Wrong username or password.');
    }
    await clearSignInFailures(s, username);
    const token = randomToken();
    const csrfToken = randomToken(24);
    await insertSession(s, sha256(token), user.id, csrfToken, sessionHours * 3600, address);
    return { caller: toCaller(user, 'session'), token, csrfToken };
  });
}

export async function signOut(database: Database, token: string): Promise<void> {
  await database.withSession((s) => deleteSession(s, sha256(token)));
}

export async function findSessionCaller(database: Database, token: string): Promise<{ caller: Caller; csrfToken: string } | null> {
  const row = await database.withSession((s) => findUserBySession(s, sha256(token)));
  return row ? { caller: toCaller(row, 'session'), csrfToken: row.csrf_token } : null;
}

export async function findApiKeyCaller(database: Database, key: string): Promise<Caller | null> {
  const row = await database.withSession((s) => findUserByApiKey(s, sha256(key)));
  return row ? toCaller(row, 'api-key') : null;
}

export interface CreateUserInput {
  username: string;
  displayName?: string | null;
  role: Role;
  /** Unit code of a ward official's ward or district. */
  unitCode?: string | null;
  /** Source code of a data source's site. */
  sourceCode?: string | null;
  password?: string | null;
}

/** Creates a user; the rules of each role are checked here with messages that say what is missing. */
export async function createUser(database: Database, input: CreateUserInput): Promise<{ id: number }> {
  const problems: string[] = [];
  if (!/^[a-z0-9._-]{3,64}$/i.test(input.username)) problems.push('username: 3–64 letters, digits, dots, dashes or underscores');
  if (!ROLES.includes(input.role)) problems.push(`role: one of ${ROLES.join(', ')}`);
  if (input.role === 'ward_official' && !input.unitCode) problems.push('a ward official needs --unit CODE (their ward or district)');
  if (input.role === 'data_source' && !input.sourceCode) problems.push('a data source needs --source CODE (its site)');
  if (input.password) {
    const weak = checkPasswordStrength(input.password);
    if (weak) problems.push(weak);
  }
  if (problems.length > 0) throw new AppError('BAD_REQUEST', problems.join('; '));
  return database.withSession(async (s) => {
    let unitId: number | null = null;
    if (input.role === 'ward_official') {
      const [unit] = await s.query<{ id: number; level: string }>('SELECT id, level FROM unit WHERE code = $1', [input.unitCode]);
      if (!unit) throw new AppError('BAD_REQUEST', `unit ${input.unitCode} does not exist`);
      if (unit.level !== 'ward' && unit.level !== 'district') throw new AppError('BAD_REQUEST', `unit ${input.unitCode} is a ${unit.level}; a ward official is bound to a ward or a district`);
      unitId = unit.id;
    }
    let sourceId: number | null = null;
    if (input.role === 'data_source') {
      const [source] = await s.query<{ id: number }>('SELECT id FROM source WHERE code = $1', [input.sourceCode]);
      if (!source) throw new AppError('BAD_REQUEST', `source ${input.sourceCode} does not exist`);
      sourceId = source.id;
    }
    if (await findUserByName(s, input.username)) throw new AppError('CONFLICT', `user ${input.username} already exists`);
    const passwordHash = input.password ? await hashPassword(input.password) : null;
    return { id: await insertUser(s, { username: input.username, displayName: input.displayName ?? null, role: input.role, unitId, sourceId, passwordHash }) };
  });
}

/** Creates an API key for a user; the key is returned once and never stored. */
export async function createApiKey(database: Database, username: string, label: string | null): Promise<{ id: number; key: string }> {
  return database.withSession(async (s) => {
    const user = await findUserByName(s, username);
    if (!user) throw new AppError('NOT_FOUND', `user ${username} does not exist`);
    const key = `rk_${randomToken(30)}`;
    const row = await insertApiKey(s, user.id, key.slice(0, 8), sha256(key), label);
    return { id: row.id, key };
  });
}
