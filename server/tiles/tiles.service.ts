// Vector tiles: picks the encoder for the backend (the one place that asks
// capabilities.mvt), renders, caches and decides the HTTP caching of a tile.
import { createHash } from 'node:crypto';
import { encodeVectorTile, type TileFeature, type TileGeometry } from '../../geo/tiles/mvt-encode.ts';
import { describeTileAddressProblem, type TileAddress } from '../../geo/tiles/tile-math.ts';
import type { Database, Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { TileCache } from './tile-cache.ts';
import { findTileLayer, HOUSEHOLD_POINTS_FROM_ZOOM, TILE_LAYERS, unitLevelOf, type TileLayerDefinition } from './tiles.layers.ts';
import {
  HOUSEHOLD_CLUSTER_TILE_FEATURES_SQL,
  HOUSEHOLD_CLUSTER_TILE_MVT_SQL,
  HOUSEHOLD_TILE_FEATURES_SQL,
  HOUSEHOLD_TILE_IDS_SQL,
  HOUSEHOLD_TILE_MVT_SQL,
  queryTileFeatures,
  queryTileMvt,
  readBoundaryVersion,
  UNIT_TILE_FEATURES_SQL,
  UNIT_TILE_MVT_SQL,
  type TileFeatureRow,
} from './tiles.repo.ts';

/** 'database': ST_AsMVT on the PostGIS server. 'process': geometry from SQL, protobuf from geo/tiles (works on both backends). */
export type TileEncoder = 'database' | 'process';

/** Default in-process tile cache: 64 MB holds every unit tile of a city from z6 to z16 several times over. */
export const TILE_CACHE_BYTES = 64 * 1024 * 1024;

/** The encoder this database supports best. */
export function chooseTileEncoder(database: Database): TileEncoder {
  return database.capabilities.mvt ? 'database' : 'process';
}

/** Checks a layer name and tile address, throwing BAD_REQUEST with what is wrong. */
export function resolveTileRequest(layerName: string, tile: TileAddress): TileLayerDefinition {
  const layer = findTileLayer(layerName);
  if (!layer) throw new AppError('BAD_REQUEST', `Unknown tile layer "${layerName}"; layers are ${Object.keys(TILE_LAYERS).join(', ')}`);
  const problem = describeTileAddressProblem(tile);
  if (problem) throw new AppError('BAD_REQUEST', problem);
  return layer;
}

interface TileStatement {
  mvtSql: string;
  featuresSql: string;
  mvtLayer: string;
  params: unknown[];
}

/** Whose households a tile may show: a ward or a district (the caller's jurisdiction). */
export type HouseholdScope = { wardId: number } | { districtId: number };

function statementFor(layer: TileLayerDefinition, tile: TileAddress, scope: HouseholdScope | null): TileStatement {
  const address = [tile.z, tile.x, tile.y];
  if (layer.kind === 'unit') {
    return { mvtSql: UNIT_TILE_MVT_SQL, featuresSql: UNIT_TILE_FEATURES_SQL, mvtLayer: layer.name, params: [...address, unitLevelOf(layer)] };
  }
  if (!scope) throw new AppError('FORBIDDEN', 'Households are shown only to the ward official of their ward or district.');
  const params = [...address, 'wardId' in scope ? scope.wardId : null, 'districtId' in scope ? scope.districtId : null];
  return tile.z >= HOUSEHOLD_POINTS_FROM_ZOOM
    ? { mvtSql: HOUSEHOLD_TILE_MVT_SQL, featuresSql: HOUSEHOLD_TILE_FEATURES_SQL, mvtLayer: 'household', params }
    : { mvtSql: HOUSEHOLD_CLUSTER_TILE_MVT_SQL, featuresSql: HOUSEHOLD_CLUSTER_TILE_FEATURES_SQL, mvtLayer: 'household_cluster', params };
}

/** Ids of the household points a tile shows (none below the point zoom), for the audit log. */
export async function listTileHouseholdIds(session: Session, tile: TileAddress, scope: HouseholdScope): Promise<number[]> {
  if (tile.z < HOUSEHOLD_POINTS_FROM_ZOOM) return [];
  const params = [tile.z, tile.x, tile.y, 'wardId' in scope ? scope.wardId : null, 'districtId' in scope ? scope.districtId : null];
  return (await session.query<{ id: number }>(HOUSEHOLD_TILE_IDS_SQL, params)).map((r) => r.id);
}

function toTileFeature(row: TileFeatureRow): TileFeature {
  const { id, geometry, ...properties } = row;
  return { id, properties, geometry: JSON.parse(geometry) as TileGeometry };
}

/**
 * Renders one tile with the given encoder: zero bytes when the layer has nothing there
 * or the zoom is below the layer's minzoom. The 'process' encoder works on both backends.
 */
export async function renderTile(session: Session, layer: TileLayerDefinition, tile: TileAddress, encoder: TileEncoder, scope: HouseholdScope | null = null): Promise<Uint8Array> {
  if (tile.z < layer.minZoom) return new Uint8Array(0);
  const statement = statementFor(layer, tile, scope);
  if (encoder === 'database') return queryTileMvt(session, statement.mvtSql, [...statement.params, ...(layer.kind === 'unit' ? [statement.mvtLayer] : [])]);
  const rows = await queryTileFeatures(session, statement.featuresSql, statement.params);
  return encodeVectorTile([{ name: statement.mvtLayer, features: rows.map(toTileFeature) }]).bytes;
}

export interface ServedTile {
  status: 200 | 204 | 304;
  bytes: Uint8Array;
  etag: string;
  cacheControl: string;
}

export interface TileServer {
  serve(request: { layer: string; tile: TileAddress; version?: string | undefined; ifNoneMatch?: string | undefined; householdScope?: HouseholdScope | null }): Promise<ServedTile>;
  readonly cache: TileCache;
}

// Browser cache only: tiles are served to signed-in callers, so no shared cache keeps them.
const IMMUTABLE = 'private, max-age=31536000, immutable';
const REVALIDATE_SECONDS = 60;

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/**
 * Unit tiles: ETag from layer, address and boundary version; immutable when asked
 * with the current ?v=, cached in-process by version. Household tiles change without
 * a boundary bump (new households), carry personal-ish data and are not shared-cacheable:
 * ETag from their bytes, `private, no-cache`, never kept in the process cache.
 */
export function createTileServer(database: Database, options: { cacheBytes?: number; encoder?: TileEncoder } = {}): TileServer {
  const cache = new TileCache(options.cacheBytes ?? TILE_CACHE_BYTES);
  const encoder = options.encoder ?? chooseTileEncoder(database);
  const finish = (bytes: Uint8Array, etag: string, cacheControl: string, ifNoneMatch: string | undefined): ServedTile => {
    const status = matchesEtag(ifNoneMatch, etag) ? 304 : bytes.length === 0 ? 204 : 200;
    return { status, bytes: status === 200 ? bytes : new Uint8Array(0), etag, cacheControl };
  };
  return {
    cache,
    serve: async ({ layer: layerName, tile, version: askedVersion, ifNoneMatch, householdScope }) => {
      const layer = resolveTileRequest(layerName, tile);
      const address = `${layer.name}/${tile.z}/${tile.x}/${tile.y}`;
      if (layer.kind === 'household') {
        const bytes = await database.withSession((s) => renderTile(s, layer, tile, encoder, householdScope ?? null));
        const etag = `"h-${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;
        return finish(bytes, etag, 'private, no-cache', ifNoneMatch);
      }
      const version = await database.withSession(readBoundaryVersion);
      const etag = `"${address.replaceAll('/', '-')}-v${version}"`;
      const cacheControl = askedVersion === String(version) ? IMMUTABLE : `private, max-age=${REVALIDATE_SECONDS}`;
      if (matchesEtag(ifNoneMatch, etag)) return finish(new Uint8Array(0), etag, cacheControl, ifNoneMatch);
      const bytes = await cache.getOrRender(`${address}@${version}`, () => database.withSession((s) => renderTile(s, layer, tile, encoder)));
      return finish(bytes, etag, cacheControl, ifNoneMatch);
    },
  };
}
