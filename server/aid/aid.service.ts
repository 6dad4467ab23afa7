// Aid rounds: create (zone + date + criteria → a frozen household list),
// list, read, households, delivery marks and progress. Routes call these
// with the caller; jurisdiction rules are in aid.access.ts.
import { toDayNumber, type RuleSet, type UnitLevel } from '../../geo/risk/index.ts';
import { type Caller, isBoundToJurisdiction } from '../access/policy.ts';
import type { Database, Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { findRuleSet, listLevelUnits } from '../risk/unit-risk.service.ts';
import { readZone } from '../zones/zones.service.ts';
import type { ShownCount } from '../access/suppression.ts';
import { protectRound } from './aid-suppress.ts';
import {
  requireCreateRole, requireHouseholdsInside, requireRoundVisible, requireZoneUnitsInside, roundListScope,
} from './aid.access.ts';
import {
  insertRound, insertRoundHouseholds, selectRound, selectRounds, selectUnitNames, selectZoneUnits, type NewRoundHousehold, type ProgressLevel, type RoundRow,
} from './aid.repo.ts';
import { gradeZoneHouseholds, type ZoneHousehold, type ZoneSource } from './zone-households.service.ts';

/** Household flags a round can select on (any of the chosen ones). */
export const AID_FLAGS = ['activeCase', 'caseInBlock14d', 'unvaccinatedMember65', 'overdueSecondDose'] as const;
export type AidFlag = (typeof AID_FLAGS)[number];

export interface AidCriteria {
  /** Households in units of `level` whose tier (rule set, round date) is `atLeast` or riskier. */
  tier?: { ruleSet?: string; level: ProgressLevel; atLeast: string } | null;
  /** Households with any of these flags on the round date. */
  flags?: AidFlag[];
}

export interface CreateRoundInput {
  name: string;
  zoneId?: number;
  unitIds?: number[];
  date: string;
  criteria: AidCriteria;
}

const MAX_ZONE_UNITS = 1000;

/** Units of `level` at or above tier `atLeast` on `date`, as the map shows them (stored runs, baseline when none). */
async function unitsAtOrAbove(session: Session, tier: NonNullable<AidCriteria['tier']>, date: string): Promise<Set<number>> {
  const { ruleSet } = await findRuleSet(session, tier.ruleSet);
  if (!ruleSet.levels.includes(tier.level as UnitLevel)) {
    throw new AppError('AID_BAD_CRITERIA', `criteria.tier.level: rule set ${ruleSet.id} does not grade ${tier.level} units; it grades ${ruleSet.levels.join(', ')}`);
  }
  const sorted: RuleSet['tiers'] = [...ruleSet.tiers].sort((a, b) => a.order - b.order);
  const threshold = sorted.find((t) => t.id === tier.atLeast);
  if (!threshold) {
    throw new AppError('AID_BAD_CRITERIA', `criteria.tier.atLeast: rule set ${ruleSet.id} has no tier "${tier.atLeast}"; its tiers are ${sorted.map((t) => t.id).join(', ')}`);
  }
  const columns = await listLevelUnits(session, tier.level as UnitLevel, date, ruleSet.id);
  const selected = new Set<number>();
  columns.id.forEach((id, i) => {
    const index = columns.tier[i] as number;
    if (index >= 0 && index < sorted.length && (sorted[index] as { order: number }).order >= threshold.order) selected.add(id);
  });
  return selected;
}

const LEVEL_OF_HOUSEHOLD: Record<ProgressLevel, (h: ZoneHousehold) => number | null> = {
  district: (h) => h.districtId, ward: (h) => h.wardId, neighbourhood: (h) => h.neighbourhoodId, block: (h) => h.blockId,
};

/** The households that meet the criteria (tier AND any flag; an absent part does not filter). */
export async function selectByCriteria(session: Session, households: readonly ZoneHousehold[], criteria: AidCriteria, date: string): Promise<ZoneHousehold[]> {
  let chosen = [...households];
  if (criteria.tier) {
    const units = await unitsAtOrAbove(session, criteria.tier, date);
    const unitOf = LEVEL_OF_HOUSEHOLD[criteria.tier.level];
    chosen = chosen.filter((h) => { const u = unitOf(h); return u !== null && units.has(u); });
  }
  const flags = criteria.flags ?? [];
  if (flags.length > 0) chosen = chosen.filter((h) => flags.some((f) => h.flags[f]));
  return chosen;
}

/** The zone's defining units, and the saved zone's id when the round is built from one. */
async function resolveSource(database: Database, caller: Caller, input: CreateRoundInput): Promise<{ unitIds: number[]; zoneId: number | null }> {
  if ((input.zoneId === undefined) === (input.unitIds === undefined)) {
    throw new AppError('BAD_REQUEST', 'body: give the zone either as zoneId (a saved zone) or as unitIds, not both and not neither');
  }
  if (input.zoneId !== undefined) {
    const zone = await readZone(database, caller, input.zoneId);
    return { unitIds: zone.unitIds, zoneId: zone.id };
  }
  const unitIds = [...new Set(input.unitIds as number[])];
  if (unitIds.length === 0) throw new AppError('BAD_REQUEST', 'unitIds is empty: choose at least one unit');
  if (unitIds.length > MAX_ZONE_UNITS) throw new AppError('BAD_REQUEST', `unitIds has ${unitIds.length} units; at most ${MAX_ZONE_UNITS} (save a zone for larger areas)`);
  return { unitIds, zoneId: null };
}

function toNewHousehold(h: ZoneHousehold): NewRoundHousehold {
  return {
    districtId: h.districtId, householdId: h.householdId, wardId: h.wardId, neighbourhoodId: h.neighbourhoodId, blockId: h.blockId,
    address: h.address, memberCount: h.memberCount, activeCase: h.flags.activeCase, caseInBlock14d: h.flags.caseInBlock14d,
    unvaccinated65: h.flags.unvaccinatedMember65, overdueSecondDose: h.flags.overdueSecondDose, tier: h.tier,
  };
}

const sortedUnique = (values: Iterable<number | null>) => [...new Set([...values].filter((v): v is number => v !== null))].sort((a, b) => a - b);

/**
 * Creates a round: checks the zone lies inside the caller's area (403, nothing
 * written), grades the zone's households on the date, keeps those meeting the
 * criteria and stores them with the round in one transaction.
 */
export async function createRound(database: Database, caller: Caller, input: CreateRoundInput): Promise<RoundRow> {
  requireCreateRole(caller);
  if (toDayNumber(input.date) === null) throw new AppError('BAD_REQUEST', `date: "${input.date}" is not a calendar date (YYYY-MM-DD)`);
  const name = input.name.trim();
  if (name.length === 0) throw new AppError('BAD_REQUEST', 'name: give the round a name');
  const { unitIds, zoneId } = await resolveSource(database, caller, input);
  const chosen = await database.withSession(async (s) => {
    const units = await selectZoneUnits(s, unitIds);
    const missing = unitIds.filter((id) => !units.some((u) => u.unit_id === id));
    if (missing.length > 0) throw new AppError('NOT_FOUND', `There is no unit ${missing.join(', ')}.`, { unitIds: missing });
    const city = units.find((u) => u.level === 'city');
    if (city) throw new AppError('BAD_REQUEST', `unit ${city.unit_id} is the city: choose districts or smaller units`, { unitIds: [city.unit_id] });
    requireZoneUnitsInside(caller, units);
    const zone: ZoneSource = zoneId !== null ? { zoneId } : { unitIds, districtIds: sortedUnique(units.map((u) => u.district_id)) };
    const households = await gradeZoneHouseholds(s, zone, input.date);
    requireHouseholdsInside(caller, households, await selectUnitNames(s, sortedUnique(households.map((h) => h.wardId))));
    const selected = await selectByCriteria(s, households, input.criteria, input.date);
    return { selected, units };
  });
  const wardIds = sortedUnique([...chosen.units.map((u) => u.ward_id), ...chosen.selected.map((h) => h.wardId)]);
  const districtIds = sortedUnique([...chosen.units.map((u) => u.district_id), ...chosen.selected.map((h) => h.districtId)]);
  const id = await database.transaction(async (s) => {
    const roundId = await insertRound(s, {
      name, zoneId, unitIds, wardIds, districtIds, date: input.date,
      criteria: { tier: input.criteria.tier ?? null, flags: input.criteria.flags ?? [] }, householdCount: chosen.selected.length, createdBy: caller.userId,
    });
    await insertRoundHouseholds(s, roundId, chosen.selected.map(toNewHousehold));
    return roundId;
  });
  return findRound(database, caller, id);
}

/** One round the caller may see; 404 when there is none. */
export async function findRound(database: Database, caller: Caller, roundId: number): Promise<RoundRow> {
  const round = await database.withSession((s) => selectRound(s, roundId));
  if (!round) throw new AppError('NOT_FOUND', `There is no aid round ${roundId}.`);
  requireRoundVisible(caller, round);
  return round;
}

export interface RoundView {
  id: number;
  name: string;
  zoneId: number | null;
  unitIds: number[];
  date: string;
  criteria: unknown;
  householdCount: ShownCount;
  deliveredCount: ShownCount;
  createdBy: string;
  createdAt: string;
  canListHouseholds: boolean;
}

/** A round as a caller sees it: counts exact only for an official whose unit holds the whole round, else by the one suppression rule (aid-suppress.ts). */
export async function toRoundView(database: Database, caller: Caller, round: RoundRow, threshold: number): Promise<RoundView> {
  const official = isBoundToJurisdiction(caller);
  const counts = await protectRound(database, caller, round, threshold);
  return {
    id: round.id, name: round.name, zoneId: round.zone_id === null ? null : Number(round.zone_id), unitIds: round.unit_ids.map(Number),
    date: round.assessment_date, criteria: round.criteria, householdCount: counts.total, deliveredCount: counts.delivered,
    createdBy: round.created_by_name, createdAt: new Date(round.created_at).toISOString(), canListHouseholds: official,
  };
}

/** The rounds the caller may see, newest first. */
export async function listRounds(database: Database, caller: Caller, threshold: number): Promise<RoundView[]> {
  const rows = await database.withSession((s) => selectRounds(s, roundListScope(caller)));
  const views: RoundView[] = [];
  for (const row of rows) views.push(await toRoundView(database, caller, row, threshold));
  return views;
}
