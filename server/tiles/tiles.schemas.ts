import { Type } from 'typebox';
import { MAX_TILE_ZOOM } from '../../geo/tiles/tile-math.ts';
import { TILE_LAYERS } from './tiles.layers.ts';

const LAYER_NAMES = Object.keys(TILE_LAYERS).join(', ');

// The layer is a plain string checked by the service, so an unknown one gets a message listing the layers.
const Layer = Type.String({ description: `Tile source: ${LAYER_NAMES}`, maxLength: 64 });

export const TileParams = Type.Object({
  layer: Layer,
  z: Type.Integer({ minimum: 0, maximum: MAX_TILE_ZOOM, description: 'Zoom' }),
  x: Type.Integer({ minimum: 0, description: 'Column, 0 … 2^z − 1 from the west' }),
  y: Type.Integer({ minimum: 0, description: 'Row, 0 … 2^z − 1 from the north' }),
});

export const TileQuery = Type.Object({
  v: Type.Optional(Type.String({ maxLength: 32, description: 'Boundary version from the TileJSON tiles URL: when current, the tile is served immutable' })),
});

export const TileJsonParams = Type.Object({ layer: Layer });

const VectorLayer = Type.Object({
  id: Type.String(),
  description: Type.String(),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  fields: Type.Record(Type.String(), Type.String()),
});

export const TileJsonResponse = Type.Object({
  tilejson: Type.Literal('3.0.0'),
  name: Type.String(),
  description: Type.String(),
  version: Type.String(),
  scheme: Type.Literal('xyz'),
  tiles: Type.Array(Type.String()),
  minzoom: Type.Integer(),
  maxzoom: Type.Integer(),
  bounds: Type.Array(Type.Number(), { minItems: 4, maxItems: 4 }),
  center: Type.Array(Type.Number(), { minItems: 3, maxItems: 3 }),
  vector_layers: Type.Array(VectorLayer),
});

export const TileBody = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'Mapbox Vector Tile 2.1 (application/vnd.mapbox-vector-tile)' });
export const NoBody = Type.Null({ description: 'No content: empty tile (204) or not modified (304)' });

