// Refreshing rollups and tiers: incrementally from the (unit, day) pairs
// ingest marks dirty, or from scratch. Each run is one transaction under a
// database-wide lock, and ends by publishing a live event.
import type { Database, Session } from '../db/database.ts';
import { span } from '../ingest/ingest-spans.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { insertLiveEvent, type LiveEventKind, type LivePayload } from '../live/live.repo.ts';
import { dayOf, toIsoDate } from '../risk/days.ts';
import { rebuildAllTiers, recomputeTiers, type TierChange } from '../risk/tier.service.ts';
import {
  createWorkTables, expandCaseDays, rebuildAllRollups, refreshMilestones, refreshOwnRows, refreshRollups, releaseTakenPairs, takeDirtyPairs,
  takeRefreshLock, tuneForRefresh,
} from './rollup.repo.ts';

/** Above this many units an event says "reload" instead of listing them. */
const MAX_UNITS_IN_EVENT = 5000;

export interface RefreshSummary {
  dirtyPairs: number;
  unitsRefreshed: number;
  tierChanges: number;
  /** Id of the live event published, null when there was nothing to do. */
  eventId: number | null;
}

export interface RefreshOptions {
  /** Announces the event after commit when events do not travel by NOTIFY. */
  live?: LiveBus | null;
}

/** Runs fn in a transaction under the refresh lock, then announces the event it wrote (if any). */
export async function runLocked<T extends { eventId: number | null }>(database: Database, options: RefreshOptions,
  fn: (session: Session, publish: (kind: LiveEventKind, payload: LivePayload) => Promise<number>) => Promise<T>): Promise<T> {
  const notify = database.capabilities.listenNotify;
  const result = await database.transaction(async (session) => {
    await takeRefreshLock(session);
    return fn(session, (kind, payload) => insertLiveEvent(session, kind, payload, notify));
  });
  if (result.eventId !== null && options.live && !options.live.viaNotify) await options.live.announceCommitted(result.eventId);
  return result;
}

export function describeTierChanges(changes: readonly TierChange[]): LivePayload['tiers'] {
  if (changes.length > MAX_UNITS_IN_EVENT) return null;
  return changes.map((c) => [c.unitId, c.ruleSetId, c.tier, toIsoDate(c.fromDay)]);
}

/**
 * Consumes dirty_unit_day: recomputes the own rows of the dirty pairs (and the
 * pairs they affect: milestone days of the people concerned, the 14 days after
 * a case, case end days), the rollups of those pairs and all their ancestors,
 * then the tiers of every touched unit from its first touched day. Returns
 * what it did; a run with nothing dirty does nothing and publishes nothing.
 */
export async function refreshDirtyUnits(database: Database, options: RefreshOptions = {}): Promise<RefreshSummary> {
  return runLocked(database, options, async (session, publish) => {
    await tuneForRefresh(session);
    await createWorkTables(session);
    const dirtyPairs = await span('refresh: take pairs', () => takeDirtyPairs(session));
    if (dirtyPairs === 0) {
      await releaseTakenPairs(session); // pairs of units that no longer exist
      return { dirtyPairs, unitsRefreshed: 0, tierChanges: 0, eventId: null };
    }
    await span('refresh: case days', () => expandCaseDays(session));
    await span('refresh: milestones', () => refreshMilestones(session));
    await span('refresh: own rows', () => refreshOwnRows(session));
    const touched = await span('refresh: rollups', () => refreshRollups(session));
    const fromDays = new Map([...touched].map(([unitId, day]) => [unitId, dayOf(day)]));
    const changes = await span('refresh: tiers', () => recomputeTiers(session, fromDays));
    const days = [...fromDays.values()];
    const eventId = await publish('refresh', {
      units: touched.size > MAX_UNITS_IN_EVENT ? null : [...touched.keys()].sort((a, b) => a - b),
      tiers: describeTierChanges(changes),
      days: [toIsoDate(Math.min(...days)), toIsoDate(Math.max(...days))],
    });
    await span('refresh: release pairs', () => releaseTakenPairs(session));
    return { dirtyPairs, unitsRefreshed: touched.size, tierChanges: changes.length, eventId };
  });
}

export interface RebuildSummary {
  unitsWithData: number;
  rollupSeconds: number;
  tierSeconds: number;
  eventId: number | null;
}

/** Rebuilds milestones, rollups and tiers from the event tables (`riskmap aggregate --full`). */
export async function rebuildEverything(database: Database, options: RefreshOptions = {}): Promise<RebuildSummary> {
  return runLocked(database, options, async (session, publish) => {
    const started = performance.now();
    await rebuildAllRollups(session);
    const rolled = performance.now();
    const unitsWithData = await rebuildAllTiers(session);
    const done = performance.now();
    const eventId = await publish('refresh', { units: null, tiers: null, days: null, full: true });
    return { unitsWithData, rollupSeconds: (rolled - started) / 1000, tierSeconds: (done - rolled) / 1000, eventId };
  });
}

/** Regrades every unit (after a rule set was added or changed), publishing a rule-set event. */
export async function rebuildTiersOnly(database: Database, options: RefreshOptions, ruleSetId: string): Promise<{ eventId: number | null }> {
  return runLocked(database, options, async (session, publish) => {
    await rebuildAllTiers(session);
    return { eventId: await publish('rule-set', { units: null, tiers: null, days: null, ruleSetId }) };
  });
}
