// Households as the API gives them to a ward official (types only).
import type { Static } from 'typebox';
import type { HouseholdResponse } from '../../../server/risk/households.routes.ts';
import type { BlockHouseholds } from '../api/types.ts';

export type HouseholdDetail = Static<typeof HouseholdResponse>;
export type BlockHousehold = BlockHouseholds['households'][number];

/** The flags shown, in order; pendingRetest arrives with truth-cases (#14) and is optional until then. */
export const HOUSEHOLD_FLAG_KEYS = ['activeCase', 'pendingRetest', 'caseInBlock14d', 'unvaccinatedMember65', 'overdueSecondDose'] as const;
export type HouseholdFlagKey = (typeof HOUSEHOLD_FLAG_KEYS)[number];

/** The flags that are set, in display order (an absent flag counts as not set). */
export function listRaisedFlags(flags: Partial<Record<HouseholdFlagKey, unknown>>): HouseholdFlagKey[] {
  return HOUSEHOLD_FLAG_KEYS.filter((key) => flags[key] === true);
}
