import { useEffect, useRef } from 'react';
import { Map as MapLibreMap, NavigationControl, type StyleSpecification } from 'maplibre-gl';
import { MapboxOverlay } from '@deck.gl/mapbox';
import { buildUnitLayers } from './layers.ts';

/** A style with no sources: draws without any network (the default, since cities in a crisis may be offline). */
export const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f5' } }],
};

/** Ho Chi Minh City centre; replaced by the units' extent once they load. */
const INITIAL_VIEW = { center: [106.7, 10.78] as [number, number], zoom: 10 };

export function MapView() {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!container.current) return;
    const map = new MapLibreMap({
      container: container.current,
      style: OFFLINE_STYLE,
      center: INITIAL_VIEW.center,
      zoom: INITIAL_VIEW.zoom,
      attributionControl: false,
    });
    map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
    const overlay = new MapboxOverlay({ interleaved: false, layers: buildUnitLayers({ units: null }) });
    map.addControl(overlay);
    // A handle for end-to-end tests and for debugging from the console.
    (window as unknown as { __riskmap: unknown }).__riskmap = { map, overlay };
    return () => map.remove();
  }, []);

  return <div ref={container} className="map" data-testid="map" />;
}
