// Who may do what with aid rounds, on top of access/policy.ts:
//  - create: a ward official for a zone wholly inside their ward/district, or an admin;
//  - see rounds and progress: city leaders, planners, admins (all rounds);
//    ward officials (rounds touching their unit; progress outside it only at
//    ward level and above, as for tiers);
//  - households (addresses), CSV, delivery marks: only a ward official, and
//    only households inside their unit.
// Data sources see nothing.
import { type Caller, canCreateAidRound, canSeeAggregates, canSeePersonalData, isBoundToJurisdiction, isInsideJurisdiction, mustSuppressSmallCounts, sendsRecordsOnly, type UnitPlace } from '../access/policy.ts';
import type { UnitLevel } from '../../geo/risk/index.ts';
import { AppError } from '../errors.ts';
import type { HouseholdScope, RoundRow, ZoneUnitRow } from './aid.repo.ts';

const jurisdictionText = (caller: Caller) => `your ${caller.jurisdiction?.level ?? 'unit'} (unit ${caller.jurisdiction?.unitId ?? '?'})`;

function refuseDataSource(caller: Caller): void {
  if (sendsRecordsOnly(caller)) throw new AppError('FORBIDDEN', 'A data source may only send records.');
}

/** Ward officials (inside their unit) and admins create rounds. */
export function requireCreateRole(caller: Caller): void {
  refuseDataSource(caller);
  if (!canCreateAidRound(caller)) {
    throw new AppError('FORBIDDEN', 'Aid rounds are created by ward officials (for their own ward or district) and admins.');
  }
}

const placeOf = (u: { unit_id: number; level: string; ward_id: number | null; district_id: number | null }): UnitPlace =>
  ({ unitId: u.unit_id, level: u.level as UnitLevel, wardId: u.ward_id, districtId: u.district_id });

/** Every unit naming the zone must lie inside a ward official's unit; else 403 naming the first unit outside. */
export function requireZoneUnitsInside(caller: Caller, units: readonly ZoneUnitRow[]): void {
  if (!isBoundToJurisdiction(caller)) return;
  const outside = units.find((u) => !isInsideJurisdiction(caller, placeOf(u)));
  if (outside) {
    throw new AppError('AID_ZONE_OUTSIDE_JURISDICTION',
      `Unit ${outside.name} (${outside.code}, id ${outside.unit_id}) lies outside ${jurisdictionText(caller)}: an aid round may only cover your own area. Nothing was created.`,
      { unitId: outside.unit_id });
  }
}

/** Every selected household must lie inside a ward official's unit (a drawn zone may reach over the edge); else 403 naming its ward. */
export function requireHouseholdsInside(caller: Caller, households: readonly { householdId: number; wardId: number; districtId: number }[], wardNames: ReadonlyMap<number, string>): void {
  if (!isBoundToJurisdiction(caller)) return;
  const outside = households.find((h) => !isInsideJurisdiction(caller, { unitId: h.wardId, level: 'ward', wardId: h.wardId, districtId: h.districtId }));
  if (outside) {
    throw new AppError('AID_ZONE_OUTSIDE_JURISDICTION',
      `The zone reaches into ward ${wardNames.get(outside.wardId) ?? ''} (id ${outside.wardId}), outside ${jurisdictionText(caller)}: an aid round may only cover your own area. Nothing was created.`,
      { unitId: outside.wardId });
  }
}

/** The part of the city whose rounds a caller lists: null ids = everything. */
export function roundListScope(caller: Caller): HouseholdScope {
  refuseDataSource(caller);
  if (!isBoundToJurisdiction(caller)) return { wardId: null, districtId: null };
  const j = caller.jurisdiction;
  if (!j) return { wardId: -1, districtId: -1 };
  return j.level === 'ward' ? { wardId: j.unitId, districtId: null } : { wardId: null, districtId: j.unitId };
}

/** The caller may see this round (summary and progress); else 403/404. */
export function requireRoundVisible(caller: Caller, round: RoundRow): void {
  const scope = roundListScope(caller);
  const touches = (scope.wardId === null || round.ward_ids.map(Number).includes(scope.wardId))
    && (scope.districtId === null || round.district_ids.map(Number).includes(scope.districtId));
  if (!touches) throw new AppError('FORBIDDEN', `Aid round ${round.id} does not cover ${jurisdictionText(caller)}.`);
}

/** Households (addresses) of a round: only a ward official's own part of it. Returns the scope to filter by. */
export function requireRoundHouseholds(caller: Caller, round: RoundRow): HouseholdScope {
  refuseDataSource(caller);
  if (!isBoundToJurisdiction(caller)) {
    throw new AppError('FORBIDDEN', 'Households of an aid round (addresses) are shown only to the ward official of their ward or district; you may see the round\'s progress.');
  }
  requireRoundVisible(caller, round);
  return roundListScope(caller);
}

/** A unit filter on the household list must lie inside the official's unit; else 403 naming it. */
export function requireUnitFilterInside(caller: Caller, unit: ZoneUnitRow): void {
  if (!canSeePersonalData(caller, placeOf(unit))) {
    throw new AppError('FORBIDDEN', `Unit ${unit.name} (${unit.code}, id ${unit.unit_id}) lies outside ${jurisdictionText(caller)}: its households are not shown to you.`, { unitId: unit.unit_id });
  }
}

/** Delivery marks are for ward officials only (the same answer whatever the household). */
export function requireDeliveryRole(caller: Caller): void {
  refuseDataSource(caller);
  if (!isBoundToJurisdiction(caller)) throw new AppError('FORBIDDEN', 'Deliveries are marked by ward officials.');
}

/** A ward official marks households of their own ward or district only; the caller answers "not found" otherwise, as for a household not in the round. */
export function mayMarkDelivery(caller: Caller, household: { wardId: number; districtId: number }): boolean {
  return isInsideJurisdiction(caller, { unitId: household.wardId, level: 'ward', wardId: household.wardId, districtId: household.districtId });
}

/** Which progress rows a caller sees, and whether their counts are suppressed (see access/suppression.ts). */
export function progressVisibility(caller: Caller, place: UnitPlace): 'hidden' | 'suppressed' | 'exact' {
  if (!canSeeAggregates(caller, place)) return 'hidden';
  return mustSuppressSmallCounts(caller, place) ? 'suppressed' : 'exact';
}
