// Data sources as the admin tool reads and changes them: sites with their
// district, the API keys of their accounts, and the site's account.
import type { Session } from '../db/database.ts';
import type { DB } from '../db/database.generated.ts';

export async function selectDistrictId(session: Session, code: string): Promise<number | null> {
  const row = await session.db.selectFrom('unit').select('id').where('code', '=', code).where('level', '=', 'district').executeTakeFirst();
  return row?.id ?? null;
}

/** The new source's id, or null when the code is taken. */
export async function insertSource(
  session: Session,
  source: { code: string; name: string; kind: DB['source']['kind']; districtId: number | null; requireNationalId: boolean },
): Promise<number | null> {
  const row = await session.db.insertInto('source')
    .values({ code: source.code, name: source.name, kind: source.kind, district_id: source.districtId, require_national_id: source.requireNationalId })
    .onConflict((conflict) => conflict.column('code').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Every source with its district, by code. */
export function selectSources(session: Session) {
  return session.db.selectFrom('source as s')
    .leftJoin('unit as d', 'd.id', 's.district_id')
    .select(['s.id', 's.code', 's.name', 's.kind', 's.require_national_id', 's.column_mapping', 's.created_at', 'd.id as district_id', 'd.code as district_code', 'd.name as district_name'])
    .orderBy('s.code')
    .execute();
}

/** The API keys of every site account, by id. */
export function selectSourceKeys(session: Session) {
  return session.db.selectFrom('api_key as k')
    .innerJoin('app_user as u', 'u.id', 'k.user_id')
    .select(['k.id', 'k.key_prefix', 'k.label', 'u.username', 'u.source_id', 'k.created_at', 'k.last_used_at', 'k.revoked_at'])
    .where('u.source_id', 'is not', null)
    .orderBy('k.id')
    .execute();
}

export function selectSourceById(session: Session, id: number) {
  return session.db.selectFrom('source').select(['id', 'code']).where('id', '=', id).executeTakeFirst();
}

/** The site's first enabled data_source account. */
export async function selectSiteAccount(session: Session, sourceId: number): Promise<string | null> {
  const row = await session.db.selectFrom('app_user').select('username')
    .where('source_id', '=', sourceId).where('role', '=', 'data_source').where('disabled_at', 'is', null)
    .orderBy('id').limit(1).executeTakeFirst();
  return row?.username ?? null;
}

export async function usernameExists(session: Session, username: string): Promise<boolean> {
  return (await session.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirst()) !== undefined;
}

/** Revokes an active key of the source's accounts; false when there is none. */
export async function revokeKeyOfSource(session: Session, sourceId: number, keyId: number): Promise<boolean> {
  const row = await session.db.updateTable('api_key as k')
    .set((eb) => ({ revoked_at: eb.fn<Date>('now') }))
    .from('app_user as u')
    .whereRef('u.id', '=', 'k.user_id')
    .where('k.id', '=', keyId)
    .where('u.source_id', '=', sourceId)
    .where('k.revoked_at', 'is', null)
    .returning('k.id')
    .executeTakeFirst();
  return row !== undefined;
}

/** False when there is no such source. */
export async function clearColumnMapping(session: Session, sourceId: number): Promise<boolean> {
  return (await session.db.updateTable('source').set({ column_mapping: null }).where('id', '=', sourceId).returning('id').executeTakeFirst()) !== undefined;
}
