// Tier-change alerts: after each refresh the followed units' tiers on the
// last data day (default rule set) are compared with the tier they were last
// seen at; a change raises one alert per follower and, for followers with a
// webhook, a delivery in the outbox — in one transaction. The first time a
// unit is seen its tier is only noted. Alerts carry units and tiers, never people.
import { DEFAULT_RULE_SET_ID } from '../../geo/risk/index.ts';
import type { Database, Session } from '../db/database.ts';
import { listRuleSets } from '../risk/rule-set.service.ts';
import { Baselines, selectBaselineChildren } from '../risk/tier.service.ts';
import { selectUnits } from '../risk/tier.repo.ts';
import {
  changeStates, insertAlerts, insertDeliveries, selectFollowers, selectTiersAt, selectUnitNames, selectWebhooks,
} from './alerts.repo.ts';

export const ALERT_RULE_SET_ID = DEFAULT_RULE_SET_ID;

const SELECT_MAP_DAY = `SELECT max(r.day)::text AS day FROM unit_day_rollup r JOIN unit u ON u.id = r.unit_id WHERE u.level = 'city' AND r.day <= $1::date`;

/** Each unit's tier on `day` under the rule set: its run, else its baseline. */
async function tiersOn(session: Session, unitIds: readonly number[], day: string): Promise<Map<number, string>> {
  const tiers = new Map((await selectTiersAt(session, ALERT_RULE_SET_ID, unitIds, day)).map((r) => [r.unit_id, r.tier]));
  const missing = unitIds.filter((id) => !tiers.has(id));
  if (missing.length > 0) {
    const ruleSets = await listRuleSets(session);
    const ruleSet = ruleSets.find((rs) => rs.id === ALERT_RULE_SET_ID);
    if (ruleSet) {
      const units = await selectUnits(session, missing);
      const children = await selectBaselineChildren(session, missing, ruleSets);
      const baselines = new Baselines(ruleSets, (id) => children.get(id) ?? []);
      for (const unit of units) if (ruleSet.levels.includes(unit.level)) tiers.set(unit.id, baselines.tierOf(unit, ruleSet));
    }
  }
  return tiers;
}

export interface RaisedAlert { id: number; userId: number; unitId: number; from: string | null; to: string }

/** Compares followed units (of `unitIds`, or all when null) with their last seen tier; raises alerts for changes. */
export async function raiseTierAlerts(database: Database, unitIds: readonly number[] | null): Promise<RaisedAlert[]> {
  return database.transaction(async (session) => {
    const followers = await selectFollowers(session, unitIds);
    if (followers.length === 0) return [];
    // The day the dashboard opens on (the city's last rollup day, as /api/client-config); before any data, today: every unit at its baseline.
    const today = new Date().toISOString().slice(0, 10);
    const [end] = await session.query<{ day: string | null }>(SELECT_MAP_DAY, [today]);
    const day = end?.day ?? today;
    const units = [...new Set(followers.map((f) => f.unit_id))];
    const changed = (await changeStates(session, ALERT_RULE_SET_ID, await tiersOn(session, units, day), day)).filter((c) => c.from_tier !== null);
    if (changed.length === 0) return [];
    const byUnit = new Map(changed.map((c) => [c.unit_id, c]));
    const rows = followers.filter((f) => byUnit.has(f.unit_id)).map((f) => ({ user_id: f.user_id, unit_id: f.unit_id, from_tier: byUnit.get(f.unit_id)!.from_tier, to_tier: byUnit.get(f.unit_id)!.to_tier }));
    const alerts = await insertAlerts(session, ALERT_RULE_SET_ID, day, rows);
    const hooks = new Map((await selectWebhooks(session, [...new Set(alerts.map((a) => a.user_id))])).map((h) => [h.user_id, h.webhook_url]));
    if (hooks.size > 0) {
      const names = new Map((await selectUnitNames(session, [...byUnit.keys()])).map((u) => [u.id, u]));
      await insertDeliveries(session, alerts.filter((a) => hooks.has(a.user_id)).map((a) => ({
        alert_id: Number(a.id), url: hooks.get(a.user_id)!,
        payload: { type: 'tier-change', alertId: Number(a.id), unit: names.get(a.unit_id) ?? { id: a.unit_id }, ruleSet: ALERT_RULE_SET_ID, from: a.from_tier, to: a.to_tier, day },
      })));
    }
    return alerts.map((a) => ({ id: Number(a.id), userId: a.user_id, unitId: a.unit_id, from: a.from_tier, to: a.to_tier }));
  });
}
