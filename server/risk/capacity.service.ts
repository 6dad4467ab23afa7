// Capacity inputs (MoH 4800 criterion 3, 218 response capacity) per unit from
// a date; saving one regrades the unit and its ancestors from that date.
import type { Database, Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { LiveBus } from '../live/live-bus.ts';
import { describeTierChanges, runLocked } from '../aggregate/aggregate.service.ts';
import { dayOf } from './days.ts';
import { recomputeTiers } from './tier.service.ts';

export interface CapacityEntry {
  effectiveFrom: string;
  treatmentCapacityMet: boolean | null;
  responseCapacity: 'high' | 'medium' | 'low' | null;
}

const UPSERT_CAPACITY = `
INSERT INTO unit_capacity (unit_id, effective_from, treatment_capacity_met, response_capacity)
VALUES ($1, $2::date, $3, $4)
ON CONFLICT (unit_id, effective_from) DO UPDATE SET treatment_capacity_met = EXCLUDED.treatment_capacity_met,
  response_capacity = EXCLUDED.response_capacity, entered_at = now()`;
const SELECT_CAPACITY = `
SELECT effective_from::text AS "effectiveFrom", treatment_capacity_met AS "treatmentCapacityMet", response_capacity AS "responseCapacity"
FROM unit_capacity WHERE unit_id = $1 ORDER BY effective_from`;
const UNIT_EXISTS = `SELECT 1 FROM unit WHERE id = $1`;

export async function listCapacity(session: Session, unitId: number): Promise<CapacityEntry[]> {
  return session.query<CapacityEntry>(SELECT_CAPACITY, [unitId]);
}

/** Saves a capacity entry and regrades the unit (and ancestors) from its date, publishing a live event. */
export async function saveCapacity(database: Database, live: LiveBus | null, unitId: number, entry: CapacityEntry): Promise<CapacityEntry[]> {
  const { entries } = await runLocked(database, { live }, async (session, publish) => {
    if ((await session.query(UNIT_EXISTS, [unitId])).length === 0) throw new AppError('NOT_FOUND', `no unit ${unitId}`);
    await session.query(UPSERT_CAPACITY, [unitId, entry.effectiveFrom, entry.treatmentCapacityMet, entry.responseCapacity]);
    const changes = await recomputeTiers(session, new Map([[unitId, dayOf(entry.effectiveFrom)]]));
    const eventId = await publish('capacity', { units: [unitId], tiers: describeTierChanges(changes), days: [entry.effectiveFrom, entry.effectiveFrom] });
    return { eventId, entries: await listCapacity(session, unitId) };
  });
  return entries;
}
