// Gathers a zone report's numbers from the same services and access shaping
// the map's API uses (describeUnit / describeHistory + shapeUnitDetail /
// shapeHistory), so every figure in a report equals what GET /api/units/:id
// shows the same caller. Nothing here computes an indicator.
import type { RuleSet, UnitLevel } from '../../geo/risk/index.ts';
import { pickLegendColours } from '../../geo/risk/tier-palette.ts';
import type { Database } from '../db/database.ts';
import { findUnitPlaces } from '../access/guards.ts';
import { canSeeAggregates, canSeePersonalData, type Caller, type UnitPlace } from '../access/policy.ts';
import { suppressCount, type ShownCount } from '../access/suppression.ts';
import { AppError } from '../errors.ts';
import { dayOf, toIsoDate } from '../risk/days.ts';
import { describeHistory, describeUnit, findRuleSet, listLevelUnits } from '../risk/unit-risk.service.ts';
import { shapeHistory, shapeLevelColumns, shapeUnitDetail } from '../risk/units.access.ts';
import { resolveZone, type ZoneArea } from '../zones/zones.service.ts';
import { selectDataSpan, selectUnitShapes, selectUnitsAtLevel, selectZoneOutline } from './reports.repo.ts';

/** A day total not shown because it would reveal a hidden count. */
export const WITHHELD = '*';

export interface ReportRequest {
  /** The report's date: the period's last day. */
  date: string;
  /** First day of the period (the epidemic curve and tier history); date − 27 when only a date is asked. */
  from: string;
  ruleSet?: string;
  level?: string;
  /** Language of headers and labels in XLSX (and the PDF's first language); default vi. */
  language?: 'vi' | 'en';
}

export interface LegendEntry { id: string; order: number | null; label: { vi: string; en: string }; colour: string }

export interface ReportUnit {
  id: number; code: string; name: string; level: string; population: number | null;
  tier: { id: string; order: number | null; label: { vi: string; en: string }; colour: string; insufficientData: boolean };
  summary: { vi: string; en: string };
  indicators: Record<string, number | string | null>;
  /** The map's counts (GET /api/units?level=…): community cases in 14 days, all cases in 7 days, as shown to the caller. */
  counts: { communityCases14d: ShownCount; cases7d: ShownCount };
  standing: Record<string, ShownCount>;
  lastDataDay: string | null;
  suppressed: boolean;
  geometry: string | null;
  /** Tier id per day of the period. */
  tierByDay: string[];
  /** truth-cases (#14): figures that cannot be right, with their cause (e.g. coverage_above_100), as the unit panel shows them. */
  dataProblems: Array<{ code: string; indicator: string; numerator: ShownCount; denominator: number | null }>;
  /** Daily cases per day of the period, as the unit's history shows them to the caller ("<5" where hidden). */
  casesByDay: ShownCount[];
}

export interface ReportData {
  language: 'vi' | 'en';
  zone: ZoneArea & { outline: string | null };
  date: string; from: string; days: string[];
  ruleSet: { id: string; name: { vi: string; en: string }; version: string };
  legend: LegendEntry[];
  units: ReportUnit[];
  indicatorKeys: string[];
  /** The zone's tier: the highest tier among its graded units (insufficient data only when no unit has data). */
  zoneTier: { tier: LegendEntry; units: string[] };
  /**
   * Daily cases summed over the zone's units. For a caller with suppression: a total of 1…threshold−1 is "<threshold",
   * and a day on which any unit's own count is hidden is WITHHELD (its total minus the shown counts would reveal it).
   */
  curve: { date: string; cases: ShownCount }[];
  /** Per day, the highest tier among the zone's units (tier id). */
  tierHistory: { date: string; tier: string }[];
  freshness: { lastDataDay: string | null; generatedAt: string };
  suppression: { applied: boolean; threshold: number; role: string };
}

