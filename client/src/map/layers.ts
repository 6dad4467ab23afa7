import { GeoJsonLayer } from '@deck.gl/layers';
import type { FeatureCollection } from 'geojson';

export interface UnitLayerInput {
  /** Units to outline, or null while they load. */
  units: FeatureCollection | null;
}

/** Builds the deck.gl layers for the units; stable ids so deck.gl diffs instead of rebuilding. */
export function buildUnitLayers({ units }: UnitLayerInput) {
  if (!units) return [];
  return [
    new GeoJsonLayer({
      id: 'units',
      data: units,
      stroked: true,
      filled: true,
      getFillColor: [200, 210, 220, 120],
      getLineColor: [60, 70, 80, 255],
      lineWidthMinPixels: 1,
      pickable: true,
    }),
  ];
}
