// Decodes tiles for tests with @mapbox/vector-tile, the reference reader.
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

export interface DecodedFeature {
  id: number | undefined;
  type: number;
  properties: Record<string, number | string | boolean>;
  rings: Array<Array<[number, number]>>;
}

export function decodeTile(bytes: Uint8Array): Record<string, { extent: number; version: number; features: DecodedFeature[] }> {
  const tile = new VectorTile(new PbfReader(bytes));
  return Object.fromEntries(Object.entries(tile.layers).map(([name, layer]) => [name, { extent: layer.extent, version: layer.version, features: featuresOf(layer) }]));
}

function featuresOf(layer: VectorTileLayer): DecodedFeature[] {
  const out: DecodedFeature[] = [];
  for (let i = 0; i < layer.length; i++) {
    const f = layer.feature(i);
    out.push({ id: f.id, type: f.type, properties: f.properties, rings: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y] as [number, number])) });
  }
  return out.sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
}

/** Twice the signed area (positive = clockwise on screen = exterior ring). */
export function doubleArea(ring: ReadonlyArray<[number, number]>): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return sum;
}
