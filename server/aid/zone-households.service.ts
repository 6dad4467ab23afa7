// Household flags for every household of a zone at once: the set-based
// counterpart of risk/households.service.ts gradeBlockHouseholds, graded by
// the same pure computeHouseholdFlags / gradeHousehold. Five statements
// (households, people, active cases, doses, last cases per block) whatever
// the size of the zone, never one per block or per household.
import { computeHouseholdFlags, gradeHousehold, type HouseholdFlags, type HouseholdMember, type HouseholdTierId } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';
import { selectLastCases, selectPeopleFacts, selectZoneHouseholds } from './aid.repo.ts';

export interface ZoneHousehold {
  districtId: number;
  householdId: number;
  wardId: number;
  neighbourhoodId: number | null;
  blockId: number | null;
  address: string;
  /** The registry's member count (household.member_count). */
  memberCount: number;
  /** Linked people (what gradeBlockHouseholds calls `members`). */
  linkedMembers: number;
  flags: HouseholdFlags;
  tier: HouseholdTierId;
}

/** A zone as the aid round reads it: a saved zone, or units (any level) with the districts they lie in. */
export type ZoneSource = { zoneId: number } | { unitIds: readonly number[]; districtIds: readonly number[] };

/** Flags and tier on `date` of every household of the zone (households of the units' subtrees, or inside the saved polygon). */
export async function gradeZoneHouseholds(session: Session, zone: ZoneSource, date: string): Promise<ZoneHousehold[]> {
  const households = await selectZoneHouseholds(session, zone);
  const people = await selectPeopleFacts(session, households, date);
  const lastCases = await selectLastCases(session, [...new Set(households.map((h) => h.block_id ?? h.ward_id))], date);
  const members = new Map<string, HouseholdMember[]>();
  for (const p of people) {
    const key = `${p.districtId}:${p.householdId}`;
    const list = members.get(key) ?? [];
    list.push({ ageYears: p.ageYears, activeCase: p.activeCase, doses: p.doses });
    members.set(key, list);
  }
  return households.map((h) => {
    const own = members.get(`${h.district_id}:${h.household_id}`) ?? [];
    const flags = computeHouseholdFlags({ assessmentDate: date, members: own, lastCaseInBlockDate: lastCases.get(h.block_id ?? h.ward_id) ?? null });
    return {
      districtId: h.district_id, householdId: h.household_id, wardId: h.ward_id, neighbourhoodId: h.neighbourhood_id,
      blockId: h.block_id, address: h.address, memberCount: h.member_count, linkedMembers: own.length,
      flags, tier: gradeHousehold(flags).tier,
    };
  });
}
