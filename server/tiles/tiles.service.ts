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

function statementFor(layer: TileLayerDefinition, tile: TileAddress): TileStatement {
  const address = [tile.z, tile.x, tile.y];
  if (layer.kind === 'unit') {
    return { mvtSql: UNIT_TILE_MVT_SQL, featuresSql: UNIT_TILE_FEATURES_SQL, mvtLayer: layer.name, params: [...address, unitLevelOf(layer)] };
  }
  return tile.z >= HOUSEHOLD_POINTS_FROM_ZOOM
    ? { mvtSql: HOUSEHOLD_TILE_MVT_SQL, featuresSql: HOUSEHOLD_TILE_FEATURES_SQL, mvtLayer: 'household', params: address }
    : { mvtSql: HOUSEHOLD_CLUSTER_TILE_MVT_SQL, featuresSql: HOUSEHOLD_CLUSTER_TILE_FEATURES_SQL, mvtLayer: 'household_cluster', params: address };
}

function toTileFeature(row: TileFeatureRow): TileFeature {
  const { id, geometry, ...properties } = row;
  return { id, properties, geometry: JSON.parse(geometry) as TileGeometry };
}

/**
 * Renders one tile with the given encoder: zero bytes when the layer has nothing there
 * or the zoom is below the layer's minzoom. The 'process' encoder works on both backends.
 */
export async function renderTile(session: Session, layer: TileLayerDefinition, tile: TileAddress, encoder: TileEncoder): Promise<Uint8Array> {
  if (tile.z < layer.minZoom) return new Uint8Array(0);
  const statement = statementFor(layer, tile);
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
  serve(request: { layer: string; tile: TileAddress; version?: string | undefined; ifNoneMatch?: string | undefined }): Promise<ServedTile>;
  readonly cache: TileCache;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
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
    serve: async ({ layer: layerName, tile, version: askedVersion, ifNoneMatch }) => {
      const layer = resolveTileRequest(layerName, tile);
      const address = `${layer.name}/${tile.z}/${tile.x}/${tile.y}`;
      if (layer.kind === 'household') {
        const bytes = await database.withSession((s) => renderTile(s, layer, tile, encoder));
        const etag = `"h-${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;
        return finish(bytes, etag, 'private, no-cache', ifNoneMatch);
      }
      const version = await database.withSession(readBoundaryVersion);
      const etag = `"${address.replaceAll('/', '-')}-v${version}"`;
      const cacheControl = askedVersion === String(version) ? IMMUTABLE : `public, max-age=${REVALIDATE_SECONDS}`;
      if (matchesEtag(ifNoneMatch, etag)) return finish(new Uint8Array(0), etag, cacheControl, ifNoneMatch);
      const bytes = await cache.getOrRender(`${address}@${version}`, () => database.withSession((s) => renderTile(s, layer, tile, encoder)));
      return finish(bytes, etag, cacheControl, ifNoneMatch);
    },
  };
}
