// Saved zones: create (units or polygon, checked and kept inside the caller's
// jurisdiction), list, read, delete, and `resolveZone`, the one shape other
// features (reports, aid rounds) read a zone in.
import type { Database, Session } from '../db/database.ts';
import { findUnitPlaces } from '../access/guards.ts';
import { type Caller, canAdminister, isBoundToJurisdiction, isInsideJurisdiction, sendsRecordsOnly } from '../access/policy.ts';
import { AppError } from '../errors.ts';
import { normaliseZoneGeometry } from './zone-geometry.ts';
import { zoneGeometryOffLoop } from '../ingest/body.pool.ts';
import {
  checkGeometry, deleteZone, insertPolygonZone, insertUnitsZone, selectOutsideShare, selectUnitLevels, selectZone, selectZonesOf, type ZoneRow,
} from './zones.repo.ts';

/** A zone as other features use it. districtIds: the districts it touches, for routing queries on large tables. */
export type ZoneArea = { id: number; name: string; kind: 'units' | 'polygon'; unitIds: number[]; geometryGeoJson: string | null; districtIds: number[] };

export interface ZoneView extends ZoneArea {
  ownerId: number;
  shared: boolean;
  unitLevel: string | null;
  createdAt: string;
}

/** Share of a polygon's area that may fall outside a ward official's boundary (drawing slack along the edge). */
export const JURISDICTION_SLACK = 0.01;
export const ZONE_UNIT_LEVELS = ['district', 'ward', 'neighbourhood', 'block'] as const;
export type ZoneUnitLevel = (typeof ZONE_UNIT_LEVELS)[number];

const toArea = (r: ZoneRow): ZoneArea => ({
  id: r.id, name: r.name, kind: r.kind, unitIds: r.unit_ids.map(Number), geometryGeoJson: r.geometry, districtIds: r.district_ids.map(Number),
});
const toView = (r: ZoneRow): ZoneView => ({ ...toArea(r), ownerId: r.owner_id, shared: r.shared, unitLevel: r.unit_level, createdAt: r.created_at });

/** The zone's units (chosen, or of its level inside the polygon), polygon and districts. 404 when there is no such zone. */
export async function resolveZone(session: Session, zoneId: number): Promise<ZoneArea> {
  const row = await selectZone(session, zoneId);
  if (!row) throw new AppError('NOT_FOUND', `There is no zone ${zoneId}.`);
  return toArea(row);
}

/** Owner, shared, or admin may read a zone. */
export async function readZone(database: Database, caller: Caller, zoneId: number): Promise<ZoneView> {
  const row = await database.withSession((s) => selectZone(s, zoneId));
  if (!row || (!row.shared && row.owner_id !== caller.userId && !canAdminister(caller))) throw new AppError('NOT_FOUND', `There is no zone ${zoneId} of yours.`);
  return toView(row);
}

export async function listZones(database: Database, caller: Caller): Promise<ZoneView[]> {
  return (await database.withSession((s) => selectZonesOf(s, caller.userId, canAdminister(caller)))).map(toView);
}

export async function removeZone(database: Database, caller: Caller, zoneId: number): Promise<void> {
  const zone = await readZone(database, caller, zoneId);
  if (zone.ownerId !== caller.userId && !canAdminister(caller)) throw new AppError('FORBIDDEN', 'Only the zone\'s owner or an admin may delete it.');
  await database.withSession((s) => deleteZone(s, zoneId));
}

const outsideMessage = (caller: Caller) =>
  `A ward official's zone must lie inside their ${caller.jurisdiction?.level ?? 'unit'} (unit ${caller.jurisdiction?.unitId ?? '?'}).`;

function requireZoneRole(caller: Caller): void {
  if (sendsRecordsOnly(caller)) throw new AppError('FORBIDDEN', 'A data source may only send records.');
}

function zoneName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new AppError('BAD_REQUEST', 'name is empty: give the zone a name');
  return trimmed;
}

export async function createUnitsZone(database: Database, caller: Caller, input: { name: string; unitIds: number[]; shared?: boolean }): Promise<ZoneView> {
  requireZoneRole(caller);
  const name = zoneName(input.name);
  const unitIds = [...new Set(input.unitIds)];
  if (unitIds.length === 0) throw new AppError('ZONE_EMPTY', 'unitIds is empty: choose at least one unit');
  const levels = await database.withSession((s) => selectUnitLevels(s, unitIds));
  const missing = unitIds.filter((id) => !levels.has(id));
  if (missing.length > 0) throw new AppError('NOT_FOUND', `There is no unit ${missing.join(', ')}.`, { unitIds: missing });
  const city = unitIds.filter((id) => levels.get(id) === 'city');
  if (city.length > 0) throw new AppError('BAD_REQUEST', `unit ${city[0]} is the city: choose districts or smaller units`, { unitIds: city });
  if (isBoundToJurisdiction(caller)) {
    const places = await findUnitPlaces(database, unitIds);
    for (const id of unitIds) {
      const place = places.get(id);
      if (!place || !isInsideJurisdiction(caller, place)) {
        throw new AppError('ZONE_OUTSIDE_JURISDICTION', `Unit ${id} lies outside your jurisdiction. ${outsideMessage(caller)}`, { unitId: id });
      }
    }
  }
  const id = await database.withSession((s) => insertUnitsZone(s, { name, ownerId: caller.userId, shared: input.shared ?? false, unitIds }));
  return readZone(database, caller, id);
}

export async function createPolygonZone(
  database: Database, caller: Caller, input: { name: string; geometry: unknown; level?: ZoneUnitLevel; shared?: boolean },
): Promise<ZoneView> {
  requireZoneRole(caller);
  const name = zoneName(input.name);
  // harden (#15 pt 1): a large polygon is checked in the body worker, off the event loop.
  const geometryGeoJson = JSON.stringify(await zoneGeometryOffLoop(input.geometry, normaliseZoneGeometry));
  const id = await database.withSession(async (s) => {
    const check = await checkGeometry(s, geometryGeoJson);
    if (check.empty) throw new AppError('ZONE_EMPTY', 'geometry has no area');
    if (!check.valid) throw new AppError('ZONE_SELF_INTERSECTION', `geometry is not a valid polygon: ${check.reason}`, { reason: check.reason });
    if (isBoundToJurisdiction(caller)) {
      const outside = await selectOutsideShare(s, geometryGeoJson, caller.jurisdiction?.unitId ?? -1);
      if (outside > JURISDICTION_SLACK) {
        throw new AppError('ZONE_OUTSIDE_JURISDICTION', `${(outside * 100).toFixed(1)}% of the polygon lies outside your jurisdiction. ${outsideMessage(caller)}`, { outsideShare: Number(outside.toFixed(4)) });
      }
    }
    return insertPolygonZone(s, { name, ownerId: caller.userId, shared: input.shared ?? false, level: input.level ?? 'block', geometryGeoJson });
  });
  const zone = await readZone(database, caller, id);
  if (zone.unitIds.length === 0) {
    await database.withSession((s) => deleteZone(s, id));
    throw new AppError('ZONE_EMPTY', `no ${input.level ?? 'block'} has its interior point inside the polygon: draw a larger area or choose a coarser level`);
  }
  return zone;
}
