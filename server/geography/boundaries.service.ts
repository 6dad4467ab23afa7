// Loads a GeoJSON FeatureCollection of units of one level: checks in geo/,
// stages and upserts in one transaction. Good features load; every bad one is
// reported with its position, code and problem; nothing loaded before is lost.
import { checkBoundaryFeatures, DEFAULT_BOUNDARY_FIELDS, type BoundaryFields, type BoundaryProblem } from '../../geo/boundaries.ts';
import { splitPopulationByAge } from '../../geo/synth/age-pyramid.ts';
import type { Database } from '../db/database.ts';
import type { UnitLevel } from '../db/schema.ts';
import { csvLine } from '../db/csv.ts';
import { ensureCity, judgeBoundaries, listRepaired, refreshCity, stageBoundaries, upsertJudgedUnits, PARENT_LEVELS, type DatabaseReject } from './boundaries.repo.ts';

export type ImportLevel = Exclude<UnitLevel, 'city'>;

export interface ImportBoundariesOptions {
  level: ImportLevel;
  fields?: Partial<BoundaryFields>;
  /** The city unit districts hang from; created when missing. */
  city?: { code: string; name: string };
}

export interface ImportBoundariesSummary {
  level: ImportLevel;
  features: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Self-intersecting or otherwise invalid polygons repaired with ST_MakeValid, and why they were invalid. */
  repaired: Array<{ code: string; reason: string }>;
  rejected: Array<{ feature: number; code: string | null; problem: string; message: string }>;
}

export const DEFAULT_CITY = { code: 'CITY', name: 'Thành phố' };

function describeDatabaseReject(reject: DatabaseReject, level: ImportLevel): string {
  const label = `feature ${reject.idx + 1} (code ${reject.code})`;
  switch (reject.problem) {
    case 'LEVEL_CONFLICT':
      return `${label}: code ${reject.code} already belongs to a ${reject.existing_level}, not a ${level}`;
    case 'PARENT_UNKNOWN':
      return `${label}: parent code ${reject.parent_code} is not a known unit; import the ${PARENT_LEVELS[level].join(' or ')} level first`;
    case 'PARENT_MISSING':
      return `${label}: has no parent code; a ${level} must name its ${PARENT_LEVELS[level].join(' or ')}`;
    case 'PARENT_LEVEL':
      return `${label}: parent ${reject.parent_code} is a ${reject.parent_level}; a ${level} hangs from a ${PARENT_LEVELS[level].join(' or ')}`;
    case 'GEOMETRY_EMPTY':
      return `${label}: geometry is empty after repair`;
  }
}

const toRejected = (problem: BoundaryProblem) => ({ feature: problem.index + 1, code: problem.code, problem: problem.problem, message: problem.message });

/** Imports one level of boundaries from a parsed GeoJSON document. */
export async function importBoundaries(database: Database, document: unknown, options: ImportBoundariesOptions): Promise<ImportBoundariesSummary> {
  const fields = { ...DEFAULT_BOUNDARY_FIELDS, ...options.fields };
  const { candidates, problems } = checkBoundaryFeatures(document, fields);
  const rejected: ImportBoundariesSummary['rejected'] = problems.map(toRejected);
  const features = candidates.length + problems.length;

  const rows = candidates.map((c) => {
    const ages = c.population === null ? null : splitPopulationByAge(c.population);
    return csvLine([c.index, c.code, c.name, c.parentCode, c.population, ages?.age18plus, ages?.age50plus, ages?.age65plus, JSON.stringify(c.geometry)]);
  });

  const result = await database.transaction(async (session) => {
    if (options.level === 'district') {
      const city = options.city ?? DEFAULT_CITY;
      await ensureCity(session, city.code, city.name);
    }
    await stageBoundaries(session, rows);
    const databaseRejects = await judgeBoundaries(session, options.level);
    const repaired = (await listRepaired(session)).map((r) => ({ code: r.code, reason: r.invalid_reason }));
    const counts = await upsertJudgedUnits(session, options.level);
    if (options.level === 'district') await refreshCity(session);
    return { databaseRejects, repaired, counts };
  });

  for (const reject of result.databaseRejects) {
    rejected.push({ feature: reject.idx + 1, code: reject.code, problem: reject.problem, message: describeDatabaseReject(reject, options.level) });
  }
  rejected.sort((a, b) => a.feature - b.feature);
  const accepted = candidates.length - result.databaseRejects.length;
  return {
    level: options.level,
    features,
    inserted: result.counts.inserted,
    updated: result.counts.updated,
    unchanged: accepted - result.counts.inserted - result.counts.updated,
    repaired: result.repaired,
    rejected,
  };
}
