// An independent recount of every figure the units API publishes, written
// apart from server/aggregate and server/risk: it reads only the raw tables
// (unit, person, household, test_result, vaccination, covid_case) and counts
// what a careful person would count by hand, for every unit at once (a unit
// counts the events of every unit below it). Nothing here imports the
// pipeline's SQL, column lists or formulas, so a bug there cannot hide here.
import type { Session } from '../../../server/db/database.ts';

/** The city's calendar: a test belongs to the local day of its sample time. */
const LOCAL_DAY = (column: string) => `(${column} AT TIME ZONE 'Asia/Ho_Chi_Minh')::date`;

/** Age in whole years on the date shown ($1), not on the day of the dose. */
const AGE_ON_DATE = `extract(year FROM age($1::date, x.birth_date))`;

/** Every unit with every unit below it (itself included). */
const SUBTREE = `
WITH RECURSIVE subtree(root, id) AS (
  SELECT id, id FROM unit
  UNION ALL
  SELECT s.root, u.id FROM subtree s JOIN unit u ON u.parent_id = s.id
)`;

/** Doses in each vaccine's primary series, as the vaccine makers and MoH state them (an unknown brand: 2). */
const PRIMARY_SERIES = `CASE v.vaccine_code WHEN 'ABDALA' THEN 3 WHEN 'JANSSEN' THEN 1 ELSE 2 END`;

/**
 * Per person: where they count (the unit of their latest dose that has one),
 * the day of their first dose, of the dose that completed a primary series
 * (its number reaches its own vaccine's series) and of the first dose beyond
 * the completing one (booster); and their birth date, for age on the date shown.
 */
const PERSON_DOSES = `
dose AS (
  SELECT v.*, v.dose_number >= ${PRIMARY_SERIES} AS completes FROM vaccination v WHERE v.person_id IS NOT NULL
),
person_doses AS (
  SELECT d.district_id, d.person_id,
         (array_agg(d.unit_id ORDER BY d.vaccinated_on DESC, d.id DESC) FILTER (WHERE d.unit_id IS NOT NULL))[1] AS unit_id,
         min(d.vaccinated_on) AS first_on,
         min(d.vaccinated_on) FILTER (WHERE d.completes) AS full_on,
         min(d.dose_number) FILTER (WHERE d.completes) AS full_number
  FROM dose d GROUP BY d.district_id, d.person_id
),
vaccinated AS (
  SELECT d.unit_id, d.first_on, d.full_on,
         (SELECT min(x.vaccinated_on) FROM dose x WHERE x.district_id = d.district_id AND x.person_id = d.person_id AND x.dose_number > d.full_number) AS booster_on,
         p.birth_date
  FROM person_doses d LEFT JOIN person p ON p.district_id = d.district_id AND p.id = d.person_id
  WHERE d.unit_id IS NOT NULL
)`;

/** A test as the city counts samples: a pooled tube once (as its first member, by id), anything else as itself. */
const SAMPLES = `
sample AS (
  SELECT DISTINCT ON (t.source_id, CASE WHEN t.pooled AND t.sample_id IS NOT NULL THEN t.sample_id ELSE 'row ' || t.id END) t.*
  FROM test_result t WHERE t.unit_id IS NOT NULL
  ORDER BY t.source_id, CASE WHEN t.pooled AND t.sample_id IS NOT NULL THEN t.sample_id ELSE 'row ' || t.id END, t.id
)`;

/**
 * People pending an individual retest: every pooled positive of a known person,
 * from its day until the person's next individual test or next positive pool,
 * at most 14 days.
 */
const PENDING = `
pending AS (
  SELECT t.unit_id, ${LOCAL_DAY('t.sample_time')} AS day,
    LEAST(${LOCAL_DAY('t.sample_time')} + 14, (
      SELECT min(${LOCAL_DAY('x.sample_time')}) FROM test_result x
      WHERE x.person_id = t.person_id AND x.district_id = t.district_id AND (x.sample_time, x.id) > (t.sample_time, t.id)
        AND (NOT x.pooled OR x.result = 'positive'))) AS end_day
  FROM test_result t WHERE t.pooled AND t.result = 'positive' AND t.person_id IS NOT NULL AND t.unit_id IS NOT NULL
)`;

