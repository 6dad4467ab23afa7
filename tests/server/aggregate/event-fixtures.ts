// Events written the way ingest writes them (rows + dirty_unit_day in one
// transaction), for aggregation tests and the benchmark.
import type { Database, Session } from '../../../server/db/database.ts';

export interface Resident {
  districtId: number;
  personId: number;
  householdId: number;
  unitId: number;
}

/** A pooled test carries its pool's sample id: members of one pool share it (and count as one test). */
export type TestEvent = { kind: 'test'; person: number; day: string; method: 'pcr' | 'antigen'; positive: boolean; pool?: string | null };
export type DoseEvent = { kind: 'dose'; person: number; day: string; dose: number; vaccine?: string };
export type CaseEvent = { kind: 'case'; person: number; day: string; classification: 'community' | 'imported' | 'quarantine'; severity: 'mild' | 'severe' | 'death'; recoveredOn: string | null };
export type FixtureEvent = TestEvent | DoseEvent | CaseEvent;

const SELECT_RESIDENTS = `
SELECT p.district_id, p.id AS person_id, p.household_id, COALESCE(h.block_id, h.ward_id) AS unit_id
FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id
ORDER BY p.id LIMIT $1`;

export async function listResidents(database: Database, limit = 1_000_000): Promise<Resident[]> {
  const rows = await database.withSession((s) => s.query<{ district_id: number; person_id: number; household_id: number; unit_id: number }>(SELECT_RESIDENTS, [limit]));
  return rows.map((r) => ({ districtId: r.district_id, personId: r.person_id, householdId: r.household_id, unitId: r.unit_id }));
}

let recordSeq = 0;

const INSERT_TESTS = `
INSERT INTO test_result (district_id, source_id, source_record_id, person_id, unit_id, method, sample_time, result, content_hash, pooled, sample_id)
SELECT d, 1, r, p, u, m, (day::timestamp + time '10:00') AT TIME ZONE 'Asia/Ho_Chi_Minh', res, 'h', pool IS NOT NULL, pool
FROM unnest($1::int[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::date[], $7::text[], $8::text[]) AS t(d, r, p, u, m, day, res, pool)`;
const INSERT_DOSES = `
INSERT INTO vaccination (district_id, source_id, source_record_id, person_id, unit_id, dose_number, vaccine_code, vaccinated_on, content_hash)
SELECT d, 1, r, p, u, n, vac, day, 'h' FROM unnest($1::int[], $2::text[], $3::bigint[], $4::int[], $5::int[], $6::date[], $7::text[]) AS t(d, r, p, u, n, day, vac)`;
const INSERT_CASES = `
INSERT INTO covid_case (district_id, person_id, household_id, unit_id, origin, classification, severity, confirmed_on, recovered_on)
SELECT d, p, h, u, 'reported', c, s, day, rec FROM unnest($1::int[], $2::bigint[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::date[], $8::date[]) AS t(d, p, h, u, c, s, day, rec)`;
const MARK_DIRTY = `
INSERT INTO dirty_unit_day (unit_id, day) SELECT DISTINCT u, d FROM unnest($1::int[], $2::date[]) AS t(u, d) ON CONFLICT DO NOTHING`;

/** Inserts events for residents (by index) and marks their (unit, day) pairs dirty, in one transaction. */
export async function writeEvents(database: Database, residents: readonly Resident[], events: readonly FixtureEvent[]): Promise<Array<{ unitId: number; day: string }>> {
  const touched = new Map<string, { unitId: number; day: string }>();
  const who = (i: number) => residents[i % residents.length] as Resident;
  const tests = events.filter((e): e is TestEvent => e.kind === 'test');
  const doses = events.filter((e): e is DoseEvent => e.kind === 'dose');
  const cases = events.filter((e): e is CaseEvent => e.kind === 'case');
  for (const e of events) {
    const r = who(e.person);
    touched.set(`${r.unitId}|${e.day}`, { unitId: r.unitId, day: e.day });
    if (e.kind === 'case' && e.recoveredOn) touched.set(`${r.unitId}|${e.recoveredOn}`, { unitId: r.unitId, day: e.recoveredOn });
  }
  await database.transaction(async (s: Session) => {
    if (tests.length > 0) {
      await s.query(INSERT_TESTS, [tests.map((e) => who(e.person).districtId), tests.map(() => `r${++recordSeq}`), tests.map((e) => who(e.person).personId),
        tests.map((e) => who(e.person).unitId), tests.map((e) => e.method), tests.map((e) => e.day), tests.map((e) => (e.positive ? 'positive' : 'negative')),
        tests.map((e) => e.pool ?? null)]);
    }
    if (doses.length > 0) {
      await s.query(INSERT_DOSES, [doses.map((e) => who(e.person).districtId), doses.map(() => `r${++recordSeq}`), doses.map((e) => who(e.person).personId),
        doses.map((e) => who(e.person).unitId), doses.map((e) => e.dose), doses.map((e) => e.day), doses.map((e) => e.vaccine ?? 'AZ')]);
    }
    if (cases.length > 0) {
      await s.query(INSERT_CASES, [cases.map((e) => who(e.person).districtId), cases.map((e) => who(e.person).personId), cases.map((e) => who(e.person).householdId),
        cases.map((e) => who(e.person).unitId), cases.map((e) => e.classification), cases.map((e) => e.severity), cases.map((e) => e.day), cases.map((e) => e.recoveredOn)]);
    }
    const list = [...touched.values()];
    await s.query(MARK_DIRTY, [list.map((t) => t.unitId), list.map((t) => t.day)]);
  });
  return [...touched.values()];
}

const SNAPSHOT = {
  own: `SELECT * FROM unit_day_own ORDER BY unit_id, day`,
  rollup: `SELECT * FROM unit_day_rollup ORDER BY unit_id, day`,
  milestones: `SELECT * FROM person_vaccination_milestone ORDER BY district_id, person_id`,
  tiers: `SELECT unit_id, rule_set_id, rule_set_version, day, tier, tier_order, insufficient_data, indicators, reasons FROM unit_tier ORDER BY unit_id, rule_set_id, day`,
};

/** Everything aggregation derives, for comparing an incremental state with a full rebuild. */
export async function snapshotAggregates(database: Database): Promise<Record<keyof typeof SNAPSHOT, unknown[]>> {
  return database.withSession(async (s) => ({
    own: await s.query(SNAPSHOT.own), rollup: await s.query(SNAPSHOT.rollup),
    milestones: await s.query(SNAPSHOT.milestones), tiers: await s.query(SNAPSHOT.tiers),
  }));
}
