// The tile layers riskmap serves and the zooms each makes sense at. This is
// the one table of zoom ranges (docs/tiles.md repeats it for readers):
//
// | source     | minzoom | maxzoom | MVT layer(s) in the tile                     |
// |------------|---------|---------|----------------------------------------------|
// | district   |    6    |   14    | district                                     |
// | ward       |    9    |   16    | ward                                         |
// | neighbourhood | 12   |   18    | neighbourhood                                |
// | block      |   14    |   20    | block                                        |
// | household  |   12    |   20    | household_cluster (z12–14), household (z15+) |
//
// Below minzoom a source answers 204 (nothing at this zoom): a district of
// a few km² is less than a pixel below z6, and 3 million household points
// are never sent at city zooms. Above maxzoom MapLibre overzooms the last
// tile (4096 units at z20 is 1 cm), so those requests do not happen with a
// TileJSON; served anyway, they answer like maxzoom would have, geometry
// being exact at that scale.
import type { UnitLevel } from '../../geo/risk/index.ts';

export type TileLayerName = 'district' | 'ward' | 'neighbourhood' | 'block' | 'household';

export interface TileLayerDefinition {
  name: TileLayerName;
  kind: 'unit' | 'household';
  minZoom: number;
  maxZoom: number;
  description: string;
}

/** Households are points from this zoom; from minZoom up to it they are counted per grid cell. */
export const HOUSEHOLD_POINTS_FROM_ZOOM = 15;

/** Side of a household cluster cell in tile units (16 × 16 cells a tile; 600 m at z12 in Ho Chi Minh City, 150 m at z14). */
export const HOUSEHOLD_CLUSTER_CELL_UNITS = 256;

export const TILE_LAYERS: Readonly<Record<TileLayerName, TileLayerDefinition>> = {
  district: { name: 'district', kind: 'unit', minZoom: 6, maxZoom: 14, description: 'Districts (quận/huyện)' },
  ward: { name: 'ward', kind: 'unit', minZoom: 9, maxZoom: 16, description: 'Wards and communes (phường/xã)' },
  neighbourhood: { name: 'neighbourhood', kind: 'unit', minZoom: 12, maxZoom: 18, description: 'Residential groups (tổ dân phố/khu phố)' },
  block: { name: 'block', kind: 'unit', minZoom: 14, maxZoom: 20, description: 'Blocks, the smallest unit' },
  household: { name: 'household', kind: 'household', minZoom: 12, maxZoom: 20, description: 'Households: counted per cell below z15, points from z15' },
};

/** Fields of each MVT layer, as TileJSON vector_layers lists them (types: Number, String, Boolean). */
export const VECTOR_LAYER_FIELDS = {
  unit: { code: 'String', name: 'String', level: 'String', parent_id: 'Number' },
  household: { block_id: 'Number', member_count: 'Number' },
  household_cluster: { households: 'Number', members: 'Number' },
} as const satisfies Record<string, Record<string, 'Number' | 'String' | 'Boolean'>>;

/** The layer of that name, or undefined (names are case-sensitive). */
export function findTileLayer(name: string): TileLayerDefinition | undefined {
  return Object.hasOwn(TILE_LAYERS, name) ? TILE_LAYERS[name as TileLayerName] : undefined;
}

/** The unit level a unit layer draws. */
export function unitLevelOf(layer: TileLayerDefinition): Exclude<UnitLevel, 'city'> {
  if (layer.kind !== 'unit') throw new Error(`${layer.name} is not a unit layer`);
  return layer.name as Exclude<UnitLevel, 'city'>;
}