/**
 * Plan 2716's case households, read as the plan's text: a household with a new
 * case in the window counts once, however many cases it has; a person the
 * register does not know lives in the household of their address (people at
 * one address are one household), or alone when the address had none.
 */
const NEW_CASE_HOUSEHOLDS = `
new_case_household AS (
  SELECT DISTINCT c.unit_id, CASE WHEN c.household_id IS NOT NULL THEN 'household ' || c.household_id
           WHEN p.residence_address_key IS NOT NULL THEN 'address ' || p.residence_address_key
           ELSE 'person ' || c.person_id END AS household_id, c.confirmed_on AS day
  FROM covid_case c LEFT JOIN person p ON p.id = c.person_id AND p.district_id = c.district_id
  WHERE c.unit_id IS NOT NULL
)`;

/** Everything the API says of one unit on date $1, for every unit. The last data day is the last day a record is dated (a test, a dose, a case). */
const RECOUNT_ON_DATE = `${SUBTREE},
${PERSON_DOSES},
${SAMPLES},
${PENDING},
${NEW_CASE_HOUSEHOLDS},
cases AS (
  SELECT s.root,
    count(*) FILTER (WHERE c.classification = 'community' AND c.confirmed_on BETWEEN $1::date - 13 AND $1::date) AS community14,
    count(*) FILTER (WHERE c.classification = 'community' AND c.confirmed_on BETWEEN $1::date - 6 AND $1::date) AS community7,
    count(*) FILTER (WHERE c.confirmed_on BETWEEN $1::date - 13 AND $1::date) AS all14,
    count(*) FILTER (WHERE c.confirmed_on BETWEEN $1::date - 6 AND $1::date) AS all7,
    count(*) FILTER (WHERE c.severity = 'severe' AND c.confirmed_on BETWEEN $1::date - 13 AND $1::date) AS severe14,
    count(*) FILTER (WHERE c.severity = 'death' AND c.confirmed_on BETWEEN $1::date - 13 AND $1::date) AS deaths14,
    count(*) FILTER (WHERE c.confirmed_on <= $1::date)
      - count(*) FILTER (WHERE COALESCE(c.recovered_on, c.confirmed_on + 14) <= $1::date) AS active
  FROM covid_case c JOIN subtree s ON s.id = c.unit_id GROUP BY s.root
),
tests AS (
  SELECT s.root,
    count(*) FILTER (WHERE t.method = 'pcr') AS pcr7,
    count(*) FILTER (WHERE t.method = 'pcr' AND t.result = 'positive') AS pcr_positive7
  FROM sample t JOIN subtree s ON s.id = t.unit_id
  WHERE ${LOCAL_DAY('t.sample_time')} BETWEEN $1::date - 6 AND $1::date
  GROUP BY s.root
),
pending_now AS (
  SELECT s.root, count(*) AS pending FROM pending p JOIN subtree s ON s.id = p.unit_id
  WHERE p.day <= $1::date AND p.end_day > $1::date GROUP BY s.root
),
vax AS (
  SELECT s.root,
    count(*) FILTER (WHERE x.first_on <= $1::date) AS dose1,
    count(*) FILTER (WHERE x.first_on <= $1::date AND ${AGE_ON_DATE} >= 18) AS dose1_18,
    count(*) FILTER (WHERE x.full_on <= $1::date) AS full,
    count(*) FILTER (WHERE x.full_on <= $1::date AND ${AGE_ON_DATE} >= 18) AS full_18,
    count(*) FILTER (WHERE x.full_on <= $1::date AND ${AGE_ON_DATE} >= 50) AS full_50,
    count(*) FILTER (WHERE x.full_on <= $1::date AND ${AGE_ON_DATE} >= 65) AS full_65,
    count(*) FILTER (WHERE x.booster_on <= $1::date) AS booster,
    count(*) FILTER (WHERE x.booster_on <= $1::date AND ${AGE_ON_DATE} >= 18) AS booster_18
  FROM vaccinated x JOIN subtree s ON s.id = x.unit_id GROUP BY s.root
),
households AS (
  SELECT s.root,
    count(DISTINCT (h.unit_id, h.household_id)) FILTER (WHERE h.day BETWEEN $1::date - 6 AND $1::date) AS hh7,
    count(DISTINCT (h.unit_id, h.household_id)) FILTER (WHERE h.day BETWEEN $1::date - 13 AND $1::date) AS hh14,
    max(h.day) FILTER (WHERE h.day BETWEEN $1::date - 14 AND $1::date) AS last_hh_day
  FROM new_case_household h JOIN subtree s ON s.id = h.unit_id GROUP BY s.root
),
data_days AS (
  SELECT unit_id, ${LOCAL_DAY('sample_time')} AS day FROM test_result WHERE unit_id IS NOT NULL
  UNION ALL SELECT unit_id, vaccinated_on FROM vaccination WHERE unit_id IS NOT NULL
  UNION ALL SELECT unit_id, confirmed_on FROM covid_case WHERE unit_id IS NOT NULL
),
last_day AS (
  SELECT s.root, max(d.day) AS day FROM data_days d JOIN subtree s ON s.id = d.unit_id WHERE d.day <= $1::date GROUP BY s.root
)
SELECT u.id, u.level, u.population, u.population_18plus, u.population_50plus, u.population_65plus,
  COALESCE(c.community14, 0)::int AS community14, COALESCE(c.community7, 0)::int AS community7,
  COALESCE(c.all14, 0)::int AS all14, COALESCE(c.all7, 0)::int AS all7,
  COALESCE(c.severe14, 0)::int AS severe14, COALESCE(c.deaths14, 0)::int AS deaths14, COALESCE(c.active, 0)::int AS active,
  COALESCE(t.pcr7, 0)::int AS pcr7, COALESCE(t.pcr_positive7, 0)::int AS pcr_positive7,
  COALESCE(v.dose1, 0)::int AS dose1, COALESCE(v.dose1_18, 0)::int AS dose1_18, COALESCE(v.full, 0)::int AS full,
  COALESCE(v.full_18, 0)::int AS full_18, COALESCE(v.full_50, 0)::int AS full_50, COALESCE(v.full_65, 0)::int AS full_65,
  COALESCE(v.booster, 0)::int AS booster, COALESCE(v.booster_18, 0)::int AS booster_18,
  COALESCE(pn.pending, 0)::int AS pending,
  COALESCE(h.hh7, 0)::int AS hh7, COALESCE(h.hh14, 0)::int AS hh14,
  ($1::date - h.last_hh_day)::int AS days_since_hh,
  l.day::text AS last_data_day
FROM unit u
LEFT JOIN cases c ON c.root = u.id
LEFT JOIN tests t ON t.root = u.id
LEFT JOIN pending_now pn ON pn.root = u.id
LEFT JOIN vax v ON v.root = u.id
LEFT JOIN households h ON h.root = u.id
LEFT JOIN last_day l ON l.root = u.id
ORDER BY u.id`;

