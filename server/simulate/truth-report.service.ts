// `riskmap simulate --report`, second half: how far the map is from the
// city's truth. Per level, published community cases in 14-day windows
// against the true cases (geo/simulate/truth-summary.ts, computed from the
// simulator's events, not from the pipeline), first-dose coverage of adults,
// and people: persons holding the records against the true people behind
// them, and true people wrongly merged into one person.
import type { TruthSummary } from '../../geo/simulate/truth-summary.ts';
import type { Database } from '../db/database.ts';
import { describeUnit } from '../risk/unit-risk.service.ts';

const LEVELS = ['city', 'district', 'ward', 'neighbourhood', 'block'] as const;
type Level = (typeof LEVELS)[number];
const WINDOW_DAYS = 14;

export interface LevelTruth {
  level: Level;
  units: number;
  /** The 14 days ending on the end date, summed over the level's units. */
  lastWindow: { published: number; true: number; unitsEqual: number };
  /** Every 14-day window inside the run, every unit: the largest |published − true| / true (true > 0), and where. */
  worstWindow: { unit: string; endDay: string; published: number; true: number; relativeError: number } | null;
  /** Share of (unit, window) pairs whose published count equals the true one; null when the run is shorter than a window. */
  windowsEqualShare: number | null;
  /**
   * First-dose coverage of adults on the end date, the level's units pooled:
   * published (on the census denominators) and true (true adults); the
   * counts of first-dosed adults behind them; units whose published coverage
   * is above 100%, how many of those the API flags as a data problem
   * (`dataProblems`, coverage1Dose18), and how many have the cause the truth
   * shows: the census denominator is below the true adults (residents outside
   * the register are counted in the numerator, not the census).
   */
  coverage: {
    published: number | null; true: number | null; publishedDosed: number; trueDosed: number;
    unitsAbove100: number; unitsAbove100Flagged: number; unitsAbove100DenominatorBelowTruth: number;
  };
}

export interface PeopleTruth {
  /** Distinct true people behind the stored records, and of them residents outside the register. */
  truePeople: number;
  trueUnregistered: number;
  /** Distinct persons holding those records; of them created by ingest. */
  persons: number;
  personsCreated: number;
  /** True people whose records share a person with another true person's (beyond the first of each person). */
  wronglyMerged: number;
}

export interface TruthReport {
  startDate: string;
  endDate: string;
  people: PeopleTruth;
  levels: LevelTruth[];
}

const SELECT_ROLLUPS = `
SELECT u.code, u.level, r.day::text AS day, r.cases_community, r.dose1_18plus
FROM unit_day_rollup r JOIN unit u ON u.id = r.unit_id
WHERE r.day <= $1::date AND (r.cases_community <> 0 OR r.dose1_18plus <> 0)`;
const SELECT_UNITS = `SELECT id, code, level, population_18plus FROM unit`;

const dayIndex = (start: string, day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);

/** Compares people: record → stored person against record → true person. */
export function comparePeople(records: Iterable<{ personId: number | null; personKey: string }>, seededMaxPersonId: number): PeopleTruth {
  const keysOfPerson = new Map<number, Set<string>>();
  const keys = new Set<string>();
  for (const r of records) {
    if (r.personId === null) continue;
    keys.add(r.personKey);
    const set = keysOfPerson.get(r.personId) ?? new Set<string>();
    set.add(r.personKey);
    keysOfPerson.set(r.personId, set);
  }
  let merged = 0;
  for (const set of keysOfPerson.values()) merged += set.size - 1;
  return {
    truePeople: keys.size, trueUnregistered: [...keys].filter((k) => k.startsWith('u:')).length,
    persons: keysOfPerson.size, personsCreated: [...keysOfPerson.keys()].filter((id) => id > seededMaxPersonId).length, wronglyMerged: merged,
  };
}

