// SQL of aid rounds, each statement a named constant beside the function that
// fills it in. Rows leave here in snake_case; aid.service.ts maps them.
import type { Session } from '../db/database.ts';
import { DEFAULT_ACTIVE_DAYS } from '../aggregate/rollup-sql.ts';
import { zoneHouseholdsCte } from '../zones/zones.repo.ts';

/** The units that name a zone, with their place (for jurisdiction) and name (for messages). */
const SELECT_ZONE_UNITS = `
SELECT a.unit_id, a.level, a.ward_id, a.district_id, u.code, u.name
FROM unit_ancestry a JOIN unit u ON u.id = a.unit_id
WHERE a.unit_id = ANY($1::int[])
ORDER BY a.unit_id`;

// The households of a zone given as unit ids ($1) in districts $2: the same
// rule as zones.repo.ts zoneHouseholdsCte for a units zone (the units' subtrees),
// so a round over unit ids and one over a saved units zone select alike.
const unitHouseholdsCte = `
zone_household AS (
  SELECT h.district_id, h.id
  FROM household h
  LEFT JOIN unit b ON b.id = h.block_id
  WHERE h.district_id = ANY ($2::int[])
    AND (h.block_id = ANY ($1::int[]) OR b.parent_id = ANY ($1::int[]) OR h.ward_id = ANY ($1::int[]) OR h.district_id = ANY ($1::int[])))`;

// The zone's households with where they lie. {households} defines
// zone_household(district_id, id).
const zoneHouseholdsSql = (households: string) => `
WITH ${households}
SELECT h.district_id, h.id AS household_id, h.ward_id, h.block_id,
       CASE WHEN n.level = 'neighbourhood' THEN n.id END AS neighbourhood_id,
       h.address, h.member_count
FROM zone_household z
JOIN household h ON h.district_id = z.district_id AND h.id = z.id
LEFT JOIN unit b ON b.id = h.block_id
LEFT JOIN unit n ON n.id = b.parent_id
ORDER BY h.id`;

const SELECT_UNIT_ZONE_HOUSEHOLDS = zoneHouseholdsSql(unitHouseholdsCte);
const SELECT_SAVED_ZONE_HOUSEHOLDS = zoneHouseholdsSql(zoneHouseholdsCte('$1'));

// The people of households ($1 districts, $2 household ids) and what the flags
// need of them on $3, as gradeBlockHouseholds' SELECT_MEMBERS computes per
// person: age, an active case, doses so far. Three plain statements over id
// arrays rather than one with joins on CTEs, whose missing statistics make
// the planner pick nested loops (PostgreSQL 15, 34k people: 4.4 s for the one
// joined statement, 0.3–0.4 s for the whole grading this way).
const SELECT_PEOPLE = `
SELECT district_id, id, household_id, extract(year FROM age($3::date, birth_date))::int AS age_years
FROM person WHERE district_id = ANY ($1::int[]) AND household_id = ANY ($2::bigint[])
ORDER BY household_id, id`;

const SELECT_ACTIVE_PEOPLE = `
SELECT DISTINCT district_id, person_id FROM covid_case
WHERE district_id = ANY ($1::int[]) AND person_id = ANY ($2::bigint[])
  AND confirmed_on <= $3::date AND COALESCE(recovered_on, confirmed_on + ${DEFAULT_ACTIVE_DAYS}) > $3::date`;

const SELECT_PEOPLE_DOSES = `
SELECT district_id, person_id,
       json_agg(json_build_object('date', vaccinated_on::text, 'vaccine', vaccine_code, 'doseNumber', dose_number)) AS doses
FROM vaccination
WHERE district_id = ANY ($1::int[]) AND person_id = ANY ($2::bigint[]) AND vaccinated_on <= $3::date
GROUP BY district_id, person_id`;

// Latest case on or before $2 in each of the units $1 (as gradeBlockHouseholds' SELECT_LAST_CASE, grouped).
const SELECT_LAST_CASES = `
SELECT unit_id, max(confirmed_on)::text AS day FROM covid_case
WHERE unit_id = ANY($1::int[]) AND confirmed_on <= $2::date
GROUP BY unit_id`;