/** Daily counts of every unit between $1 and $2: cases, community cases, tests, positives, doses by number. */
const RECOUNT_DAILY = `${SUBTREE},
${SAMPLES},
days AS (
  SELECT unit_id, confirmed_on AS day, 1 AS cases, (classification = 'community')::int AS community, 0 AS tests, 0 AS positives, 0 AS dose_number
  FROM covid_case WHERE unit_id IS NOT NULL
  UNION ALL
  SELECT unit_id, ${LOCAL_DAY('sample_time')}, 0, 0, 1, (result = 'positive')::int, 0 FROM sample
  UNION ALL
  SELECT unit_id, vaccinated_on, 0, 0, 0, 0, dose_number FROM vaccination WHERE unit_id IS NOT NULL
)
SELECT s.root AS id, d.day::text AS date, sum(d.cases)::int AS cases, sum(d.community)::int AS community,
       sum(d.tests)::int AS tests, sum(d.positives)::int AS positives,
       ARRAY[count(*) FILTER (WHERE d.dose_number = 1), count(*) FILTER (WHERE d.dose_number = 2), count(*) FILTER (WHERE d.dose_number = 3),
             count(*) FILTER (WHERE d.dose_number = 4), count(*) FILTER (WHERE d.dose_number = 5)]::int[] AS doses
FROM days d JOIN subtree s ON s.id = d.unit_id
WHERE d.day BETWEEN $1::date AND $2::date
GROUP BY s.root, d.day`;

