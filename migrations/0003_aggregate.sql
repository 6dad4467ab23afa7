-- 0003: aggregation, risk tiers, live events.
--
-- Design (server/aggregate/README.md has the long form):
--  * Rollups hold only values that belong to one day: events on the day and
--    "milestones" reached on the day (a person's first dose, full course,
--    booster; a case that stops being active). Standing values (people
--    vaccinated so far, active cases) are running sums of those deltas, taken
--    when read. A change on day D therefore rewrites the rows of day D only,
--    which is what keeps an incremental refresh equal to a full rebuild.
--  * unit_day_own: what events attached directly to a unit give (blocks, or a
--    ward for people not placed in a block). unit_day_rollup: own + the sum of
--    the children's rollups, for every level up to the city. A row exists only
--    when one of its values is not zero.
--  * unit_tier holds runs: a row is the first day of a run of equal tiers; a
--    unit with no row on or before D has the tier of an empty record.

-- Daily rollups: standing columns become per-day deltas -------------------------
ALTER TABLE unit_day_rollup
  DROP COLUMN vaccinated_1dose,
  DROP COLUMN vaccinated_full,
  DROP COLUMN vaccinated_booster,
  DROP COLUMN vaccinated_1dose_18plus,
  DROP COLUMN vaccinated_full_50plus,
  DROP COLUMN vaccinated_full_65plus,
  DROP COLUMN active_cases,
  DROP COLUMN case_households,
  ADD COLUMN dose1_people   integer NOT NULL DEFAULT 0,
  ADD COLUMN dose1_18plus   integer NOT NULL DEFAULT 0,
  ADD COLUMN dose1_50plus   integer NOT NULL DEFAULT 0,
  ADD COLUMN dose1_65plus   integer NOT NULL DEFAULT 0,
  ADD COLUMN full_people    integer NOT NULL DEFAULT 0,
  ADD COLUMN full_18plus    integer NOT NULL DEFAULT 0,
  ADD COLUMN full_50plus    integer NOT NULL DEFAULT 0,
  ADD COLUMN full_65plus    integer NOT NULL DEFAULT 0,
  ADD COLUMN booster_people integer NOT NULL DEFAULT 0,
  ADD COLUMN booster_18plus integer NOT NULL DEFAULT 0,
  ADD COLUMN booster_50plus integer NOT NULL DEFAULT 0,
  ADD COLUMN booster_65plus integer NOT NULL DEFAULT 0,
  ADD COLUMN cases_ended    integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_new integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_new_contact integer NOT NULL DEFAULT 0;
COMMENT ON TABLE unit_day_rollup IS 'Daily values per unit at every level (own events + children). Every column is a per-day delta; people vaccinated and active cases as of D are running sums up to D. A row exists only when a value is not zero.';
COMMENT ON COLUMN unit_day_rollup.district_id IS 'The unit''s district; 0 for the city.';
COMMENT ON COLUMN unit_day_rollup.dose1_people IS 'People whose first dose (of any number) is dated this day; _18plus etc. by age on that day.';
COMMENT ON COLUMN unit_day_rollup.full_people IS 'People whose first dose numbered 2 or more is dated this day (full primary course).';
COMMENT ON COLUMN unit_day_rollup.booster_people IS 'People whose first dose numbered 3 or more is dated this day.';
COMMENT ON COLUMN unit_day_rollup.cases_ended IS 'Cases that stop being active this day: recovered_on, else confirmed_on + 14 [cfg]. Active cases on D = sum(new cases - cases_ended) up to D.';
COMMENT ON COLUMN unit_day_rollup.case_households_new IS 'Households with a case confirmed this day and none in the same unit in the 14 days before (F0 households, HCMC Plan 2716).';
COMMENT ON COLUMN unit_day_rollup.case_households_new_contact IS 'Of those, households whose case had contact with other households. No source records contact yet: always 0.';
CREATE INDEX unit_day_rollup_unit_day_idx ON unit_day_rollup (unit_id, day);

CREATE TABLE unit_day_own (LIKE unit_day_rollup INCLUDING DEFAULTS);
ALTER TABLE unit_day_own ADD PRIMARY KEY (district_id, unit_id, day);
COMMENT ON TABLE unit_day_own IS 'The part of a unit''s daily rollup that comes from events attached to the unit itself (not its children). Same columns as unit_day_rollup.';
CREATE INDEX unit_day_own_unit_day_idx ON unit_day_own (unit_id, day);
CREATE INDEX unit_day_own_day_idx ON unit_day_own (day);

-- Vaccination milestones per person ---------------------------------------------------
CREATE TABLE person_vaccination_milestone (
  district_id    integer  NOT NULL,
  person_id      bigint   NOT NULL,
  unit_id        integer  NOT NULL,
  first_dose_on  date     NOT NULL,
  full_on        date,
  booster_on     date,
  age_first      smallint,
  age_full       smallint,
  age_booster    smallint,
  PRIMARY KEY (district_id, person_id)
);
COMMENT ON TABLE person_vaccination_milestone IS 'Derived from vaccination: the day each person reached each milestone, in the unit of their latest located dose. No personal data beyond ids and ages. Rebuilt by riskmap aggregate --full.';
CREATE INDEX pvm_first_idx ON person_vaccination_milestone (unit_id, first_dose_on);
CREATE INDEX pvm_full_idx ON person_vaccination_milestone (unit_id, full_on) WHERE full_on IS NOT NULL;
CREATE INDEX pvm_booster_idx ON person_vaccination_milestone (unit_id, booster_on) WHERE booster_on IS NOT NULL;

-- Lookups the refresh needs on the event tables ----------------------------------------
CREATE INDEX covid_case_unit_end_idx ON covid_case (unit_id, (COALESCE(recovered_on, confirmed_on + 14)));
CREATE INDEX covid_case_household_idx ON covid_case (household_id, confirmed_on) WHERE household_id IS NOT NULL;

-- Tiers as runs ----------------------------------------------------------------------------
ALTER TABLE unit_tier ADD COLUMN tier_order smallint;
COMMENT ON TABLE unit_tier IS 'Risk tier per unit and rule set as runs: a row is the first day of a run of days with the same tier (day = first day). No row on or before D = the tier of an empty record (computed from the unit''s population). indicators/reasons are those of the run''s first day.';
COMMENT ON COLUMN unit_tier.tier_order IS '1 = lowest risk; NULL for insufficient data.';
CREATE INDEX unit_tier_lookup_idx ON unit_tier (unit_id, rule_set_id, day);

-- Live events ---------------------------------------------------------------------------------
CREATE TABLE live_event (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind       text   NOT NULL CHECK (kind IN ('refresh', 'capacity', 'rule-set')),
  payload    jsonb  NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE live_event IS 'Changes published to /api/live, in order: ids are the SSE event ids (resumable with Last-Event-ID; every server process streams the same rows). Payloads hold unit ids, tiers and days only, never personal data. Old rows are pruned.';
