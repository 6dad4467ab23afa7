// Access rules applied to the risk API's answers: who may see which units,
// and small-number suppression for callers without personal-data rights.
// The services compute; this file decides what of it leaves.
import type { Database } from '../db/database.ts';
import { canSeePersonalData, type Caller, type UnitLevel, type UnitPlace } from '../access/policy.ts';
import { visibleUnitIds } from '../access/guards.ts';
import { suppressChildRows, suppressColumns, suppressCountsDeep, withholdRates } from '../access/suppress-response.ts';
import type { UnitColumns } from './unit-risk.service.ts';

const SELECT_PLACES = `SELECT a.unit_id, a.level, a.ward_id, a.district_id, u.parent_id FROM unit_ancestry a JOIN unit u ON u.id = a.unit_id WHERE a.unit_id = ANY($1::int[])`;

interface PlaceRow {
  unit_id: number;
  level: UnitLevel;
  ward_id: number | null;
  district_id: number | null;
  parent_id: number | null;
}

async function loadPlaces(database: Database, ids: readonly number[]): Promise<Map<number, PlaceRow>> {
  const rows = await database.withSession((s) => s.query<PlaceRow>(SELECT_PLACES, [ids]));
  return new Map(rows.map((r) => [r.unit_id, r]));
}

const seesExactly = (caller: Caller, place: PlaceRow | undefined): boolean =>
  place !== undefined && canSeePersonalData(caller, { unitId: place.unit_id, level: place.level, wardId: place.ward_id, districtId: place.district_id });

/** A level's columns: only the units the caller may see, suppressed where the caller may not see individuals. */
export async function shapeLevelColumns(database: Database, caller: Caller, level: UnitLevel, columns: UnitColumns, threshold: number): Promise<UnitColumns> {
  const visible = await visibleUnitIds(database, caller, level);
  let shown = columns;
  if (visible !== 'all') {
    const keep = columns.id.map((id) => visible.has(id));
    const pick = <T,>(values: T[]) => values.filter((_, i) => keep[i]);
    shown = {
      ...columns, id: pick(columns.id), tier: pick(columns.tier), population: pick(columns.population), communityCases14d: pick(columns.communityCases14d),
      cases7d: pick(columns.cases7d), casesPer100kPerWeek: pick(columns.casesPer100kPerWeek), coverage1Dose18: pick(columns.coverage1Dose18),
    };
  }
  const places = await loadPlaces(database, shown.id);
  const parentOf = new Map([...places.values()].map((p) => [p.unit_id, p.parent_id]));
  return suppressColumns(shown as never, parentOf, threshold, (id) => seesExactly(caller, places.get(id))) as UnitColumns;
}

/** A unit's children: only those the caller may see, suppressed as siblings. */
export async function shapeChildren<R extends { id: number; level: string; communityCases14d: number | string; cases7d: number | string; casesPer100kPerWeek: number | null }>(
  database: Database,
  caller: Caller,
  children: R[],
  threshold: number,
): Promise<R[]> {
  const level = children[0]?.level as UnitLevel | undefined;
  if (!level) return children;
  const visible = await visibleUnitIds(database, caller, level);
  const kept = visible === 'all' ? children : children.filter((c) => visible.has(c.id));
  const places = await loadPlaces(database, kept.map((c) => c.id));
  return suppressChildRows(kept, threshold, (id) => seesExactly(caller, places.get(id)));
}

/** Sums of a unit's recent daily counts, to know which rates would reveal a hidden count. */
function recentCounts(counts: ReadonlyArray<{ cases: number | string; communityCases: number | string; positives: number | string }>): Record<string, number> {
  const sum = (rows: typeof counts, key: 'cases' | 'communityCases' | 'positives') => rows.reduce((s, r) => s + (typeof r[key] === 'number' ? (r[key] as number) : 0), 0);
  const last14 = counts.slice(-14);
  const last7 = counts.slice(-7);
  return { communityCases14d: sum(last14, 'communityCases'), allCases14d: sum(last14, 'cases'), allCases7d: sum(last7, 'cases'), positivePcr7d: sum(last7, 'positives') };
}

/** One unit's detail (its place already resolved by the guard), suppressed when the caller may not see individuals there. */
export function shapeUnitDetail<D extends { unit: { id: number }; indicators: Record<string, number | null> | null; history: { counts: Array<{ cases: number | string; communityCases: number | string; positives: number | string }> } }>(
  caller: Caller,
  place: UnitPlace,
  detail: D,
  threshold: number,
): D & { suppressed: boolean } {
  if (canSeePersonalData(caller, place)) return { ...detail, suppressed: false };
  const counts = recentCounts(detail.history.counts);
  const shown = suppressCountsDeep(detail, threshold);
  const indicators = withholdRates(detail.indicators, counts, threshold);
  // A band reason carries the rate too: withhold it wherever the indicator was withheld.
  const withheld = new Set(Object.entries(indicators ?? {}).filter(([key, value]) => value === null && detail.indicators?.[key] !== null).map(([key]) => key));
  const reasons = (shown as { reasons?: unknown[] }).reasons?.map((reason) => {
    const r = reason as { indicator?: string };
    return r.indicator && withheld.has(r.indicator) ? { ...r, value: null, valueUsed: null } : reason;
  });
  return { ...shown, unit: detail.unit, indicators, ...(reasons ? { reasons } : {}), suppressed: true };
}

/** A unit's history, suppressed when the caller may not see individuals there. */
export function shapeHistory<H>(caller: Caller, place: UnitPlace, history: H, threshold: number): H {
  return canSeePersonalData(caller, place) ? history : suppressCountsDeep(history, threshold);
}