/** The rule set's legend in the dashboard's palette (geo/risk/tier-palette.ts), so the report's colours are the map's. */
const legendOf = (rs: RuleSet): LegendEntry[] => {
  const legend = [
    ...[...rs.tiers].sort((a, b) => a.order - b.order).map((t) => ({ id: t.id, order: t.order as number | null, label: t.label, colour: t.colour })),
    { id: rs.insufficientTier.id, order: null, label: rs.insufficientTier.label, colour: rs.insufficientTier.colour },
  ];
  const palette = pickLegendColours(legend);
  return legend.map((t, i) => ({ ...t, colour: palette[i] ?? t.colour }));
};

/** The units a report lists (the zone's own, or those of `level` inside them) that the caller may see, with where each sits. */
async function reportUnitPlaces(database: Database, caller: Caller, zone: ZoneArea, level: string | undefined): Promise<Map<number, UnitPlace>> {
  const ids = level ? await database.withSession((s) => selectUnitsAtLevel(s, zone.unitIds, level)) : zone.unitIds;
  const places = await findUnitPlaces(database, ids);
  return new Map(ids.flatMap((id) => {
    const place = places.get(id);
    return place && canSeeAggregates(caller, place) ? [[id, place] as const] : [];
  }));
}

/** Refuses a period in which none of the zone's units has a record, saying where data does run. */
export async function requireDataInPeriod(database: Database, zone: ZoneArea, unitIds: number[], from: string, to: string): Promise<void> {
  const span = await database.withSession((s) => selectDataSpan(s, unitIds, from, to));
  if (span.in_period > 0) return;
  const runs = span.first ? `data runs ${span.first} – ${span.last}` : 'there are no records in this zone at all';
  throw new AppError('REPORT_NO_DATA', `No records between ${from} and ${to} in zone "${zone.name}"; ${runs}.`, { from, to, dataFrom: span.first, dataTo: span.last });
}

export async function prepareReportUnits(database: Database, caller: Caller, zoneId: number, request: ReportRequest) {
  const zone = await database.withSession((s) => resolveZone(s, zoneId));
  const places = await reportUnitPlaces(database, caller, zone, request.level);
  const unitIds = [...places.keys()];
  if (unitIds.length === 0) {
    const what = request.level ? `${request.level} units` : 'units';
    throw new AppError('ZONE_EMPTY', `Zone "${zone.name}" has no ${what} you may see${request.level ? ' (level lists units below the zone\'s own)' : ''}.`);
  }
  return { zone, unitIds, places };
}

const highest = (legend: LegendEntry[], tierIds: string[]): LegendEntry => {
  const graded = legend.filter((t) => t.order !== null && tierIds.includes(t.id));
  return graded.length > 0 ? (graded[graded.length - 1] as LegendEntry) : (legend[legend.length - 1] as LegendEntry);
};

/** The map's columns for the levels of these units, shaped for the caller exactly as GET /api/units shapes them. */
async function mapCounts(database: Database, caller: Caller, threshold: number, levels: Set<string>, date: string, ruleSetId: string) {
  const counts = new Map<number, { communityCases14d: ShownCount; cases7d: ShownCount }>();
  for (const level of levels) {
    const columns = await database.withSession((s) => listLevelUnits(s, level as UnitLevel, date, ruleSetId));
    const shown = await shapeLevelColumns(database, caller, level as UnitLevel, columns, threshold);
    shown.id.forEach((id, i) => counts.set(id, { communityCases14d: shown.communityCases14d[i] as ShownCount, cases7d: shown.cases7d[i] as ShownCount }));
  }
  return counts;
}