const INSERT_ROUND = `
INSERT INTO aid_round (name, zone_id, unit_ids, ward_ids, district_ids, assessment_date, criteria, household_count, created_by)
VALUES ($1, $2, $3::int[], $4::int[], $5::int[], $6::date, $7::jsonb, $8, $9)
RETURNING id`;

const INSERT_ROUND_HOUSEHOLDS = `
INSERT INTO aid_round_household (district_id, round_id, household_id, ward_id, neighbourhood_id, block_id, address, member_count,
  active_case, case_in_block_14d, unvaccinated_65, overdue_second_dose, household_tier)
SELECT d, $1, h, w, n, b, a, m, f1, f2, f3, f4, t
FROM unnest($2::int[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::text[], $8::int[], $9::bool[], $10::bool[], $11::bool[], $12::bool[], $13::text[])
  AS x(d, h, w, n, b, a, m, f1, f2, f3, f4, t)`;

const ROUND_COLUMNS = `
r.id, r.name, r.zone_id, r.unit_ids, r.ward_ids, r.district_ids, r.assessment_date::text AS assessment_date, r.criteria,
r.household_count, r.created_by, u.username AS created_by_name, r.created_at,
(SELECT count(*)::int FROM aid_round_household x WHERE x.district_id = ANY(r.district_ids) AND x.round_id = r.id AND x.delivered_at IS NOT NULL) AS delivered_count`;

const SELECT_ROUND = `SELECT ${ROUND_COLUMNS} FROM aid_round r JOIN app_user u ON u.id = r.created_by WHERE r.id = $1`;

// $1/$2: the caller's ward or district (NULL = every round).
const SELECT_ROUNDS = `
SELECT ${ROUND_COLUMNS} FROM aid_round r JOIN app_user u ON u.id = r.created_by
WHERE ($1::int IS NULL OR $1 = ANY(r.ward_ids)) AND ($2::int IS NULL OR $2 = ANY(r.district_ids))
ORDER BY r.created_at DESC, r.id DESC`;

// A round's households inside a scope ($2 ward / $3 district, NULL = any), optionally of one unit ($4, any level) and status ($5).
const householdsWhere = `
x.district_id = ANY($6::int[]) AND x.round_id = $1
AND ($2::int IS NULL OR x.ward_id = $2) AND ($3::int IS NULL OR x.district_id = $3)
AND ($4::int IS NULL OR $4 IN (x.block_id, x.neighbourhood_id, x.ward_id, x.district_id))
AND ($5::text IS NULL OR ($5 = 'delivered') = (x.delivered_at IS NOT NULL))`;

const SELECT_HOUSEHOLDS = `
SELECT x.household_id, x.district_id, x.ward_id, x.neighbourhood_id, x.block_id, x.address, x.member_count,
       x.active_case, x.case_in_block_14d, x.unvaccinated_65, x.overdue_second_dose, x.household_tier,
       x.delivered_at, x.delivered_by_name
FROM aid_round_household x
WHERE ${householdsWhere}
ORDER BY COALESCE(x.block_id, x.ward_id), x.address, x.household_id
LIMIT $7 OFFSET $8`;

const COUNT_HOUSEHOLDS = `SELECT count(*)::int AS n FROM aid_round_household x WHERE ${householdsWhere}`;

const SELECT_ROUND_HOUSEHOLD = `
SELECT district_id, ward_id, block_id, delivered_at FROM aid_round_household WHERE round_id = $1 AND household_id = $2`;

// Marks once: a second mark (or one racing the first) finds delivered_at set and changes nothing.
const MARK_DELIVERED = `
UPDATE aid_round_household SET delivered_at = now(), delivered_by = $4, delivered_by_name = $5
WHERE district_id = $1 AND round_id = $2 AND household_id = $3 AND delivered_at IS NULL
RETURNING delivered_at`;

const UNDO_DELIVERED = `
UPDATE aid_round_household SET delivered_at = NULL, delivered_by = NULL, delivered_by_name = NULL
WHERE district_id = $1 AND round_id = $2 AND household_id = $3 AND delivered_at IS NOT NULL
RETURNING household_id`;

