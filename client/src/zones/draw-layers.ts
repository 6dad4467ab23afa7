// The polygon being drawn, as deck.gl layers: the filled area once it has
// three corners, the outline so far, and a dot per corner. Pure; stable ids.
import { PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';

export const ZONE_DRAW_LAYER_KEY = 'zone-draw';
type Position = [number, number];

/** Layers for corners [lng, lat] in click order; none for no corners. */
export function buildDrawLayers(points: readonly Position[]) {
  if (points.length === 0) return [];
  const layers = [];
  if (points.length >= 3) {
    layers.push(new PolygonLayer<{ ring: Position[] }>({
      id: 'zone-draw-area', data: [{ ring: [...points] }], getPolygon: (d) => d.ring,
      getFillColor: [25, 118, 210, 50], stroked: false, filled: true,
    }));
  }
  layers.push(new PathLayer<{ path: Position[] }>({
    id: 'zone-draw-outline', data: [{ path: points.length >= 3 ? [...points, points[0] as Position] : [...points] }], getPath: (d) => d.path,
    getColor: [25, 118, 210, 255], getWidth: 2, widthUnits: 'pixels',
  }));
  layers.push(new ScatterplotLayer<Position>({
    id: 'zone-draw-corners', data: [...points], getPosition: (p) => p, getRadius: 4, radiusUnits: 'pixels',
    getFillColor: [255, 255, 255, 255], getLineColor: [25, 118, 210, 255], stroked: true, lineWidthUnits: 'pixels', getLineWidth: 2,
  }));
  return layers;
}

/** A GeoJSON Polygon closing the corners (the server checks it). */
export const drawnPolygon = (points: readonly Position[]) => ({ type: 'Polygon' as const, coordinates: [[...points, points[0] as Position]] });

export const ZONE_OUTLINE_LAYER_KEY = 'zone-outline';

/** The chosen polygon zone's outline (its GeoJSON MultiPolygon or Polygon); none for null or a units zone. */
export function buildZoneOutlineLayers(geometryGeoJson: string | null) {
  if (!geometryGeoJson) return [];
  const geometry = JSON.parse(geometryGeoJson) as { type: string; coordinates: unknown };
  const rings = geometry.type === 'MultiPolygon' ? (geometry.coordinates as Position[][][]).flat()
    : geometry.type === 'Polygon' ? (geometry.coordinates as Position[][]) : [];
  if (rings.length === 0) return [];
  return [new PathLayer<Position[]>({
    id: 'zone-outline', data: rings, getPath: (ring) => ring,
    getColor: [17, 17, 17, 230], getWidth: 3, widthUnits: 'pixels',
  })];
}