export interface RecountedUnit {
  id: number;
  level: string;
  population: number | null;
  population_18plus: number | null;
  population_50plus: number | null;
  population_65plus: number | null;
  community14: number;
  community7: number;
  all14: number;
  all7: number;
  severe14: number;
  deaths14: number;
  active: number;
  pcr7: number;
  pcr_positive7: number;
  dose1: number;
  dose1_18: number;
  full: number;
  full_18: number;
  full_50: number;
  full_65: number;
  booster: number;
  booster_18: number;
  pending: number;
  hh7: number;
  hh14: number;
  days_since_hh: number | null;
  last_data_day: string | null;
}

export interface RecountedDay {
  cases: number;
  community: number;
  tests: number;
  positives: number;
  doses: number[];
}

/** Every unit's figures on a date, recounted from the raw tables. */
export async function recountUnits(session: Session, date: string): Promise<Map<number, RecountedUnit>> {
  const rows = await session.query<RecountedUnit>(RECOUNT_ON_DATE, [date]);
  return new Map(rows.map((r) => [Number(r.id), r]));
}

/** Daily counts per unit and date (absent = nothing that day), recounted from the raw tables. */
export async function recountDaily(session: Session, from: string, to: string): Promise<Map<number, Map<string, RecountedDay>>> {
  const rows = await session.query<RecountedDay & { id: number; date: string }>(RECOUNT_DAILY, [from, to]);
  const out = new Map<number, Map<string, RecountedDay>>();
  for (const r of rows) {
    const days = out.get(Number(r.id)) ?? new Map<string, RecountedDay>();
    days.set(r.date, { cases: r.cases, community: r.community, tests: r.tests, positives: r.positives, doses: r.doses });
    out.set(Number(r.id), days);
  }
  return out;
}

const per100kPerWeek = (count: number, population: number | null, weeks: number) =>
  population && population > 0 ? (count * 100_000) / (weeks * population) : null;
const share = (people: number, population: number | null, anyVaccinated: boolean) =>
  anyVaccinated && population && population > 0 ? people / population : null;

/** The indicators the API publishes for a unit (GET /api/units/:id `indicators`), from the recount. */
export function expectedIndicators(u: RecountedUnit): Record<string, number | null> {
  const pop = u.population;
  const known = u.dose1 > 0; // nobody vaccinated on record: coverage unknown
  const cases7 = per100kPerWeek(u.all7, pop, 1);
  return {
    casesPer100kPerWeek: per100kPerWeek(u.community14, pop, 2),
    allCasesPer100kPerWeek: per100kPerWeek(u.all14, pop, 2),
    severePer100kPerWeek: per100kPerWeek(u.severe14, pop, 2),
    deathsPer100kPerWeek: per100kPerWeek(u.deaths14, pop, 2),
    casesPer100k7d: cases7,
    dailyCasesPer100k7dMean: cases7 === null ? null : cases7 / 7,
    positivity7d: u.pcr7 > 0 ? u.pcr_positive7 / u.pcr7 : null,
    coverage1Dose18: share(u.dose1_18, u.population_18plus, known),
    coverage1DoseTotal: share(u.dose1, pop, known),
    fullCoverage18: share(u.full_18, u.population_18plus, known),
    fullCoverage50: share(u.full_50, u.population_50plus, known),
    fullCoverage65: share(u.full_65, u.population_65plus, known),
    fullCoverageTotal: share(u.full, pop, known),
    boosterCoverage18: share(u.booster_18, u.population_18plus, known),
    caseHouseholds7d: u.hh7,
    caseHouseholds14d: u.hh14,
    caseHouseholdsWithContact7d: 0, // no source records contact between households
    caseHouseholdsWithContact14d: 0,
    daysSinceLastCaseHousehold: u.days_since_hh ?? 15, // 15 = none in the 15 days an assessment reads
  };
}
