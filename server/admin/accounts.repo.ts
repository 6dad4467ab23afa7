// Accounts as the admin tool reads and changes them: users with their unit
// and source, and the few updates (disable, password) that end sessions.
import type { Session } from '../db/database.ts';

/** Every account with its unit and source, by username. */
export function selectAccounts(session: Session) {
  return session.db.selectFrom('app_user as u')
    .leftJoin('unit as un', 'un.id', 'u.unit_id')
    .leftJoin('source as s', 's.id', 'u.source_id')
    .select([
      'u.id', 'u.username', 'u.display_name', 'u.role', 'u.disabled_at', 'u.last_sign_in_at', 'u.created_at',
      'un.id as unit_id', 'un.code as unit_code', 'un.name as unit_name', 'un.level as unit_level',
      's.id as source_id', 's.code as source_code', 's.name as source_name',
    ])
    .orderBy('u.username')
    .execute();
}

export async function usernameTaken(session: Session, username: string): Promise<boolean> {
  return (await session.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst()) !== undefined;
}

export function selectUnitByCode(session: Session, code: string) {
  return session.db.selectFrom('unit').select(['id', 'level']).where('code', '=', code).executeTakeFirst();
}

export async function sourceExists(session: Session, code: string): Promise<boolean> {
  return (await session.db.selectFrom('source').select('id').where('code', '=', code).executeTakeFirst()) !== undefined;
}

/** Disables (keeping the first time) or enables; false when there is no such user. */
export async function setDisabled(session: Session, id: number, disabled: boolean): Promise<boolean> {
  const row = await session.db.updateTable('app_user')
    .set((eb) => ({ disabled_at: disabled ? eb.fn.coalesce('disabled_at', eb.fn<Date>('now')) : null }))
    .where('id', '=', id)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** False when there is no such user. */
export async function setPasswordHash(session: Session, id: number, hash: string): Promise<boolean> {
  return (await session.db.updateTable('app_user').set({ password_hash: hash }).where('id', '=', id).returning('id').executeTakeFirst()) !== undefined;
}

export async function endSessionsOf(session: Session, userId: number): Promise<void> {
  await session.db.deleteFrom('app_session').where('user_id', '=', userId).execute();
}
