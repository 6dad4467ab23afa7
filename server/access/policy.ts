// Who may see what: the rules of issue 9 in one place, as pure functions of
// the caller and the unit asked about. Every route asks these; none decides
// on its own.
import type { UnitLevel } from '../../geo/risk/index.ts';
import {  } from './policy.ts';

export type Role = 'city_leader' | 'ward_official' | 'planner' | 'data_source' | 'admin';
export const ROLES: readonly Role[] = ['city_leader', 'ward_official', 'planner', 'data_source', 'admin'];

const LEVEL_DEPTH: Record<UnitLevel, number> = { city: 0, district: 1, ward: 2, neighbourhood: 3, block: 4 };

export interface Caller {
  userId: number;
  username: string;
  role: Role;
  /** A ward official's unit (a ward or a district) and its level; null for other roles. */
  jurisdiction: { unitId: number; level: 'ward' | 'district' } | null;
  /** A data source's site. */
  sourceId: number | null;
  via: 'session' | 'api-key';
}

/** Where a unit sits: its own level, ward and district (from the unit_ancestry view). */
export interface UnitPlace {
  unitId: number;
  level: UnitLevel;
  wardId: number | null;
  districtId: number | null;
}

/** True when the unit lies inside the caller's jurisdiction (a ward official's ward or district). */
export function isInsideJurisdiction(caller: Caller, unit: UnitPlace): boolean {
  const j = caller.jurisdiction;
  if (!j) return false;
  if (j.level === 'district') return unit.districtId === j.unitId && LEVEL_DEPTH[unit.level] >= LEVEL_DEPTH.district;
  return unit.wardId === j.unitId;
}

/** May the caller see aggregates (counts, indicators, tiers) of this unit? */
export function canSeeAggregates(caller: Caller, unit: Pick<UnitPlace, 'level'> & Partial<UnitPlace>): boolean {
  switch (caller.role) {
    case 'city_leader':
    case 'planner':
    case 'admin':
      return true; // the whole city, down to blocks
    case 'ward_official':
      // Outside their unit: only ward-level tiers and above.
      return LEVEL_DEPTH[unit.level] <= LEVEL_DEPTH.ward || (unit.unitId !== undefined && isInsideJurisdiction(caller, unit as UnitPlace));
    case 'data_source':
      return false;
  }
}

/** The deepest unit level the caller may list anywhere in the city (used to refuse a whole level at once). */
export function deepestLevelCityWide(caller: Caller): UnitLevel | null {
  if (caller.role === 'data_source') return null;
  return caller.role === 'ward_official' ? 'ward' : 'block';
}

/** May the caller see households and the people in them, in this unit? Only a ward official, inside their unit. */
export function canSeePersonalData(caller: Caller, unit: UnitPlace): boolean {
  return caller.role === 'ward_official' && isInsideJurisdiction(caller, unit);
}

/** Small counts are hidden from everyone who may not see the individuals behind them. */
export function mustSuppressSmallCounts(caller: Caller, unit: UnitPlace): boolean {
  return !canSeePersonalData(caller, unit);
}

/** May the caller send records as this source? Only the source's own key (or its user). */
export function canIngestAs(caller: Caller, sourceId: number): boolean {
  return caller.role === 'data_source' && caller.sourceId === sourceId;
}

/** The site a data source sends as (its key decides, not a parameter); null for everyone else. */
export function ownSourceOf(caller: Caller): number | null {
  return caller.role === 'data_source' ? caller.sourceId : null;
}

/** Naming the source to send as (re-running a site's corrected file): admins only. */
export function canSendAsNamedSource(caller: Caller): boolean {
  return caller.role === 'admin';
}

/** A data source only sends records: it reads no map, tiles or aid rounds. */
export function sendsRecordsOnly(caller: Caller): boolean {
  return caller.role === 'data_source';
}

/** Callers whose reach is their own ward or district (ward officials); everyone else's is the city or none. */
export function isBoundToJurisdiction(caller: Caller): boolean {
  return caller.role === 'ward_official';
}

/** The national push report (what left for the national system, what it refused): admins and city leaders. */
export function canSeeNationalPush(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'city_leader';
}

/** Aid rounds are created by ward officials (for their own unit) and admins. */
export function canCreateAidRound(caller: Caller): boolean {
  return caller.role === 'ward_official' || caller.role === 'admin';
}

/** Users, rule sets and capacity inputs. */
export function canAdminister(caller: Caller): boolean {
  return caller.role === 'admin';
}

// ── Data desk, administration and alerts (issue 17) ──

/** Users, data sources and their keys, the audit log (the admin tool). */
export function canManageAccounts(caller: Caller): boolean {
  return caller.role === 'admin';
}

/** A site's counts, batches and rejects: the site itself (its key or user) and admins. */
export function canSeeSourceDesk(caller: Caller, sourceId: number): boolean {
  return caller.role === 'admin' || (caller.role === 'data_source' && caller.sourceId === sourceId);
}

/** Correcting a site's rejected rows (raw rows with personal data): the site itself and admins. */
export function canFixRejectsOf(caller: Caller, sourceId: number): boolean {
  return canSeeSourceDesk(caller, sourceId);
}

/** Held record–person pairs are listed to ward officials (their own) and admins (all). */
export function canListHeldPairs(caller: Caller): boolean {
  return caller.role === 'admin' || caller.role === 'ward_official';
}

/** Deciding (or undoing) a held pair whose candidate person lives at `candidate` (null: not placed). */
export function canDecideHeldPair(caller: Caller, candidate: UnitPlace | null): boolean {
  if (caller.role === 'admin') return true;
  return caller.role === 'ward_official' && candidate !== null && isInsideJurisdiction(caller, candidate);
}

/** The data-quality layer (shares per unit, no personal data): everyone who sees aggregates. */
export function canSeeDataQuality(caller: Caller): boolean {
  return caller.role !== 'data_source';
}

/** Tier-change alerts (follows, notifications, webhooks): everyone who sees tiers, not data sources. */
export function canReceiveAlerts(caller: Caller): boolean {
  return caller.role !== 'data_source';
}

/** Following a unit's tier: anyone who may see the unit's tier. */
export function canFollowUnit(caller: Caller, unit: UnitPlace): boolean {
  return canSeeAggregates(caller, unit);
}