const INSERT_DELIVERY_EVENT = `
INSERT INTO aid_delivery_event (district_id, round_id, household_id, action, user_id, username) VALUES ($1, $2, $3, $4, $5, $6)`;

const SELECT_DELIVERY = `
SELECT delivered_at, delivered_by_name FROM aid_round_household WHERE district_id = $1 AND round_id = $2 AND household_id = $3`;

// After a mark or undo: the household's district, ward, neighbourhood and block, each with its households and deliveries in the round (for the live event).
const SELECT_TOUCHED_PROGRESS = `
SELECT t.unit_id, t.level, h.ward_id, h.district_id, count(*)::int AS total, count(x.delivered_at)::int AS delivered
FROM aid_round_household h
CROSS JOIN LATERAL (VALUES (h.district_id, 'district', 1), (h.ward_id, 'ward', 2), (h.neighbourhood_id, 'neighbourhood', 3), (h.block_id, 'block', 4)) AS t(unit_id, level, depth)
JOIN aid_round_household x ON x.district_id = h.district_id AND x.round_id = h.round_id
 AND t.unit_id = CASE t.level WHEN 'district' THEN x.district_id WHEN 'ward' THEN x.ward_id WHEN 'neighbourhood' THEN x.neighbourhood_id ELSE x.block_id END
WHERE h.district_id = $1 AND h.round_id = $2 AND h.household_id = $3 AND t.unit_id IS NOT NULL
GROUP BY t.unit_id, t.level, t.depth, h.ward_id, h.district_id
ORDER BY t.depth`;

/** Progress per unit of one level: the level's column of aid_round_household, joined to the unit for a name and a label point. */
const progressSql = (column: 'district_id' | 'ward_id' | 'neighbourhood_id' | 'block_id') => `
SELECT g.unit_id, u.name, u.level, u.parent_id, a.ward_id AS unit_ward_id, a.district_id AS unit_district_id, g.total, g.delivered,
       ST_X(ST_PointOnSurface(u.geom)) AS lng, ST_Y(ST_PointOnSurface(u.geom)) AS lat
FROM (
  SELECT x.${column} AS unit_id, count(*)::int AS total, count(x.delivered_at)::int AS delivered
  FROM aid_round_household x
  WHERE x.district_id = ANY($2::int[]) AND x.round_id = $1 AND x.${column} IS NOT NULL
  GROUP BY x.${column}
) g
JOIN unit u ON u.id = g.unit_id
JOIN unit_ancestry a ON a.unit_id = g.unit_id
ORDER BY g.unit_id`;

export const PROGRESS_COLUMNS = { district: 'district_id', ward: 'ward_id', neighbourhood: 'neighbourhood_id', block: 'block_id' } as const;
export type ProgressLevel = keyof typeof PROGRESS_COLUMNS;
const SELECT_PROGRESS = Object.fromEntries(Object.entries(PROGRESS_COLUMNS).map(([level, column]) => [level, progressSql(column)])) as Record<ProgressLevel, string>;

export interface ZoneUnitRow { unit_id: number; level: string; ward_id: number | null; district_id: number | null; code: string; name: string }

export interface ZoneHouseholdRow {
  district_id: number; household_id: number; ward_id: number; block_id: number | null; neighbourhood_id: number | null;
  address: string; member_count: number;
}

export interface PersonFacts {
  districtId: number; personId: number; householdId: number; ageYears: number | null; activeCase: boolean;
  doses: { date: string; vaccine: string; doseNumber: number }[];
}

export interface RoundRow {
  id: number; name: string; zone_id: number | null; unit_ids: number[]; ward_ids: number[]; district_ids: number[];
  assessment_date: string; criteria: unknown; household_count: number; created_by: number; created_by_name: string;
  created_at: Date | string; delivered_count: number;
}

export interface RoundHouseholdRow {
  household_id: number; district_id: number; ward_id: number; neighbourhood_id: number | null; block_id: number | null;
  address: string; member_count: number; active_case: boolean; case_in_block_14d: boolean; unvaccinated_65: boolean;
  overdue_second_dose: boolean; household_tier: string; delivered_at: Date | string | null; delivered_by_name: string | null;
}

