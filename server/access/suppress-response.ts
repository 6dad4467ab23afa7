// Applies small-number suppression to the risk API's answers for callers who
// may not see individuals. Counts 1…threshold−1 become "<threshold"; among
// siblings (children of one parent) a second count is hidden when one alone
// could be recovered from the parent's total; rates computed from a hidden
// count are withheld (null), since rate × population would give it back.
import { suppressChildren, suppressCount, type ShownCount } from './suppression.ts';

/** Count fields anywhere in an answer (API names and the engine's COUNT_NAMES, population excepted). */
const COUNT_KEYS = new Set([
  'communityCases14d', 'communityCases7d', 'allCases14d', 'allCases7d', 'severeCases14d', 'deaths14d', 'testsPcr7d', 'positivePcr7d',
  'caseHouseholds14d', 'cases7d', 'activeCases', 'atLeastOneDose', 'fullyVaccinated', 'booster', 'cases', 'communityCases', 'tests',
  'positives', 'doses', 'members', 'membersUnvaccinated65', 'membersOverdueSecondDose',
  // truth-cases (#14): pending retests in the unit panel; the vaccinated count behind a data problem.
  'pendingRetest', 'numerator',
]);

/** Rates and the count each is computed from. */
const RATE_SOURCES: Record<string, string> = {
  casesPer100kPerWeek: 'communityCases14d',
  allCasesPer100kPerWeek: 'allCases14d',
  casesPer100k7d: 'allCases7d',
  dailyCasesPer100k7dMean: 'allCases7d',
  severePer100kPerWeek: 'severeCases14d',
  deathsPer100kPerWeek: 'deaths14d',
  positivity7d: 'positivePcr7d',
};

const isHidden = (value: unknown, threshold: number): boolean => typeof value === 'number' && value >= 1 && value < threshold;

/** Replaces every count field (deeply) with its shown value; arrays of counts (doses by number) element-wise. */
export function suppressCountsDeep<T>(value: T, threshold: number): T {
  if (Array.isArray(value)) return value.map((v) => suppressCountsDeep(v, threshold)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (COUNT_KEYS.has(key) && typeof v === 'number') out[key] = suppressCount(v, threshold);
    else if (COUNT_KEYS.has(key) && Array.isArray(v) && v.every((x) => typeof x === 'number')) out[key] = v.map((x) => suppressCount(x as number, threshold));
    else out[key] = suppressCountsDeep(v, threshold);
  }
  return out as T;
}

/** Withholds rates whose source count (given) is hidden. */
export function withholdRates(indicators: Record<string, number | null> | null, counts: Record<string, number>, threshold: number): Record<string, number | null> | null {
  if (!indicators) return indicators;
  const out: Record<string, number | null> = { ...indicators };
  for (const [rate, source] of Object.entries(RATE_SOURCES)) {
    if (rate in out && isHidden(counts[source], threshold)) out[rate] = null;
  }
  return out;
}

/** Columnar level answers: complementary suppression within each parent's children, rates withheld with their counts. */
export function suppressColumns<C extends { id: number[]; communityCases14d: ShownCount[]; cases7d: ShownCount[]; casesPer100kPerWeek: (number | null)[] }>(
  columns: C,
  parentOf: ReadonlyMap<number, number | null>,
  threshold: number,
  isExact: (unitId: number) => boolean = () => false,
): C {
  const groups = new Map<number | null, number[]>();
  columns.id.forEach((id, i) => {
    const parent = parentOf.get(id) ?? null;
    groups.set(parent, [...(groups.get(parent) ?? []), i]);
  });
  const community = [...columns.communityCases14d];
  const cases7d = [...columns.cases7d];
  const rates = [...columns.casesPer100kPerWeek];
  for (const indexes of groups.values()) {
    const exact = indexes.map((i) => isExact(columns.id[i] as number));
    const shownCommunity = suppressChildren(indexes.map((i) => columns.communityCases14d[i] as number), threshold, exact);
    const shown7d = suppressChildren(indexes.map((i) => columns.cases7d[i] as number), threshold, exact);
    indexes.forEach((i, k) => {
      community[i] = shownCommunity[k] as ShownCount;
      cases7d[i] = shown7d[k] as ShownCount;
      if (typeof community[i] === 'string') rates[i] = null;
    });
  }
  return { ...columns, communityCases14d: community, cases7d, casesPer100kPerWeek: rates };
}

/** Children lists: the same, on rows. */
export function suppressChildRows<R extends { id: number; communityCases14d: ShownCount; cases7d: ShownCount; casesPer100kPerWeek: number | null }>(
  rows: R[],
  threshold: number,
  isExact: (unitId: number) => boolean = () => false,
): R[] {
  const exact = rows.map((r) => isExact(r.id));
  const community = suppressChildren(rows.map((r) => r.communityCases14d as number), threshold, exact);
  const cases7d = suppressChildren(rows.map((r) => r.cases7d as number), threshold, exact);
  return rows.map((r, i) => ({
    ...r,
    communityCases14d: community[i] as ShownCount,
    cases7d: cases7d[i] as ShownCount,
    casesPer100kPerWeek: typeof community[i] === 'string' ? null : r.casesPer100kPerWeek,
  }));
}

/** Weeks of cases behind each per-100k rate, to work back the count a rate stands for. */
const RATE_WINDOW_WEEKS: Record<string, number> = {
  casesPer100kPerWeek: 2, allCasesPer100kPerWeek: 2, severePer100kPerWeek: 2, deathsPer100kPerWeek: 2, casesPer100k7d: 1, dailyCasesPer100k7dMean: 7,
};

/**
 * Withholds rates when only rates and the population are at hand (OGC features):
 * the count a rate stands for is rate × window × population / 100,000; a rate
 * standing for 1…threshold−1 people is replaced by null.
 */
export function withholdSmallRates(indicators: unknown, population: number | null, threshold: number): unknown {
  if (!indicators || typeof indicators !== 'object' || !population) return indicators;
  const out: Record<string, unknown> = { ...(indicators as Record<string, unknown>) };
  for (const [rate, weeks] of Object.entries(RATE_WINDOW_WEEKS)) {
    const value = out[rate];
    if (typeof value !== 'number') continue;
    const count = Math.round((value * weeks * population) / 100_000);
    if (count >= 1 && count < threshold) out[rate] = null;
  }
  return out;
}
