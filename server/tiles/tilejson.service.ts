// TileJSON 3.0.0 for one tile source: the tiles URL carries the boundary
// version, so a client that loads the TileJSON fetches immutable tiles and
// picks up new ones only when boundaries change.
import { WEB_MERCATOR_MAX_LATITUDE } from '../../geo/tiles/tile-math.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { findTileLayer, HOUSEHOLD_POINTS_FROM_ZOOM, TILE_LAYERS, VECTOR_LAYER_FIELDS, type TileLayerDefinition } from './tiles.layers.ts';
import { readBoundaryVersion, readLevelBounds } from './tiles.repo.ts';

export interface VectorLayer {
  id: string;
  description: string;
  minzoom: number;
  maxzoom: number;
  fields: Record<string, string>;
}

export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description: string;
  version: string;
  scheme: 'xyz';
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: [number, number, number, number];
  center: [number, number, number];
  vector_layers: VectorLayer[];
}

const WORLD_BOUNDS: [number, number, number, number] = [-180, -WEB_MERCATOR_MAX_LATITUDE, 180, WEB_MERCATOR_MAX_LATITUDE];

function vectorLayersOf(layer: TileLayerDefinition): VectorLayer[] {
  if (layer.kind === 'unit') {
    return [{ id: layer.name, description: layer.description, minzoom: layer.minZoom, maxzoom: layer.maxZoom, fields: { id: 'Number', ...VECTOR_LAYER_FIELDS.unit } }];
  }
  return [
    { id: 'household_cluster', description: 'Households counted per grid cell', minzoom: layer.minZoom, maxzoom: HOUSEHOLD_POINTS_FROM_ZOOM - 1, fields: { ...VECTOR_LAYER_FIELDS.household_cluster } },
    { id: 'household', description: 'One point per household (feature id = household id)', minzoom: HOUSEHOLD_POINTS_FROM_ZOOM, maxzoom: layer.maxZoom, fields: { ...VECTOR_LAYER_FIELDS.household } },
  ];
}

/**
 * The TileJSON of a source. baseUrl is the origin clients reach the API at (no trailing slash).
 * Bounds come from the data: the layer's units, or the districts for households (a full scan
 * of millions of households would cost more than it tells); the world when there are none.
 */
export async function describeTileSource(database: Database, layerName: string, baseUrl: string): Promise<TileJson> {
  const layer = findTileLayer(layerName);
  if (!layer) throw new AppError('BAD_REQUEST', `Unknown tile layer "${layerName}"; layers are ${Object.keys(TILE_LAYERS).join(', ')}`);
  const { version, bounds } = await database.withSession(async (s) => ({
    version: await readBoundaryVersion(s),
    bounds: await readLevelBounds(s, layer.kind === 'unit' ? layer.name : 'district'),
  }));
  const box = bounds ?? WORLD_BOUNDS;
  return {
    tilejson: '3.0.0',
    name: `riskmap ${layer.name}`,
    description: layer.description,
    version: `${version}.0.0`,
    scheme: 'xyz',
    tiles: [`${baseUrl}/tiles/${layer.name}/{z}/{x}/{y}.mvt?v=${version}`],
    minzoom: layer.minZoom,
    maxzoom: layer.maxZoom,
    bounds: box,
    center: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2, layer.minZoom],
    vector_layers: vectorLayersOf(layer),
  };
}
