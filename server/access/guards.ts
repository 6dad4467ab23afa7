// The checks routes make before they answer, built on policy.ts: resolve
// where a unit sits, then allow, or refuse with 401/403/404. Lists are
// filtered instead: `visibleUnitIds` says which units of a level a caller may
// see, so no route has to write its own jurisdiction SQL.
import type { FastifyRequest } from 'fastify';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { requireCaller } from './access.plugin.ts';
import { type Caller, canSeeAggregates, canSeePersonalData, deepestLevelCityWide, isBoundToJurisdiction, sendsRecordsOnly, type UnitPlace } from './policy.ts';
import type { UnitLevel } from '../../geo/risk/index.ts';

const SELECT_PLACES = `SELECT unit_id, level, ward_id, district_id FROM unit_ancestry WHERE unit_id = ANY($1::int[])`;
const SELECT_INSIDE_WARD = `SELECT unit_id FROM unit_ancestry WHERE ward_id = $1 AND level = $2`;
const SELECT_INSIDE_DISTRICT = `SELECT unit_id FROM unit_ancestry WHERE district_id = $1 AND level = $2`;
const SELECT_HOUSEHOLD_UNIT = `SELECT COALESCE(block_id, ward_id) AS unit_id FROM household WHERE id = $1`;

const LEVEL_DEPTH: Record<UnitLevel, number> = { city: 0, district: 1, ward: 2, neighbourhood: 3, block: 4 };

/** Where each of these units sits, in one query; unknown ids are absent from the map. */
export async function findUnitPlaces(database: Database, unitIds: readonly number[]): Promise<Map<number, UnitPlace>> {
  const rows = await database.withSession((s) =>
    s.query<{ unit_id: number; level: UnitLevel; ward_id: number | null; district_id: number | null }>(SELECT_PLACES, [unitIds]),
  );
  return new Map(rows.map((row) => [row.unit_id, { unitId: row.unit_id, level: row.level, wardId: row.ward_id, districtId: row.district_id }]));
}

export async function findUnitPlace(database: Database, unitId: number): Promise<UnitPlace | null> {
  return (await findUnitPlaces(database, [unitId])).get(unitId) ?? null;
}

/** The caller may see this unit's aggregates (tier, indicators, history, children list); else 403. Unknown unit: 404. */
export async function requireUnitAggregates(database: Database, request: FastifyRequest, unitId: number): Promise<{ caller: Caller; place: UnitPlace }> {
  const caller = requireCaller(request);
  const place = await findUnitPlace(database, unitId);
  if (!place) throw new AppError('NOT_FOUND', `There is no unit ${unitId}.`);
  if (!canSeeAggregates(caller, place)) {
    throw new AppError('FORBIDDEN', sendsRecordsOnly(caller) ? 'A data source may only send records.' : 'This unit lies outside your jurisdiction: you see ward-level tiers and above there.');
  }
  return { caller, place };
}

/** The caller may see households and people in this unit; else 403. */
export async function requireUnitPersonalData(database: Database, request: FastifyRequest, unitId: number): Promise<{ caller: Caller; place: UnitPlace }> {
  const caller = requireCaller(request);
  const place = await findUnitPlace(database, unitId);
  if (!place) throw new AppError('NOT_FOUND', `There is no unit ${unitId}.`);
  if (!canSeePersonalData(caller, place)) throw new AppError('FORBIDDEN', 'Households and people are shown only to the ward official of their ward or district.');
  return { caller, place };
}

/** The caller may see this household (by id); else 403/404. */
export async function requireHousehold(database: Database, request: FastifyRequest, householdId: number): Promise<{ caller: Caller; place: UnitPlace }> {
  const [row] = await database.withSession((s) => s.query<{ unit_id: number }>(SELECT_HOUSEHOLD_UNIT, [householdId]));
  if (!row) throw new AppError('NOT_FOUND', `There is no household ${householdId}.`);
  return requireUnitPersonalData(database, request, row.unit_id);
}

/**
 * Which units of a level the caller may list: 'all', or the ids inside their
 * jurisdiction (possibly none). Refuses a data source outright.
 */
export async function visibleUnitIds(database: Database, caller: Caller, level: UnitLevel): Promise<'all' | Set<number>> {
  const deepest = deepestLevelCityWide(caller);
  if (deepest === null) throw new AppError('FORBIDDEN', 'A data source may only send records.');
  if (LEVEL_DEPTH[level] <= LEVEL_DEPTH[deepest]) return 'all';
  const j = caller.jurisdiction;
  if (!j) return new Set();
  const rows = await database.withSession((s) => s.query<{ unit_id: number }>(j.level === 'ward' ? SELECT_INSIDE_WARD : SELECT_INSIDE_DISTRICT, [j.unitId, level]));
  return new Set(rows.map((r) => r.unit_id));
}

/** Units (ward or district ids) whose households the caller may see, or null for none. */
export function personalDataScope(caller: Caller): { wardId: number } | { districtId: number } | null {
  if (!isBoundToJurisdiction(caller) || !caller.jurisdiction) return null;
  return caller.jurisdiction.level === 'ward' ? { wardId: caller.jurisdiction.unitId } : { districtId: caller.jurisdiction.unitId };
}
