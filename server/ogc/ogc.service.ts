// OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) over the unit
// table: one collection per unit level. JSON only (f=json); CRS84 only.
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { parseBbox, parseDatetime } from './ogc.params.ts';
import { DEFAULT_RULE_SET_ID } from '../../geo/risk/index.ts';
import { findUnitItem, findUnitItems, readCollectionExtents, type Bbox, type UnitFeatureRow, type UnitScope } from './ogc.repo.ts';
import { personalDataScope } from '../access/guards.ts';
import { deepestLevelCityWide, type Caller } from '../access/policy.ts';
import { shapeStoredIndicators } from '../access/suppress-response.ts';

export const COLLECTION_IDS = ['district', 'ward', 'neighbourhood', 'block'] as const;
export type CollectionId = (typeof COLLECTION_IDS)[number];

export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const WORLD: Bbox = [-180, -90, 180, 90];
const TITLES: Record<CollectionId, string> = {
  district: 'Districts (quận/huyện)',
  ward: 'Wards and communes (phường/xã)',
  neighbourhood: 'Residential groups (tổ dân phố/khu phố)',
  block: 'Blocks',
};

export const JSON_TYPE = 'application/json';
export const GEOJSON_TYPE = 'application/geo+json';

export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

/** f=json (or geojson for items) is the only format; anything else is a 400 rather than a silent JSON. */
export function checkFormat(f: string | undefined): void {
  if (f !== undefined && f !== 'json' && f !== 'geojson') throw new AppError('BAD_REQUEST', `f=${f.slice(0, 20)} is not served; riskmap's OGC API speaks JSON only (f=json)`);
}

export function resolveCollection(id: string): CollectionId {
  if (!(COLLECTION_IDS as readonly string[]).includes(id)) throw new AppError('NOT_FOUND', `No collection "${id.slice(0, 40)}"; collections are ${COLLECTION_IDS.join(', ')}`);
  return id as CollectionId;
}

export function describeLanding(base: string) {
  return {
    title: 'riskmap',
    description: 'Administrative units of the city with their current risk tier (OGC API – Features, GeoJSON)',
    links: [
      { href: `${base}/ogc`, rel: 'self', type: JSON_TYPE, title: 'This document' },
      { href: `${base}/api/docs/json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'The API definition' },
      { href: `${base}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'The API documentation' },
      { href: `${base}/ogc/conformance`, rel: 'conformance', type: JSON_TYPE, title: 'Conformance classes' },
      { href: `${base}/ogc/collections`, rel: 'data', type: JSON_TYPE, title: 'Collections' },
    ],
  };
}

