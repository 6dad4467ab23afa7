-- 0009: the numbers on the map are what the city counts (issue 14, points 1, 4, 5).
--
--  * A pooled RT-PCR positive opens no case: its members are "pending individual
--    retest" until an individual test (or a later pool) or 14 days [cfg] pass.
--    Rollups carry when a pending retest starts and stops, so the standing count
--    as of D is a running sum, like active cases.
--  * Positivity counts samples: a pool is one test. Members of one pool share the
--    source's sample (tube) id, now kept on every test.
--  * Full course per vaccine's primary series; age bands by age on the date
--    shown, so a milestone keeps the person's birth date.
--  * Rule sets apply as dated: every stored version of a rule set is kept with
--    its effective dates, and a tier run says which version graded it.
--  * A unit's age-band populations are its children's sums unless imported.

ALTER TABLE test_result ADD COLUMN sample_id text;
COMMENT ON COLUMN test_result.sample_id IS 'The source''s sample (tube) id: members of one pooled sample share it, and a pool counts as one test in positivity. NULL when the source sent none (a pooled row without one counts alone).';
CREATE INDEX test_result_pool_idx ON test_result (source_id, sample_id) WHERE pooled AND sample_id IS NOT NULL;
CREATE INDEX test_result_person_time_idx ON test_result (person_id, sample_time) WHERE person_id IS NOT NULL;

ALTER TABLE unit_day_rollup
  ADD COLUMN retest_pending_new   integer NOT NULL DEFAULT 0,
  ADD COLUMN retest_pending_ended integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_in7_new   integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_in7_left  integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_in14_new  integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_in14_left integer NOT NULL DEFAULT 0;
ALTER TABLE unit_day_own
  ADD COLUMN retest_pending_new   integer NOT NULL DEFAULT 0,
  ADD COLUMN retest_pending_ended integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_in7_new   integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_in7_left  integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_in14_new  integer NOT NULL DEFAULT 0,
  ADD COLUMN case_households_in14_left integer NOT NULL DEFAULT 0;
-- HCMC Plan 2716 read as its text: a "case household" is a household with a new case (F0) in the window.
COMMENT ON COLUMN unit_day_rollup.case_households_new IS 'Households with a new case (F0) confirmed this day (HCMC Plan 2716: a case household). Days since the last case household come from this.';
COMMENT ON COLUMN unit_day_rollup.case_households_in14_new IS 'Households entering the set "a new case in the last 14 days" this day (a case, none in the 13 days before). Households with a new case in D-13..D = sum(in14_new - in14_left) up to D.';
COMMENT ON COLUMN unit_day_rollup.case_households_in14_left IS 'Households leaving that set this day: 14 days after a case with no later case in the household within 13 days.';
COMMENT ON COLUMN unit_day_rollup.case_households_in7_new IS 'As case_households_in14_new for the last 7 days.';
COMMENT ON COLUMN unit_day_rollup.case_households_in7_left IS 'As case_households_in14_left for the last 7 days.';
COMMENT ON COLUMN unit_day_rollup.retest_pending_new IS 'People whose pooled RT-PCR sample (sampled this day) was positive: pending an individual retest. A pooled positive is screening, never a case.';
COMMENT ON COLUMN unit_day_rollup.retest_pending_ended IS 'Pending retests that stop this day: the person''s next individual test, or next positive pool, else 14 days [cfg] after the pool. Pending on D = sum(new - ended) up to D.';
COMMENT ON COLUMN unit_day_rollup.full_people IS 'People who completed their primary course this day: the first dose whose number reaches its vaccine''s primary series (Abdala 3, Janssen 1, others 2).';
COMMENT ON COLUMN unit_day_rollup.full_65plus IS 'People fully vaccinated who count in 65+ from this day: the later of their full-course day and their 65th birthday (age on the date shown). Same for every _18plus/_50plus/_65plus column.';

ALTER TABLE person_vaccination_milestone ADD COLUMN birth_date date;
COMMENT ON COLUMN person_vaccination_milestone.birth_date IS 'The person''s birth date, so that age bands use the age on the date shown (a person enters 65+ on their 65th birthday). age_* columns keep the age on the milestone day.';

ALTER TABLE unit ADD COLUMN age_bands_imported boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN unit.age_bands_imported IS 'True when this unit''s own population figures came from an import; otherwise a parent''s figures are its children''s sums.';

ALTER TABLE unit_tier ADD COLUMN rule_set_version text;
COMMENT ON COLUMN unit_tier.rule_set_version IS 'Version of the rule set in force on the run''s days (a run never spans two versions).';

CREATE TABLE rule_set_version (
  id             text NOT NULL,
  version        text NOT NULL,
  document       jsonb NOT NULL,
  effective_from date NOT NULL,
  effective_to   date,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);
COMMENT ON TABLE rule_set_version IS 'Every stored version of a rule set with its effective dates: a date is graded by the version in force that day (before the first, the first). rule_set holds the latest.';
