// Joins the tier columns of the level drawn to the map (feature-state) and
// finds the units whose tier changed since the last answer for the same
// level, date and rule set, so the map can flash them.
import type { UnitColumns } from '../api/types.ts';

export interface TierSnapshot {
  key: string;
  tiers: Map<number, number>;
}

/** The ids whose legend index differs between two answers of the same key; none when the key changed (a new date is not a change). */
export function findChangedTiers(previous: TierSnapshot | null, key: string, columns: Pick<UnitColumns, 'id' | 'tier'>): number[] {
  if (!previous || previous.key !== key) return [];
  const changed: number[] = [];
  columns.id.forEach((id, i) => {
    const before = previous.tiers.get(id);
    if (before !== undefined && before !== columns.tier[i]) changed.push(id);
  });
  return changed;
}

export function snapshotTiers(key: string, columns: Pick<UnitColumns, 'id' | 'tier'>): TierSnapshot {
  return { key, tiers: new Map(columns.id.map((id, i) => [id, columns.tier[i] ?? -1])) };
}
