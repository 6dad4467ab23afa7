// OGC API – Features Part 1 (Core, GeoJSON, OpenAPI 3.0) over the unit
// table: one collection per unit level. JSON only (f=json); CRS84 only.
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { parseBbox, parseDatetime } from './ogc.params.ts';
import { findUnitItem, findUnitItems, readCollectionExtents, DEFAULT_RULE_SET_ID, type Bbox, type UnitFeatureRow } from './ogc.repo.ts';

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

function toFeature(row: UnitFeatureRow) {
  const { id, geometry, ...properties } = row;
  return { type: 'Feature' as const, id, geometry, properties: { ...properties, rule_set_id: DEFAULT_RULE_SET_ID } };
}

export interface ItemsRequest {
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
  const { rows, matched } = await database.withSession((s) => findUnitItems(s, { level: collection, bbox, day, limit: request.limit, offset: request.offset }));
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
    features: rows.map(toFeature),
    links,
  };
}

/** One feature by id; 404 when the id is not a unit of this collection. */
export async function getItem(database: Database, base: string, collectionId: string, featureId: string, datetime: string | undefined) {
  const collection = resolveCollection(collectionId);
  const day = parseDatetime(datetime);
  const id = /^\d{1,9}$/.test(featureId) ? Number(featureId) : null;
  const row = id === null ? undefined : await database.withSession((s) => findUnitItem(s, collection, id, day));
  if (!row) throw new AppError('NOT_FOUND', `No feature ${featureId.slice(0, 40)} in collection ${collection}`);
  return {
    ...toFeature(row),
    links: [
      { href: `${base}/ogc/collections/${collection}/items/${row.id}`, rel: 'self', type: GEOJSON_TYPE },
      { href: `${base}/ogc/collections/${collection}`, rel: 'collection', type: JSON_TYPE },
    ],
  };
}
