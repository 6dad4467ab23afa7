// What of a live event a caller may see. Events carry unit ids, tiers and
// days only (never personal data); a ward official sees changes of
// units at ward level and above anywhere, and of every unit inside their
// jurisdiction; roles that see the whole city see everything. Aid events
// (delivery counts per unit of a round) go to callers who may see the round,
// with the per-unit rows and small-count suppression of its progress API.
import type { Database } from '../db/database.ts';
import { canSeeAggregates, deepestLevelCityWide, isBoundToJurisdiction, mustSuppressSmallCounts, type Caller } from '../access/policy.ts';
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

/** Who is listening, for aid events: the caller and the suppression threshold (RISKMAP_SUPPRESS_BELOW). */
export interface LiveViewer { caller: Caller; threshold: number }

/** An aid event as the viewer may see it: null unless the round touches their area; progress rows as GET …/progress shows them. */
export function filterAidEvent(event: LiveEvent, viewer: LiveViewer): LiveEvent | null {
  const aid = event.payload.aid;
  if (!aid) return null;
  const { caller, threshold } = viewer;
  if (deepestLevelCityWide(caller) === null) return null;
  if (isBoundToJurisdiction(caller)) {
    const j = caller.jurisdiction;
    if (!j || !(j.level === 'ward' ? aid.wardIds : aid.districtIds).includes(j.unitId)) return null;
  }
  const progress = aid.progress.flatMap((p) => {
    const place = { unitId: p.unitId, level: p.level, wardId: p.wardId, districtId: p.districtId };
    if (!canSeeAggregates(caller, place)) return [];
    if (!mustSuppressSmallCounts(caller, place)) return [p];
    // Without the round's other rows at hand the event cannot apply complementary suppression, so it never
    // shows more than GET …/progress: counts coarsened to "<N"/"≥N" (zero stays 0); the client refetches the numbers.
    const coarse = (n: number) => (n === 0 ? 0 : n < threshold ? `<${threshold}` : `≥${threshold}`);
    return [{ ...p, delivered: coarse(Number(p.delivered)), total: coarse(Number(p.total)) }];
  });
  return { ...event, payload: { ...event.payload, units: progress.map((p) => p.unitId), aid: { ...aid, progress } } };
}

/** The event as this caller may see it, or null to skip it. Aid events need the viewer (without one they are skipped). */
export function filterLiveEventForCaller(event: LiveEvent, scope: LiveScope, viewer?: LiveViewer): LiveEvent | null {
  if (event.kind === 'aid') return viewer ? filterAidEvent(event, viewer) : null;
  if (scope === 'all') return event;
  const payload = event.payload;
  const units = payload.units === null ? null : payload.units.filter((id) => scope.has(id));
  const tiers = payload.tiers === null ? null : payload.tiers.filter(([id]) => scope.has(id));
  if (units !== null && tiers !== null && units.length === 0 && tiers.length === 0 && !payload.full) return null;
  return { ...event, payload: { ...payload, units, tiers } };
}
