// Tier-change alerts. A tier change is a day on which a followed unit's tier
// (under the alert rule set) differs from its tier the day before. After each
// refresh, capacity entry or regrade, every followed unit's changes in the
// look-back window ending on the alert day are compared with the changes
// already recorded; each new one raises one alert per follower and, for
// followers with a webhook, a delivery in the outbox — in one transaction.
// Alerts carry units, tiers and days, never people.
import { DEFAULT_RULE_SET_ID } from '../../geo/risk/index.ts';
import type { Database, Session } from '../db/database.ts';
import { listRuleSets } from '../risk/rule-set.service.ts';
import { Baselines, selectBaselineChildren } from '../risk/tier.service.ts';
import { selectUnits } from '../risk/tier.repo.ts';
import { insertDeliveries, selectFollowers, selectTiersAt, selectUnitNames, selectWebhooks } from './alerts.repo.ts';
import {
  insertDayAlerts, recordTransitions, selectAlertDay, selectObservedUnits, selectTierChanges, upsertUnitStates, type AlertToInsert, type TransitionRow,
} from './alert-transitions.repo.ts';

export const ALERT_RULE_SET_ID = DEFAULT_RULE_SET_ID;

/**
 * Days before the alert day whose tier changes still alert: the two weeks the
 * assessments look back over. A backfill or regrade that rewrites older
 * history raises nothing for it, so a first import of a year of data raises
 * at most the last two weeks' changes, not hundreds.
 */
export const ALERT_LOOKBACK_DAYS = 14;

/** Baseline tiers (nothing on record) of the units the alert rule set grades; units it does not grade are left out. */
async function baselinesOf(session: Session, unitIds: readonly number[]): Promise<Map<number, string>> {
  const ruleSets = await listRuleSets(session);
  const ruleSet = ruleSets.find((rs) => rs.id === ALERT_RULE_SET_ID);
  const out = new Map<number, string>();
  if (!ruleSet || unitIds.length === 0) return out;
  const units = await selectUnits(session, unitIds);
  const children = await selectBaselineChildren(session, unitIds, ruleSets);
  const baselines = new Baselines(ruleSets, (id) => children.get(id) ?? []);
  for (const unit of units) if (ruleSet.levels.includes(unit.level)) out.set(unit.id, baselines.tierOf(unit, ruleSet));
  return out;
}

export interface RaisedAlert { id: number; userId: number; unitId: number; from: string; to: string; day: string }

/**
 * Records the tier changes of the followed units (of `unitIds`, or all when
 * null) in the look-back window and raises alerts for the new ones. A unit
 * seen for the first time (at start-up, or just followed) only has its
 * changes noted. `today` is the clock's day (an argument for tests).
 */
export async function raiseTierAlerts(database: Database, unitIds: readonly number[] | null, today = new Date().toISOString().slice(0, 10)): Promise<RaisedAlert[]> {
  return database.transaction(async (session) => {
    const followers = await selectFollowers(session, unitIds);
    if (followers.length === 0) return [];
    const baselines = await baselinesOf(session, [...new Set(followers.map((f) => f.unit_id))]);
    const units = [...baselines.keys()];
    if (units.length === 0) return [];
    // Before any record, every unit is at its baseline and nothing has changed.
    const day = (await selectAlertDay(session, today)) ?? today;
    const observed = await selectObservedUnits(session, ALERT_RULE_SET_ID, units);
    const changes: TransitionRow[] = (await selectTierChanges(session, ALERT_RULE_SET_ID, units, day, ALERT_LOOKBACK_DAYS))
      .map((c) => ({ unit_id: c.unit_id, day: c.day, from_tier: c.from_tier ?? baselines.get(c.unit_id)!, to_tier: c.to_tier, alerted: observed.has(c.unit_id) }))
      .filter((c) => c.from_tier !== c.to_tier);
    const current = new Map(units.map((id) => [id, baselines.get(id)!]));
    for (const r of await selectTiersAt(session, ALERT_RULE_SET_ID, units, day)) current.set(r.unit_id, r.tier);
    await upsertUnitStates(session, ALERT_RULE_SET_ID, current, day);
    const fresh = changes.length > 0 ? (await recordTransitions(session, ALERT_RULE_SET_ID, changes)).filter((c) => c.alerted) : [];
    if (fresh.length === 0) return [];
    return insertAlertsFor(session, fresh, followers);
  });
}

/** One alert per follower of each new change (in day order) and a webhook delivery for followers with a webhook. */
async function insertAlertsFor(session: Session, fresh: readonly TransitionRow[], followers: ReadonlyArray<{ user_id: number; unit_id: number }>): Promise<RaisedAlert[]> {
  const sorted = [...fresh].sort((a, b) => a.day.localeCompare(b.day) || a.unit_id - b.unit_id);
  const rows: AlertToInsert[] = sorted.flatMap((c) => followers.filter((f) => f.unit_id === c.unit_id)
    .map((f) => ({ user_id: f.user_id, unit_id: c.unit_id, from_tier: c.from_tier, to_tier: c.to_tier, day: c.day })));
  const alerts = await insertDayAlerts(session, ALERT_RULE_SET_ID, rows);
  const hooks = new Map((await selectWebhooks(session, [...new Set(alerts.map((a) => a.user_id))])).map((h) => [h.user_id, h.webhook_url]));
  if (hooks.size > 0) {
    const names = new Map((await selectUnitNames(session, [...new Set(alerts.map((a) => a.unit_id))])).map((u) => [u.id, u]));
    await insertDeliveries(session, alerts.filter((a) => hooks.has(a.user_id)).map((a) => ({
      alert_id: Number(a.id), url: hooks.get(a.user_id)!,
      payload: { type: 'tier-change', alertId: Number(a.id), unit: names.get(a.unit_id) ?? { id: a.unit_id }, ruleSet: ALERT_RULE_SET_ID, from: a.from_tier, to: a.to_tier, day: a.day },
    })));
  }
  return alerts.map((a) => ({ id: Number(a.id), userId: a.user_id, unitId: a.unit_id, from: a.from_tier, to: a.to_tier, day: a.day }));
}
