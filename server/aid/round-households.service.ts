// A round's households (the official's part of it), delivery marks and
// progress per unit. Marks are single-row conditional UPDATEs: marking twice
// keeps the first time, and two officials marking at once end with one mark
// and one count (the second UPDATE waits for the first's row lock, then finds
// delivered_at set and changes nothing).
import type { Caller } from '../access/policy.ts';
import type { ShownCount } from '../access/suppression.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { mayMarkDelivery, requireDeliveryRole, requireRoundHouseholds, requireUnitFilterInside } from './aid.access.ts';
import { protectRound } from './aid-suppress.ts';
import {
  markDelivered, selectDelivery, selectTouchedProgress, selectRoundHousehold, selectRoundHouseholds, selectZoneUnits, undoDelivered,
  type ProgressLevel, type RoundHouseholdRow,
} from './aid.repo.ts';
import { findRound } from './aid.service.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { insertLiveEvent, type AidLiveChange } from '../live/live.repo.ts';

export interface RoundHousehold {
  householdId: number;
  address: string;
  members: number;
  /** The household's block, or its ward where the ward has no blocks. */
  unitId: number;
  wardId: number;
  tier: string;
  flags: { activeCase: boolean; caseInBlock14d: boolean; unvaccinatedMember65: boolean; overdueSecondDose: boolean };
  delivered: boolean;
  deliveredAt: string | null;
  deliveredBy: string | null;
}

export interface HouseholdFilter { unitId?: number; status?: 'delivered' | 'pending'; limit?: number; offset?: number }

const isoTime = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

const toHousehold = (r: RoundHouseholdRow): RoundHousehold => ({
  householdId: Number(r.household_id), address: r.address, members: r.member_count, unitId: r.block_id ?? r.ward_id, wardId: r.ward_id,
  tier: r.household_tier,
  flags: { activeCase: r.active_case, caseInBlock14d: r.case_in_block_14d, unvaccinatedMember65: r.unvaccinated_65, overdueSecondDose: r.overdue_second_dose },
  delivered: r.delivered_at !== null, deliveredAt: isoTime(r.delivered_at), deliveredBy: r.delivered_by_name,
});

/** The caller's part of a round's households, filtered and paged (limit null = all, for the CSV). */
export async function listRoundHouseholds(database: Database, caller: Caller, roundId: number, filter: HouseholdFilter & { all?: boolean }) {
  const round = await findRound(database, caller, roundId);
  const scope = requireRoundHouseholds(caller, round);
  return database.withSession(async (s) => {
    if (filter.unitId !== undefined) {
      const [unit] = await selectZoneUnits(s, [filter.unitId]);
      if (!unit) throw new AppError('NOT_FOUND', `There is no unit ${filter.unitId}.`);
      requireUnitFilterInside(caller, unit);
    }
    const page = await selectRoundHouseholds(s, round, scope, {
      unitId: filter.unitId ?? null, status: filter.status ?? null, limit: filter.all ? null : (filter.limit ?? 100), offset: filter.all ? 0 : (filter.offset ?? 0),
    });
    return { round, total: page.total, households: page.rows.map(toHousehold) };
  });
}

export interface DeliveryState {
  roundId: number;
  householdId: number;
  delivered: boolean;
  deliveredAt: string | null;
  deliveredBy: string | null;
  /** False when the call found the household already in the asked state. */
  changed: boolean;
}

/** Marks (delivered = true) or undoes (false) a household's delivery. Idempotent. A real change publishes an 'aid' live event
 *  (the round, the household's units and their counts; never the household) in the same transaction. */
export async function setDelivery(database: Database, caller: Caller, roundId: number, householdId: number, delivered: boolean, live: LiveBus | null = null): Promise<DeliveryState> {
  const round = await findRound(database, caller, roundId);
  requireDeliveryRole(caller);
  const row = await database.withSession((s) => selectRoundHousehold(s, roundId, householdId));
  // "Not in the round" and "not yours" answer alike: a different answer would tell where a household of another ward is.
  if (!row || !mayMarkDelivery(caller, { wardId: row.ward_id, districtId: row.district_id })) {
    throw new AppError('NOT_FOUND', `Household ${householdId} is not among the households of aid round ${roundId} that you may mark.`, { householdId, roundId });
  }
  const key = { districtId: row.district_id, roundId, householdId };
  const user = { id: caller.userId, username: caller.username };
  const notify = database.capabilities.listenNotify;
  let eventId: number | null = null;
  const state = await database.transaction(async (s) => {
    const changed = delivered ? await markDelivered(s, key, user) : await undoDelivered(s, key, user);
    const now = await selectDelivery(s, key);
    if (changed) {
      const progress = (await selectTouchedProgress(s, key)).map((r) => ({
        unitId: r.unit_id, level: r.level, wardId: r.level === 'district' ? null : r.ward_id, districtId: r.district_id, delivered: r.delivered, total: r.total,
      }));
      const aid: AidLiveChange = { roundId, wardIds: round.ward_ids.map(Number), districtIds: round.district_ids.map(Number), progress };
      eventId = await insertLiveEvent(s, 'aid', { units: progress.map((p) => p.unitId), tiers: null, days: null, aid }, notify);
    }
    return {
      roundId, householdId, delivered: now?.delivered_at != null, deliveredAt: isoTime(now?.delivered_at ?? null), deliveredBy: now?.delivered_by_name ?? null, changed,
    };
  });
  if (eventId !== null && live && !live.viaNotify) await live.announceCommitted(eventId);
  return state;
}

export interface UnitProgress {
  unitId: number;
  name: string;
  total: ShownCount;
  delivered: ShownCount;
  /** A point inside the unit for the label, [lng, lat]; null when the unit has no geometry. */
  position: [number, number] | null;
}

/** Households and deliveries per unit of `level`, for the units the caller may see (small counts suppressed where they must be). */
export async function roundProgress(database: Database, caller: Caller, roundId: number, level: ProgressLevel, threshold: number) {
  const round = await findRound(database, caller, roundId);
  const counts = await protectRound(database, caller, round, threshold);
  const units: UnitProgress[] = counts.rows(level).map((r) => ({
    unitId: r.unit_id, name: r.name, total: r.shownTotal, delivered: r.shownDelivered, position: r.lng === null || r.lat === null ? null : [r.lng, r.lat],
  }));
  return { roundId, level, units };
}
