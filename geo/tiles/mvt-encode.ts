/**
 * Encodes a Mapbox Vector Tile 2.1 (vector_tile.proto) from features whose
 * geometry is already in tile units. The embedded database has no ST_AsMVT,
 * so riskmap encodes tiles here; the result decodes with @mapbox/vector-tile
 * and renders in MapLibre like ST_AsMVT's output.
 */
import { PbfWriter } from 'pbf';
import { encodePointCommands, encodePolygonCommands, MVT_GEOMETRY_TYPE, type TilePosition } from './mvt-geometry.ts';
import { TILE_EXTENT } from './tile-math.ts';

/** A property value; null and undefined are left out of the feature (MVT has no null). */
export type TilePropertyValue = string | number | boolean | null | undefined;

/** Geometry in tile units (0..extent, y down), GeoJSON-shaped. Lines are not used by riskmap and not supported. */
export type TileGeometry =
  | { type: 'Point'; coordinates: TilePosition }
  | { type: 'MultiPoint'; coordinates: ReadonlyArray<TilePosition> }
  | { type: 'Polygon'; coordinates: ReadonlyArray<ReadonlyArray<TilePosition>> }
  | { type: 'MultiPolygon'; coordinates: ReadonlyArray<ReadonlyArray<ReadonlyArray<TilePosition>>> };

export interface TileFeature {
  /** Feature id: a non-negative integer below 2^53, or undefined for none. */
  id?: number;
  properties: Readonly<Record<string, TilePropertyValue>>;
  geometry: TileGeometry;
}

export interface TileLayerInput {
  /** Layer name (the `source-layer` of a MapLibre style). */
  name: string;
  features: ReadonlyArray<TileFeature>;
  /** Tile units per side; default TILE_EXTENT (4096). */
  extent?: number;
}

export interface EncodedTile {
  /** The protobuf bytes; length 0 when no layer has a feature (an empty tile). */
  bytes: Uint8Array;
  /** Features written, per layer name. */
  written: Record<string, number>;
  /** Features left out because their geometry collapsed to nothing at this zoom, or had a type MVT cannot carry. */
  skipped: Record<string, number>;
}

interface EncodedFeature {
  id: number | undefined;
  tags: number[];
  type: number;
  geometry: number[];
}

interface LayerTables {
  keys: string[];
  keyIndex: Map<string, number>;
  values: Array<Exclude<TilePropertyValue, null | undefined>>;
  valueIndex: Map<string, number>;
}

function encodeGeometry(geometry: TileGeometry): { type: number; commands: number[] | null } {
  switch (geometry.type) {
    case 'Point':
      return { type: MVT_GEOMETRY_TYPE.point, commands: encodePointCommands([geometry.coordinates]) };
    case 'MultiPoint':
      return { type: MVT_GEOMETRY_TYPE.point, commands: encodePointCommands(geometry.coordinates) };
    case 'Polygon':
      return { type: MVT_GEOMETRY_TYPE.polygon, commands: encodePolygonCommands([geometry.coordinates]) };
    case 'MultiPolygon':
      return { type: MVT_GEOMETRY_TYPE.polygon, commands: encodePolygonCommands(geometry.coordinates) };
    default:
      return { type: MVT_GEOMETRY_TYPE.unknown, commands: null };
  }
}

/** Index of a key or value in the layer's tables, adding it on first use. Values are told apart by type. */
function tagsFor(properties: TileFeature['properties'], tables: LayerTables): number[] {
  const tags: number[] = [];
  for (const [key, value] of Object.entries(properties)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'number' && !Number.isFinite(value)) continue;
    let keyAt = tables.keyIndex.get(key);
    if (keyAt === undefined) {
      keyAt = tables.keys.push(key) - 1;
      tables.keyIndex.set(key, keyAt);
    }
    const valueKey = `${typeof value}:${String(value)}`;
    let valueAt = tables.valueIndex.get(valueKey);
    if (valueAt === undefined) {
      valueAt = tables.values.push(value) - 1;
      tables.valueIndex.set(valueKey, valueAt);
    }
    tags.push(keyAt, valueAt);
  }
  return tags;
}

/** Value message (§4.1): strings, booleans, integers (uint or sint by sign, below 2^53) and doubles. */
function writeValue(value: Exclude<TilePropertyValue, null | undefined>, pbf: PbfWriter): void {
  if (typeof value === 'string') pbf.writeStringField(1, value);
  else if (typeof value === 'boolean') pbf.writeBooleanField(7, value);
  else if (Number.isSafeInteger(value) && value >= 0) pbf.writeVarintField(5, value);
  else if (Number.isSafeInteger(value)) pbf.writeSVarintField(6, value);
  else pbf.writeDoubleField(3, value);
}

function writeFeature(feature: EncodedFeature, pbf: PbfWriter): void {
  if (feature.id !== undefined) pbf.writeVarintField(1, feature.id);
  if (feature.tags.length > 0) pbf.writePackedVarint(2, feature.tags);
  pbf.writeVarintField(3, feature.type);
  pbf.writePackedVarint(4, feature.geometry);
}

function writeLayer(layer: { name: string; extent: number; features: EncodedFeature[]; tables: LayerTables }, pbf: PbfWriter): void {
  pbf.writeVarintField(15, 2);
  pbf.writeStringField(1, layer.name);
  for (const feature of layer.features) pbf.writeMessage(2, writeFeature, feature);
  for (const key of layer.tables.keys) pbf.writeStringField(3, key);
  for (const value of layer.tables.values) pbf.writeMessage(4, writeValue, value);
  pbf.writeVarintField(5, layer.extent);
}

/**
 * Encodes layers into one tile. Layers with no feature left are omitted, so a tile
 * with nothing to show has zero bytes. Feature ids must be non-negative safe integers
 * (others are written without an id). Property order is kept; repeated keys and values
 * share one table entry per layer.
 */
export function encodeVectorTile(layers: ReadonlyArray<TileLayerInput>): EncodedTile {
  const pbf = new PbfWriter();
  const written: Record<string, number> = {};
  const skipped: Record<string, number> = {};
  for (const layer of layers) {
    const tables: LayerTables = { keys: [], keyIndex: new Map(), values: [], valueIndex: new Map() };
    const features: EncodedFeature[] = [];
    let dropped = 0;
    for (const feature of layer.features) {
      const { type, commands } = encodeGeometry(feature.geometry);
      if (!commands) {
        dropped++;
        continue;
      }
      const id = feature.id !== undefined && Number.isSafeInteger(feature.id) && feature.id >= 0 ? feature.id : undefined;
      features.push({ id, tags: tagsFor(feature.properties, tables), type, geometry: commands });
    }
    written[layer.name] = features.length;
    skipped[layer.name] = dropped;
    if (features.length > 0) pbf.writeMessage(3, writeLayer, { name: layer.name, extent: layer.extent ?? TILE_EXTENT, features, tables });
  }
  return { bytes: pbf.finish(), written, skipped };
}