/** Per level: published against true community cases (14-day windows) and coverage. */
export async function compareLevels(database: Database, truth: TruthSummary): Promise<LevelTruth[]> {
  const days = dayIndex(truth.startDate, truth.endDate) + 1;
  const [rollups, units] = await database.withSession(async (s) => [
    await s.query<{ code: string; level: Level; day: string; cases_community: number; dose1_18plus: number }>(SELECT_ROLLUPS, [truth.endDate]),
    await s.query<{ id: number; code: string; level: Level; population_18plus: number | null }>(SELECT_UNITS),
  ] as const);
  const series = (map: Map<string, Int32Array>, code: string) => {
    let a = map.get(code);
    if (!a) map.set(code, (a = new Int32Array(days)));
    return a;
  };
  const published = new Map<string, Int32Array>();
  const dose1 = new Map<string, number>();
  for (const r of rollups) {
    dose1.set(r.code, (dose1.get(r.code) ?? 0) + r.dose1_18plus);
    const i = dayIndex(truth.startDate, r.day);
    if (i >= 0 && i < days) series(published, r.code)[i]! += r.cases_community;
  }
  const cityCode = units.find((u) => u.level === 'city')?.code ?? 'city';
  const trueCases = new Map<string, Int32Array>();
  for (const c of truth.cases) {
    if (c.classification !== 'community') continue;
    const i = dayIndex(truth.startDate, c.day);
    if (i < 0 || i >= days) continue;
    for (const code of [cityCode, ...c.units]) series(trueCases, code)[i]! += 1;
  }
  // First-dosed adults from the vaccinated list where the summary has one (age on the end date, as the map's bands).
  const dosedAdults = new Map<string, number>();
  const ageOnEnd = (birthDate: string) => {
    const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
    const [ey, em, ed] = truth.endDate.split('-').map(Number) as [number, number, number];
    return ey - by - (em < bm || (em === bm && ed < bd) ? 1 : 0);
  };
  for (const v of truth.vaccinated ?? []) {
    if (ageOnEnd(v.birthDate) < 18) continue;
    for (const code of [cityCode, ...v.units]) dosedAdults.set(code, (dosedAdults.get(code) ?? 0) + 1);
  }
  const trueAdults = (code: string, level: Level) => {
    if (truth.vaccinated) {
      const adults = level === 'city' ? Object.values(truth.units).filter((u) => u.level === 'district').reduce((s, u) => s + u.adults, 0) : truth.units[code]?.adults ?? 0;
      return { adults, dose1: dosedAdults.get(code) ?? 0 };
    }
    if (level !== 'city') return { adults: truth.units[code]?.adults ?? 0, dose1: truth.units[code]?.adultsDose1 ?? 0 };
    const districts = Object.values(truth.units).filter((u) => u.level === 'district');
    return { adults: districts.reduce((s, u) => s + u.adults, 0), dose1: districts.reduce((s, u) => s + u.adultsDose1, 0) };
  };
  const flagged: Array<{ out: LevelTruth; id: number }> = [];
  const levels = LEVELS.map((level): LevelTruth => {
    const codes = units.filter((u) => u.level === level);
    const out: LevelTruth = {
      level, units: codes.length, lastWindow: { published: 0, true: 0, unitsEqual: 0 }, worstWindow: null, windowsEqualShare: null,
      coverage: { published: null, true: null, publishedDosed: 0, trueDosed: 0, unitsAbove100: 0, unitsAbove100Flagged: 0, unitsAbove100DenominatorBelowTruth: 0 },
    };
    let pairs = 0;
    let equalPairs = 0;
    let pubDose = 0;
    let pubAdults = 0;
    let trueDose = 0;
    let trueAdultsSum = 0;
    const above100: number[] = [];
    for (const unit of codes) {
      const pub = published.get(unit.code) ?? new Int32Array(days);
      const tru = trueCases.get(unit.code) ?? new Int32Array(days);
      let p = 0;
      let t = 0;
      for (let d = 0; d < days; d++) {
        p += pub[d]!;
        t += tru[d]!;
        if (d >= WINDOW_DAYS) {
          p -= pub[d - WINDOW_DAYS]!;
          t -= tru[d - WINDOW_DAYS]!;
        }
        if (d < WINDOW_DAYS - 1) continue;
        pairs += 1;
        if (p === t) equalPairs += 1;
        const error = t > 0 ? Math.abs(p - t) / t : p > 0 ? Infinity : 0;
        if (error > 0 && (out.worstWindow === null || error > out.worstWindow.relativeError)) {
          out.worstWindow = { unit: unit.code, endDay: new Date(Date.parse(`${truth.startDate}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10), published: p, true: t, relativeError: error };
        }
      }
      out.lastWindow.published += p;
      out.lastWindow.true += t;
      if (p === t) out.lastWindow.unitsEqual += 1;
      const given = dose1.get(unit.code) ?? 0;
      if (unit.population_18plus && unit.population_18plus > 0) {
        pubDose += given;
        pubAdults += unit.population_18plus;
      }
      const truth18 = trueAdults(unit.code, level);
      if (unit.population_18plus !== null && given > unit.population_18plus) {
        out.coverage.unitsAbove100 += 1;
        above100.push(unit.id);
        if (unit.population_18plus < truth18.adults) out.coverage.unitsAbove100DenominatorBelowTruth += 1;
      }
      trueDose += truth18.dose1;
      trueAdultsSum += truth18.adults;
    }
    flagged.push(...above100.map((id) => ({ out, id })));
    out.coverage.publishedDosed = pubDose;
    out.coverage.trueDosed = trueDose;
    out.windowsEqualShare = pairs === 0 ? null : equalPairs / pairs;
    out.coverage.published = pubAdults > 0 ? pubDose / pubAdults : null;
    out.coverage.true = trueAdultsSum > 0 ? trueDose / trueAdultsSum : null;
    return out;
  });
  // What the API says of each unit above 100%: its detail must carry the data problem with its figures.
  await database.withSession(async (s) => {
    for (const { out, id } of flagged) {
      const detail = await describeUnit(s, id, truth.endDate);
      if (detail.dataProblems.some((p) => p.code === 'coverage_above_100' && p.indicator === 'coverage1Dose18')) out.coverage.unitsAbove100Flagged += 1;
    }
  });
  return levels;
}