export interface NewRoundHousehold {
  districtId: number; householdId: number; wardId: number; neighbourhoodId: number | null; blockId: number | null;
  address: string; memberCount: number; activeCase: boolean; caseInBlock14d: boolean; unvaccinated65: boolean;
  overdueSecondDose: boolean; tier: string;
}

export interface ProgressRow {
  unit_id: number; name: string; level: string; parent_id: number | null; unit_ward_id: number | null; unit_district_id: number | null;
  total: number; delivered: number; lng: number | null; lat: number | null;
}

/** Scope of a household query: a ward or a district (or neither = the whole round). */
export interface HouseholdScope { wardId: number | null; districtId: number | null }

export async function selectZoneUnits(session: Session, unitIds: readonly number[]): Promise<ZoneUnitRow[]> {
  return session.query<ZoneUnitRow>(SELECT_ZONE_UNITS, [unitIds]);
}

/** The households of a zone: saved (zoneId) or given as unit ids (with their districts). */
export async function selectZoneHouseholds(session: Session, zone: { zoneId: number } | { unitIds: readonly number[]; districtIds: readonly number[] }): Promise<ZoneHouseholdRow[]> {
  const rows = 'zoneId' in zone
    ? await session.query<ZoneHouseholdRow>(SELECT_SAVED_ZONE_HOUSEHOLDS, [zone.zoneId])
    : await session.query<ZoneHouseholdRow>(SELECT_UNIT_ZONE_HOUSEHOLDS, [zone.unitIds, zone.districtIds]);
  return rows.map((r) => ({ ...r, household_id: Number(r.household_id) }));
}

/** People of the households with their age, active case and doses on `date` (three statements, whatever the number of households). */
export async function selectPeopleFacts(session: Session, households: readonly { district_id: number; household_id: number }[], date: string): Promise<PersonFacts[]> {
  if (households.length === 0) return [];
  const districtIds = [...new Set(households.map((h) => h.district_id))];
  const people = await session.query<{ district_id: number; id: number; household_id: number; age_years: number | null }>(
    SELECT_PEOPLE, [districtIds, households.map((h) => h.household_id), date]);
  if (people.length === 0) return [];
  const personIds = people.map((p) => p.id);
  const key = (districtId: number, personId: number) => `${districtId}:${Number(personId)}`;
  const active = new Set((await session.query<{ district_id: number; person_id: number }>(SELECT_ACTIVE_PEOPLE, [districtIds, personIds, date]))
    .map((r) => key(r.district_id, r.person_id)));
  const doses = new Map((await session.query<{ district_id: number; person_id: number; doses: PersonFacts['doses'] }>(SELECT_PEOPLE_DOSES, [districtIds, personIds, date]))
    .map((r) => [key(r.district_id, r.person_id), r.doses]));
  return people.map((p) => ({
    districtId: p.district_id, personId: Number(p.id), householdId: Number(p.household_id), ageYears: p.age_years,
    activeCase: active.has(key(p.district_id, p.id)), doses: doses.get(key(p.district_id, p.id)) ?? [],
  }));
}

export async function selectLastCases(session: Session, unitIds: readonly number[], date: string): Promise<Map<number, string>> {
  const rows = await session.query<{ unit_id: number; day: string }>(SELECT_LAST_CASES, [unitIds, date]);
  return new Map(rows.map((r) => [r.unit_id, r.day]));
}

export async function insertRound(session: Session, round: {
  name: string; zoneId: number | null; unitIds: number[]; wardIds: number[]; districtIds: number[]; date: string; criteria: unknown; householdCount: number; createdBy: number;
}): Promise<number> {
  const [row] = await session.query<{ id: number }>(INSERT_ROUND, [round.name, round.zoneId, round.unitIds, round.wardIds, round.districtIds, round.date,
    JSON.stringify(round.criteria), round.householdCount, round.createdBy]);
  return (row as { id: number }).id;
}

