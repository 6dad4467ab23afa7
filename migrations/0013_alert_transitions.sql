-- 0013: tier changes as alerts see them (issue 17). A tier change is a day on which a followed
-- unit's tier (under the alert rule set) differs from its tier the day before. Each change is
-- recorded once, unit-level and without personal data; the insert that records it is the one that
-- raises its alerts, so several server processes hearing the same event raise it once.
CREATE TABLE alert_transition (
  unit_id     integer     NOT NULL,
  rule_set_id text        NOT NULL,
  day         date        NOT NULL,
  from_tier   text        NOT NULL,
  to_tier     text        NOT NULL,
  alerted     boolean     NOT NULL,
  seen_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (unit_id, rule_set_id, day, from_tier, to_tier)
);
COMMENT ON TABLE alert_transition IS 'Tier changes already seen by the alerts: raised once per (unit, rule set, day, from, to). alerted is false for changes only noted (a unit first followed, or older than the look-back window).';
COMMENT ON COLUMN alert_transition.day IS 'The first day at the new tier.';