function describeCollection(base: string, id: CollectionId, extents: Awaited<ReturnType<typeof readCollectionExtents>>) {
  const href = `${base}/ogc/collections/${id}`;
  return {
    id,
    title: TITLES[id],
    description: `${TITLES[id]} with code, name, parent, population and the ${DEFAULT_RULE_SET_ID} risk tier standing on the requested day (datetime) or the latest`,
    itemType: 'feature',
    crs: [CRS84],
    extent: {
      spatial: { bbox: [extents.bounds.get(id) ?? WORLD], crs: CRS84 },
      temporal: { interval: [[extents.firstDay, extents.lastDay]], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' },
    },
    links: [
      { href, rel: 'self', type: JSON_TYPE, title: TITLES[id] },
      { href: `${href}/items`, rel: 'items', type: GEOJSON_TYPE, title: `${TITLES[id]} as GeoJSON` },
    ],
  };
}

export async function describeCollections(database: Database, base: string) {
  const extents = await database.withSession(readCollectionExtents);
  return {
    links: [{ href: `${base}/ogc/collections`, rel: 'self', type: JSON_TYPE, title: 'Collections' }],
    collections: COLLECTION_IDS.map((id) => describeCollection(base, id, extents)),
  };
}

export async function describeOneCollection(database: Database, base: string, id: string) {
  const collection = resolveCollection(id);
  return describeCollection(base, collection, await database.withSession(readCollectionExtents));
}

/** Who asks: which units they may see below ward level, and the small-count threshold for withheld rates. */
export interface OgcViewer {
  scope: UnitScope;
  suppressBelow: number;
  /** True where the viewer may see exact values (a ward official inside their unit). */
  seesExactly: (row: UnitFeatureRow) => boolean;
}

/** The viewer for a caller: city-wide roles see every level; a ward official sees below ward level only inside their unit. */
export function resolveOgcViewer(caller: Caller, collection: CollectionId, suppressBelow: number): OgcViewer {
  const deepest = deepestLevelCityWide(caller);
  if (deepest === null) throw new AppError('FORBIDDEN', 'A data source may only send records.');
  const own = personalDataScope(caller);
  const seesExactly = (row: UnitFeatureRow) =>
    own !== null && ('wardId' in own ? row.ward_id === own.wardId : row.district_id === own.districtId && row.level !== 'city');
  const cityWide = deepest === 'block' || collection === 'district' || collection === 'ward';
  if (cityWide) return { scope: null, suppressBelow, seesExactly };
  // A ward official with no unit sees nothing below ward level: an id that matches nothing.
  return { scope: own ?? { wardId: -1 }, suppressBelow, seesExactly };
}

function toFeature(row: UnitFeatureRow, viewer: OgcViewer) {
  const { id, geometry, population_18plus, population_50plus, population_65plus, ...properties } = row;
  const bands = { total: row.population, age18Plus: population_18plus, age50Plus: population_50plus, age65Plus: population_65plus };
  const indicators = viewer.seesExactly(row) ? properties.indicators : shapeStoredIndicators(properties.indicators, bands, viewer.suppressBelow);
  return { type: 'Feature' as const, id, geometry, properties: { ...properties, indicators, rule_set_id: DEFAULT_RULE_SET_ID } };
}

export interface ItemsRequest {
  viewer: (collection: CollectionId) => OgcViewer;
  collectionId: string;
  bbox?: string | undefined;
  datetime?: string | undefined;
  limit: number;
  offset: number;
}

function pageLink(base: string, collection: CollectionId, request: ItemsRequest, offset: number, rel: string): Link {
  const query = new URLSearchParams();
  if (request.bbox) query.set('bbox', request.bbox);
  if (request.datetime) query.set('datetime', request.datetime);
  query.set('limit', String(request.limit));
  query.set('offset', String(offset));
  return { href: `${base}/ogc/collections/${collection}/items?${query.toString()}`, rel, type: GEOJSON_TYPE };
}

/** A page of features, with numberMatched/numberReturned and self/next/prev links that keep the filters. */
export async function listItems(database: Database, base: string, request: ItemsRequest, now: Date) {
  const collection = resolveCollection(request.collectionId);
  const bbox = parseBbox(request.bbox);
  const day = parseDatetime(request.datetime);
  const viewer = request.viewer(collection);
  const { rows, matched } = await database.withSession((s) => findUnitItems(s, { scope: viewer.scope, level: collection, bbox, day, limit: request.limit, offset: request.offset }));
  const links: Link[] = [
    pageLink(base, collection, request, request.offset, 'self'),
    { href: `${base}/ogc/collections/${collection}`, rel: 'collection', type: JSON_TYPE },
  ];
  if (request.offset + rows.length < matched) links.push(pageLink(base, collection, request, request.offset + request.limit, 'next'));
  if (request.offset > 0) links.push(pageLink(base, collection, request, Math.max(0, request.offset - request.limit), 'prev'));
  return {
    type: 'FeatureCollection' as const,
    timeStamp: now.toISOString(),
    numberMatched: matched,
    numberReturned: rows.length,
    features: rows.map((row) => toFeature(row, viewer)),
    links,
  };
}

/** One feature by id; 404 when the id is not a unit of this collection. */
export async function getItem(database: Database, base: string, collectionId: string, featureId: string, datetime: string | undefined, viewerFor: (collection: CollectionId) => OgcViewer) {
  const collection = resolveCollection(collectionId);
  const viewer = viewerFor(collection);
  const day = parseDatetime(datetime);
  const id = /^\d{1,9}$/.test(featureId) ? Number(featureId) : null;
  const row = id === null ? undefined : await database.withSession((s) => findUnitItem(s, collection, id, day, viewer.scope));
  if (!row) throw new AppError('NOT_FOUND', `No feature ${featureId.slice(0, 40)} in collection ${collection}`);
  return {
    ...toFeature(row, viewer),
    links: [
      { href: `${base}/ogc/collections/${collection}/items/${row.id}`, rel: 'self', type: GEOJSON_TYPE },
      { href: `${base}/ogc/collections/${collection}`, rel: 'collection', type: JSON_TYPE },
    ],
  };
}