export async function insertRoundHouseholds(session: Session, roundId: number, rows: readonly NewRoundHousehold[]): Promise<void> {
  if (rows.length === 0) return;
  await session.query(INSERT_ROUND_HOUSEHOLDS, [roundId, rows.map((r) => r.districtId), rows.map((r) => r.householdId), rows.map((r) => r.wardId),
    rows.map((r) => r.neighbourhoodId), rows.map((r) => r.blockId), rows.map((r) => r.address), rows.map((r) => r.memberCount),
    rows.map((r) => r.activeCase), rows.map((r) => r.caseInBlock14d), rows.map((r) => r.unvaccinated65), rows.map((r) => r.overdueSecondDose),
    rows.map((r) => r.tier)]);
}

export async function selectRound(session: Session, id: number): Promise<RoundRow | null> {
  return (await session.query<RoundRow>(SELECT_ROUND, [id]))[0] ?? null;
}

export async function selectRounds(session: Session, scope: HouseholdScope): Promise<RoundRow[]> {
  return session.query<RoundRow>(SELECT_ROUNDS, [scope.wardId, scope.districtId]);
}

export async function selectRoundHouseholds(session: Session, round: RoundRow, scope: HouseholdScope,
  filter: { unitId: number | null; status: 'delivered' | 'pending' | null; limit: number | null; offset: number }): Promise<{ total: number; rows: RoundHouseholdRow[] }> {
  const params = [round.id, scope.wardId, scope.districtId, filter.unitId, filter.status, round.district_ids];
  const [count] = await session.query<{ n: number }>(COUNT_HOUSEHOLDS, params);
  const rows = await session.query<RoundHouseholdRow>(SELECT_HOUSEHOLDS, [...params, filter.limit, filter.offset]);
  return { total: count?.n ?? 0, rows };
}

export async function selectRoundHousehold(session: Session, roundId: number, householdId: number) {
  const [row] = await session.query<{ district_id: number; ward_id: number; block_id: number | null; delivered_at: Date | string | null }>(SELECT_ROUND_HOUSEHOLD, [roundId, householdId]);
  return row ?? null;
}

/** Sets the delivery mark if unset; true when this call set it. Records the change. */
export async function markDelivered(session: Session, key: { districtId: number; roundId: number; householdId: number }, user: { id: number; username: string }): Promise<boolean> {
  const changed = await session.query(MARK_DELIVERED, [key.districtId, key.roundId, key.householdId, user.id, user.username]);
  if (changed.length > 0) await session.query(INSERT_DELIVERY_EVENT, [key.districtId, key.roundId, key.householdId, 'delivered', user.id, user.username]);
  return changed.length > 0;
}

/** Clears the delivery mark if set; true when this call cleared it. Records the change. */
export async function undoDelivered(session: Session, key: { districtId: number; roundId: number; householdId: number }, user: { id: number; username: string }): Promise<boolean> {
  const changed = await session.query(UNDO_DELIVERED, [key.districtId, key.roundId, key.householdId]);
  if (changed.length > 0) await session.query(INSERT_DELIVERY_EVENT, [key.districtId, key.roundId, key.householdId, 'undone', user.id, user.username]);
  return changed.length > 0;
}

export async function selectDelivery(session: Session, key: { districtId: number; roundId: number; householdId: number }) {
  const [row] = await session.query<{ delivered_at: Date | string | null; delivered_by_name: string | null }>(SELECT_DELIVERY, [key.districtId, key.roundId, key.householdId]);
  return row ?? null;
}

export interface TouchedProgressRow { unit_id: number; level: ProgressLevel; ward_id: number; district_id: number; total: number; delivered: number }

/** The household's units with the round's totals and deliveries in each, district first. */
export async function selectTouchedProgress(session: Session, key: { districtId: number; roundId: number; householdId: number }): Promise<TouchedProgressRow[]> {
  return session.query<TouchedProgressRow>(SELECT_TOUCHED_PROGRESS, [key.districtId, key.roundId, key.householdId]);
}

export async function selectProgress(session: Session, round: RoundRow, level: ProgressLevel): Promise<ProgressRow[]> {
  return session.query<ProgressRow>(SELECT_PROGRESS[level], [round.id, round.district_ids]);
}

const SELECT_UNIT_NAMES = `SELECT id, name FROM unit WHERE id = ANY ($1::int[])`;

export async function selectUnitNames(session: Session, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await session.query<{ id: number; name: string }>(SELECT_UNIT_NAMES, [ids]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
