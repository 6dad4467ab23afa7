// SQL of tier changes as alerts see them: the day alerts look up to (the last
// day with a record, not after today), each followed unit's tier changes in
// the look-back window, the record of changes already seen, and the alerts
// (one per follower, in day order) those changes raise.
import type { Session } from '../db/database.ts';
import { RECORD_DAY } from '../aggregate/rollup-sql.ts';

// Days after the last record are a projection ("if nothing more is reported"); a tier change there is not news yet.
const SELECT_ALERT_DAY = `
SELECT day::text AS day FROM unit_day_own
WHERE ${RECORD_DAY} AND day <= $1::date ORDER BY day DESC LIMIT 1`;

export const selectAlertDay = async (s: Session, today: string) =>
  (await s.query<{ day: string }>(SELECT_ALERT_DAY, [today]))[0]?.day ?? null;

// A run row whose tier differs from the run before it is a change on its day; the first run's "before" is the baseline (filled in by the caller).
const SELECT_CHANGES = `
SELECT unit_id, day::text AS day, from_tier, to_tier FROM (
  SELECT unit_id, day, lag(tier) OVER (PARTITION BY unit_id ORDER BY day) AS from_tier, tier AS to_tier
  FROM unit_tier WHERE rule_set_id = $1 AND unit_id = ANY($2::int[]) AND day <= $3::date) t
WHERE day > $3::date - $4::int AND from_tier IS DISTINCT FROM to_tier
ORDER BY day, unit_id`;

export const selectTierChanges = (s: Session, ruleSetId: string, unitIds: readonly number[], alertDay: string, lookbackDays: number) =>
  s.query<{ unit_id: number; day: string; from_tier: string | null; to_tier: string }>(SELECT_CHANGES, [ruleSetId, unitIds, alertDay, lookbackDays]);

export interface TransitionRow { unit_id: number; day: string; from_tier: string; to_tier: string; alerted: boolean }

// Only the insert that records a change returns it: with several processes hearing one event, one raises the alerts.
const RECORD_TRANSITIONS = `
INSERT INTO alert_transition (unit_id, rule_set_id, day, from_tier, to_tier, alerted)
SELECT unit_id, $1, day, from_tier, to_tier, alerted
FROM jsonb_to_recordset($2::jsonb) AS x(unit_id int, day date, from_tier text, to_tier text, alerted boolean)
ON CONFLICT DO NOTHING
RETURNING unit_id, day::text AS day, from_tier, to_tier, alerted`;

export const recordTransitions = (s: Session, ruleSetId: string, rows: readonly TransitionRow[]) =>
  s.query<TransitionRow>(RECORD_TRANSITIONS, [ruleSetId, JSON.stringify(rows)]);

const SELECT_OBSERVED = `SELECT unit_id FROM alert_unit_state WHERE rule_set_id = $1 AND unit_id = ANY($2::int[])`;
export const selectObservedUnits = async (s: Session, ruleSetId: string, unitIds: readonly number[]) =>
  new Set((await s.query<{ unit_id: number }>(SELECT_OBSERVED, [ruleSetId, unitIds])).map((r) => r.unit_id));

const UPSERT_STATES = `
INSERT INTO alert_unit_state (unit_id, rule_set_id, tier, day)
SELECT unit_id, $1, tier, $4::date FROM unnest($2::int[], $3::text[]) AS x(unit_id, tier)
ON CONFLICT (unit_id, rule_set_id) DO UPDATE SET tier = EXCLUDED.tier, day = EXCLUDED.day`;

export const upsertUnitStates = (s: Session, ruleSetId: string, tiers: ReadonlyMap<number, string>, day: string) =>
  s.query(UPSERT_STATES, [ruleSetId, [...tiers.keys()], [...tiers.values()], day]);

export interface AlertToInsert { user_id: number; unit_id: number; from_tier: string; to_tier: string; day: string }

const INSERT_ALERTS = `
INSERT INTO alert (user_id, unit_id, rule_set_id, from_tier, to_tier, day)
SELECT user_id, unit_id, $1, from_tier, to_tier, day
FROM ROWS FROM (jsonb_to_recordset($2::jsonb) AS (user_id int, unit_id int, from_tier text, to_tier text, day date)) WITH ORDINALITY AS a(user_id, unit_id, from_tier, to_tier, day, n)
ORDER BY n
RETURNING id, user_id, unit_id, from_tier, to_tier, day::text AS day`;

/** Inserts alerts in the order given (ids ascend with it, so the newest change lists first). */
export const insertDayAlerts = (s: Session, ruleSetId: string, rows: readonly AlertToInsert[]) =>
  s.query<{ id: number | string; user_id: number; unit_id: number; from_tier: string; to_tier: string; day: string }>(INSERT_ALERTS, [ruleSetId, JSON.stringify(rows)]);
