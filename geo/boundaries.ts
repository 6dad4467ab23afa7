/**
 * Checks a GeoJSON FeatureCollection of administrative units before it is
 * loaded: what can be judged without a database (codes, names, geometry type,
 * coordinate ranges, duplicates). Problems are returned per feature, never
 * thrown, so good features still load.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';

/** Property names to read, because every city's file names them differently. */
export interface BoundaryFields {
  code: string;
  name: string;
  parent: string;
  population: string;
}

export const DEFAULT_BOUNDARY_FIELDS: BoundaryFields = { code: 'code', name: 'name', parent: 'parent_code', population: 'population' };

/** A feature that passed the checks; geometry is still unrepaired (the database repairs self-intersections). */
export interface BoundaryCandidate {
  /** 0-based position of the feature in the file. */
  index: number;
  code: string;
  name: string;
  parentCode: string | null;
  /** Whole people, or null when the file has none for this unit. */
  population: number | null;
  geometry: Polygon | MultiPolygon;
}

export type BoundaryProblemCode =
  | 'NOT_A_FEATURE'
  | 'CODE_MISSING'
  | 'NAME_MISSING'
  | 'GEOMETRY_MISSING'
  | 'GEOMETRY_TYPE'
  | 'GEOMETRY_MALFORMED'
  | 'COORDINATES_OUT_OF_RANGE'
  | 'POPULATION_INVALID'
  | 'DUPLICATE_CODE';

export interface BoundaryProblem {
  index: number;
  /** The feature's code when it has one, to name it in messages. */
  code: string | null;
  problem: BoundaryProblemCode;
  message: string;
}

export interface BoundaryCheck {
  candidates: BoundaryCandidate[];
  problems: BoundaryProblem[];
}

/** Thrown only for input that is not a FeatureCollection at all (empty, wrong JSON type). */
export class NotAFeatureCollectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAFeatureCollectionError';
  }
}

function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

/** Walks every position; returns the first that is not a finite [lng, lat] within WGS84 ranges, or null. */
function findBadPosition(geometry: Polygon | MultiPolygon): { position: unknown; malformed: boolean } | null {
  const polygons: unknown[] = geometry.type === 'Polygon' ? [geometry.coordinates] : (geometry.coordinates as unknown[]);
  if (!Array.isArray(polygons) || polygons.length === 0) return { position: polygons, malformed: true };
  for (const polygon of polygons) {
    if (!Array.isArray(polygon) || polygon.length === 0) return { position: polygon, malformed: true };
    for (const ring of polygon as unknown[]) {
      if (!Array.isArray(ring) || ring.length < 4) return { position: ring, malformed: true };
      for (const position of ring as Position[]) {
        if (!Array.isArray(position) || position.length < 2) return { position, malformed: true };
        const [lng, lat] = position as [number, number];
        if (!Number.isFinite(lng) || !Number.isFinite(lat)) return { position, malformed: true };
        if (lng < -180 || lng > 180 || lat < -90 || lat > 90) return { position, malformed: false };
      }
    }
  }
  return null;
}

function checkFeature(feature: unknown, index: number, fields: BoundaryFields): BoundaryCandidate | BoundaryProblem {
  const problem = (code: string | null, kind: BoundaryProblemCode, message: string): BoundaryProblem => ({ index, code, problem: kind, message });
  if (typeof feature !== 'object' || feature === null || (feature as Feature).type !== 'Feature') {
    return problem(null, 'NOT_A_FEATURE', `feature ${index + 1} is not a GeoJSON Feature`);
  }
  const properties = ((feature as Feature).properties ?? {}) as Record<string, unknown>;
  const code = textOf(properties[fields.code]);
  const label = code ? `feature ${index + 1} (code ${code})` : `feature ${index + 1}`;
  if (!code) return problem(null, 'CODE_MISSING', `${label} has no "${fields.code}" property`);
  const name = textOf(properties[fields.name]);
  if (!name) return problem(code, 'NAME_MISSING', `${label} has no "${fields.name}" property`);
  const geometry = (feature as Feature).geometry;
  if (!geometry) return problem(code, 'GEOMETRY_MISSING', `${label} has no geometry`);
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') {
    return problem(code, 'GEOMETRY_TYPE', `${label} is a ${geometry.type}; units must be Polygon or MultiPolygon`);
  }
  const bad = findBadPosition(geometry);
  if (bad?.malformed) return problem(code, 'GEOMETRY_MALFORMED', `${label} has malformed coordinates near ${JSON.stringify(bad.position)?.slice(0, 80)}`);
  if (bad) {
    return problem(
      code,
      'COORDINATES_OUT_OF_RANGE',
      `${label} has coordinates ${JSON.stringify(bad.position)} outside longitude/latitude ranges: is the file in a projected CRS? Reproject it to EPSG:4326`,
    );
  }
  const rawPopulation = properties[fields.population];
  let population: number | null = null;
  if (rawPopulation !== undefined && rawPopulation !== null && rawPopulation !== '') {
    const value = Number(rawPopulation);
    if (!Number.isInteger(value) || value < 0) return problem(code, 'POPULATION_INVALID', `${label} has population "${String(rawPopulation)}", not a whole number ≥ 0`);
    population = value;
  }
  return { index, code, name, parentCode: textOf(properties[fields.parent]), population, geometry };
}

/**
 * Checks every feature of a parsed GeoJSON document.
 * @throws NotAFeatureCollectionError when the document is not a FeatureCollection or has no features.
 */
export function checkBoundaryFeatures(document: unknown, fields: BoundaryFields = DEFAULT_BOUNDARY_FIELDS): BoundaryCheck {
  if (typeof document !== 'object' || document === null || (document as { type?: unknown }).type !== 'FeatureCollection') {
    throw new NotAFeatureCollectionError('not a GeoJSON FeatureCollection (expected {"type": "FeatureCollection", "features": [...]})');
  }
  const features = (document as { features?: unknown }).features;
  if (!Array.isArray(features)) throw new NotAFeatureCollectionError('the FeatureCollection has no "features" array');
  if (features.length === 0) throw new NotAFeatureCollectionError('the FeatureCollection has no features');

  const candidates: BoundaryCandidate[] = [];
  const problems: BoundaryProblem[] = [];
  const firstIndexOfCode = new Map<string, number>();
  features.forEach((feature, index) => {
    const result = checkFeature(feature, index, fields);
    if ('problem' in result) {
      problems.push(result);
      return;
    }
    const first = firstIndexOfCode.get(result.code);
    if (first !== undefined) {
      problems.push({ index, code: result.code, problem: 'DUPLICATE_CODE', message: `feature ${index + 1} repeats code ${result.code} of feature ${first + 1}; the first one is kept` });
      return;
    }
    firstIndexOfCode.set(result.code, index);
    candidates.push(result);
  });
  return { candidates, problems };
}
