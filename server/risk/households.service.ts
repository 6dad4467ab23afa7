// Household flags and tiers for one block on a date, through the pure
// computeHouseholdFlags / gradeHousehold. Household ids only: no names.
import { computeHouseholdFlags, gradeHousehold, type DoseRecord, type HouseholdFlags, type HouseholdGrade, type HouseholdMember } from '../../geo/risk/index.ts';
import type { Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_ACTIVE_DAYS, PENDING_RETEST_END, POOLED_POSITIVE, ROLLUP_TIME_ZONE } from '../aggregate/rollup-sql.ts';

const SELECT_BLOCK = `SELECT level FROM unit WHERE id = $1`;

const SELECT_MEMBERS = `
SELECT h.id AS household_id, extract(year FROM age($2::date, p.birth_date))::int AS age_years,
  EXISTS (SELECT 1 FROM covid_case c WHERE c.district_id = p.district_id AND c.person_id = p.id AND c.confirmed_on <= $2::date
          AND COALESCE(c.recovered_on, c.confirmed_on + ${DEFAULT_ACTIVE_DAYS}) > $2::date) AS active_case,
  EXISTS (SELECT 1 FROM test_result t WHERE t.district_id = p.district_id AND t.person_id = p.id AND ${POOLED_POSITIVE}
          AND (t.sample_time AT TIME ZONE '${ROLLUP_TIME_ZONE}')::date <= $2::date AND ${PENDING_RETEST_END} > $2::date) AS pending_retest,
  COALESCE((SELECT json_agg(json_build_object('date', v.vaccinated_on::text, 'vaccine', v.vaccine_code, 'doseNumber', v.dose_number))
            FROM vaccination v WHERE v.district_id = p.district_id AND v.person_id = p.id AND v.vaccinated_on <= $2::date), '[]'::json) AS doses
FROM household h LEFT JOIN person p ON p.district_id = h.district_id AND p.household_id = h.id
WHERE h.block_id = $1
ORDER BY h.id, p.id`;

const SELECT_LAST_CASE = `SELECT max(confirmed_on)::text AS day FROM covid_case WHERE unit_id = $1 AND confirmed_on <= $2::date`;

export interface HouseholdRisk extends HouseholdGrade {
  householdId: number;
  members: number;
  flags: HouseholdFlags;
}

/** Flags and tier of every household in a block on `date`. */
export async function gradeBlockHouseholds(session: Session, blockId: number, date: string): Promise<HouseholdRisk[]> {
  const [unit] = await session.query<{ level: string }>(SELECT_BLOCK, [blockId]);
  if (!unit) throw new AppError('NOT_FOUND', `no unit ${blockId}`);
  if (unit.level !== 'block') throw new AppError('BAD_REQUEST', `households are listed for blocks; unit ${blockId} is a ${unit.level}`);
  const rows = await session.query<{ household_id: number; age_years: number | null; active_case: boolean | null; pending_retest: boolean | null; doses: DoseRecord[] }>(SELECT_MEMBERS, [blockId, date]);
  const lastCase = (await session.query<{ day: string | null }>(SELECT_LAST_CASE, [blockId, date]))[0]?.day ?? null;
  const byHousehold = new Map<number, HouseholdMember[]>();
  for (const r of rows) {
    const members = byHousehold.get(r.household_id) ?? [];
    if (r.active_case !== null) members.push({ ageYears: r.age_years, activeCase: r.active_case, pendingRetest: r.pending_retest === true, doses: r.doses });
    byHousehold.set(r.household_id, members);
  }
  return [...byHousehold].map(([householdId, members]) => {
    const flags = computeHouseholdFlags({ assessmentDate: date, members, lastCaseInBlockDate: lastCase });
    return { householdId, members: members.length, flags, ...gradeHousehold(flags) };
  });
}
