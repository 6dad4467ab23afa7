// Accounts for the admin tool: the list with last sign-in, create with a
// password shown once, disable/enable, reset password. Each rule of a role is
// checked here with an error code the client renders in the UI language.
import { randomBytes } from 'node:crypto';
import { createUser } from '../access/access.service.ts';
import { hashPassword } from '../access/passwords.ts';
import { ROLES, type Role } from '../access/policy.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { endSessionsOf, selectAccounts, selectUnitByCode, setDisabled, setPasswordHash, sourceExists, usernameTaken } from './accounts.repo.ts';

export interface Account {
  id: number;
  username: string;
  displayName: string | null;
  role: Role;
  unit: { id: number; code: string; name: string; level: string } | null;
  source: { id: number; code: string; name: string } | null;
  disabled: boolean;
  lastSignInAt: string | null;
  createdAt: string;
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export async function listAccounts(database: Database): Promise<Account[]> {
  const rows = await database.withSession(selectAccounts);
  return rows.map((r) => ({
    id: r.id, username: r.username, displayName: r.display_name, role: r.role,
    unit: r.unit_id === null ? null : { id: r.unit_id, code: r.unit_code ?? '', name: r.unit_name ?? '', level: r.unit_level ?? '' },
    source: r.source_id === null ? null : { id: r.source_id, code: r.source_code ?? '', name: r.source_name ?? '' },
    disabled: r.disabled_at !== null, lastSignInAt: iso(r.last_sign_in_at), createdAt: iso(r.created_at) ?? '',
  }));
}

export interface NewAccount {
  username: string;
  role: Role;
  displayName?: string | null;
  unitCode?: string | null;
  sourceCode?: string | null;
}

/** A random password people can type: 16 characters of base64url. */
const newPassword = () => randomBytes(12).toString('base64url');

/** Checks the account's role rules (codes for the client), then creates it; returns the password once. */
export async function createAccount(database: Database, input: NewAccount): Promise<{ id: number; password: string }> {
  if (!/^[a-z0-9._-]{3,64}$/i.test(input.username)) throw new AppError('USERNAME_INVALID', undefined, { username: input.username });
  if (!ROLES.includes(input.role)) throw new AppError('BAD_REQUEST', `role: one of ${ROLES.join(', ')}`);
  await database.withSession(async (s) => {
    if (await usernameTaken(s, input.username)) throw new AppError('USERNAME_TAKEN', `user ${input.username} already exists`, { username: input.username });
    if (input.role === 'ward_official') {
      if (!input.unitCode) throw new AppError('ACCOUNT_NEEDS_UNIT');
      const unit = await selectUnitByCode(s, input.unitCode);
      if (!unit) throw new AppError('ACCOUNT_UNIT_UNKNOWN', `unit ${input.unitCode} does not exist`, { unitCode: input.unitCode });
      if (unit.level !== 'ward' && unit.level !== 'district') throw new AppError('ACCOUNT_UNIT_LEVEL', `unit ${input.unitCode} is a ${unit.level}`, { unitCode: input.unitCode, level: unit.level });
    }
    if (input.role === 'data_source') {
      if (!input.sourceCode) throw new AppError('ACCOUNT_NEEDS_SOURCE');
      if (!(await sourceExists(s, input.sourceCode))) throw new AppError('ACCOUNT_SOURCE_UNKNOWN', `source ${input.sourceCode} does not exist`, { sourceCode: input.sourceCode });
    }
  });
  const password = newPassword();
  const { id } = await createUser(database, {
    username: input.username, role: input.role, displayName: input.displayName ?? null, password,
    unitCode: input.role === 'ward_official' ? input.unitCode : null, sourceCode: input.role === 'data_source' ? input.sourceCode : null,
  });
  return { id, password };
}

/** Disables (ending every session; keys stop working with the account) or enables an account. */
export async function setAccountDisabled(database: Database, id: number, disabled: boolean): Promise<void> {
  await database.transaction(async (s) => {
    if (!(await setDisabled(s, id, disabled))) throw new AppError('NOT_FOUND', `no user ${id}`);
    if (disabled) await endSessionsOf(s, id);
  });
}

/** Sets a new random password (returned once) and ends the account's sessions. */
export async function resetAccountPassword(database: Database, id: number): Promise<{ password: string }> {
  const password = newPassword();
  const hash = await hashPassword(password);
  await database.transaction(async (s) => {
    if (!(await setPasswordHash(s, id, hash))) throw new AppError('NOT_FOUND', `no user ${id}`);
    await endSessionsOf(s, id);
  });
  return { password };
}
