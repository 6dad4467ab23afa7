// What of a live event a caller may see. Events carry unit ids, tiers and
// days only (never personal data or counts); a ward official sees changes of
// units at ward level and above anywhere, and of every unit inside their
// jurisdiction; roles that see the whole city see everything.
import type { Database } from '../db/database.ts';
import { deepestLevelCityWide, type Caller } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import type { LiveEvent } from './live.repo.ts';

/** The units a caller may hear about: 'all', or an explicit set. */
export type LiveScope = 'all' | Set<number>;

const SELECT_WARD_AND_ABOVE = `SELECT id FROM unit WHERE level IN ('city', 'district', 'ward')`;
const SELECT_INSIDE_WARD = `SELECT unit_id FROM unit_ancestry WHERE ward_id = $1`;
const SELECT_INSIDE_DISTRICT = `SELECT unit_id FROM unit_ancestry WHERE district_id = $1`;

/** Works out once per connection which units the caller may hear about; refuses a data source. */
export async function resolveLiveScope(database: Database, caller: Caller): Promise<LiveScope> {
  const deepest = deepestLevelCityWide(caller);
  if (deepest === null) throw new AppError('FORBIDDEN', 'A data source may only send records.');
  if (deepest === 'block') return 'all';
  const j = caller.jurisdiction;
  const rows = await database.withSession(async (s) => [
    ...(await s.query<{ id: number }>(SELECT_WARD_AND_ABOVE)).map((r) => r.id),
    ...(j ? (await s.query<{ unit_id: number }>(j.level === 'ward' ? SELECT_INSIDE_WARD : SELECT_INSIDE_DISTRICT, [j.unitId])).map((r) => r.unit_id) : []),
  ]);
  return new Set(rows);
}

/** The event as this caller may see it, or null to skip it. */
export function filterLiveEventForCaller(event: LiveEvent, scope: LiveScope): LiveEvent | null {
  if (scope === 'all') return event;
  const payload = event.payload;
  const units = payload.units === null ? null : payload.units.filter((id) => scope.has(id));
  const tiers = payload.tiers === null ? null : payload.tiers.filter(([id]) => scope.has(id));
  if (units !== null && tiers !== null && units.length === 0 && tiers.length === 0 && !payload.full) return null;
  return { ...event, payload: { ...payload, units, tiers } };
}