/** Collects every figure of the report; calls onUnit after each unit (progress). */
export async function gatherReportData(
  database: Database, caller: Caller, threshold: number, zoneId: number, request: ReportRequest, onUnit: (done: number, total: number) => Promise<void>,
): Promise<ReportData> {
  const { zone, unitIds, places } = await prepareReportUnits(database, caller, zoneId, request);
  const { ruleSet } = await database.withSession((s) => findRuleSet(s, request.ruleSet));
  const legend = legendOf(ruleSet);
  const [first, last] = [dayOf(request.from), dayOf(request.date)];
  const days = Array.from({ length: last - first + 1 }, (_, i) => toIsoDate(first + i));
  const shapes = await database.withSession((s) => selectUnitShapes(s, unitIds));
  const outline = await database.withSession((s) => selectZoneOutline(s, zone.id));
  const exactCases = new Map<string, number>(days.map((d) => [d, 0]));
  const units: ReportUnit[] = [];
  let anySuppressed = false;
  // Days on which some unit's count is hidden from the caller: the zone's total would give it away by subtraction.
  const hiddenDays = new Set<string>();
  for (const [i, id] of unitIds.entries()) {
    const place = places.get(id)!;
    const detail = await database.withSession((s) => describeUnit(s, id, request.date, ruleSet.id));
    const history = await database.withSession((s) => describeHistory(s, id, request.from, request.date, ruleSet.id, 'daily'));
    const shown = await shapeUnitDetail(database, caller, place, detail, threshold);
    const shownHistory = await shapeHistory(database, caller, place, history, threshold);
    anySuppressed ||= !canSeePersonalData(caller, place);
    for (const c of history.counts) exactCases.set(c.date, (exactCases.get(c.date) ?? 0) + Number(c.cases));
    for (const c of shownHistory.counts) if (typeof c.cases === 'string') hiddenDays.add(c.date);
    const tierOn = new Map(shownHistory.days.map((d) => [d.date, d.tier]));
    const casesOn = new Map(shownHistory.counts.map((c) => [c.date, c.cases]));
    units.push({
      id, code: detail.unit.code, name: detail.unit.name, level: detail.unit.level, population: detail.unit.population,
      tier: { ...shown.tier, colour: legend.find((t) => t.id === shown.tier.id)?.colour ?? shown.tier.colour }, summary: shown.summary, indicators: (shown.indicators ?? {}) as Record<string, number | string | null>,
      counts: { communityCases14d: '', cases7d: '' }, standing: shown.standing as Record<string, ShownCount>, lastDataDay: shown.freshness.lastDataDay, suppressed: shown.suppressed,
      geometry: shapes.get(id) ?? null, tierByDay: days.map((d) => tierOn.get(d) ?? legend[legend.length - 1]!.id),
      dataProblems: (shown.dataProblems ?? []) as ReportUnit['dataProblems'],
      casesByDay: days.map((d) => casesOn.get(d) ?? 0),
    });
    await onUnit(i + 1, unitIds.length);
  }
  const counts = await mapCounts(database, caller, threshold, new Set(units.map((u) => u.level)), request.date, ruleSet.id);
  for (const u of units) u.counts = counts.get(u.id) ?? u.counts;
  const keys = [...new Set(units.flatMap((u) => Object.keys(u.indicators)))];
  const top = highest(legend, units.map((u) => u.tier.id));
  return {
    language: request.language ?? 'vi',
    zone: { ...zone, outline }, date: request.date, from: request.from, days,
    ruleSet: { id: ruleSet.id, name: ruleSet.name, version: ruleSet.version }, legend, units, indicatorKeys: keys,
    zoneTier: { tier: top, units: units.filter((u) => u.tier.id === top.id).map((u) => u.name) },
    curve: days.map((d) => ({ date: d, cases: hiddenDays.has(d) ? WITHHELD : anySuppressed ? suppressCount(exactCases.get(d) ?? 0, threshold) : (exactCases.get(d) ?? 0) })),
    tierHistory: days.map((d, k) => ({ date: d, tier: highest(legend, units.map((u) => u.tierByDay[k] as string)).id })),
    freshness: { lastDataDay: units.map((u) => u.lastDataDay).filter((d): d is string => d !== null).sort().at(-1) ?? null, generatedAt: new Date().toISOString() },
    suppression: { applied: anySuppressed, threshold, role: caller.role },
  };
}
