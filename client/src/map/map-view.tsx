import { useEffect, useRef } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import type { Bbox } from '../api/types.ts';
import type { LevelZooms } from './level-zoom.ts';
import { MapController, OFFLINE_STYLE, type MapCallbacks } from './map-controller.ts';

/** The map element; hands its controller up once the style has loaded. */
export function MapView({ zooms, householdZoom, basemapStyleUrl, initial, callbacks, onReady }: {
  zooms: LevelZooms;
  householdZoom: number;
  basemapStyleUrl: string | null;
  initial: { center: [number, number]; zoom: number } | { bbox: Bbox };
  callbacks: MapCallbacks;
  onReady(controller: MapController): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef(callbacks);
  latest.current = callbacks;
  useEffect(() => {
    if (!container.current) return;
    const style: StyleSpecification | string = basemapStyleUrl ?? OFFLINE_STYLE;
    const controller = new MapController({
      container: container.current, basemapStyle: style, zooms, householdZoom, initial,
      callbacks: {
        onHover: (...args) => latest.current.onHover(...args),
        onClick: (...args) => latest.current.onClick(...args),
        onMoveEnd: (...args) => latest.current.onMoveEnd(...args),
        tierTextOf: (...args) => latest.current.tierTextOf(...args),
      },
    });
    let alive = true;
    void controller.loaded.then(() => alive && onReady(controller));
    return () => {
      alive = false;
      controller.destroy();
    };
    // The map is made once; later prop changes go through the controller.
  }, []);
  return <div ref={container} className="map" data-testid="map" />;
}
