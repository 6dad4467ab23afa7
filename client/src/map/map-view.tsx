import { useEffect, useRef } from 'react';
import type { StyleSpecification } from 'maplibre-gl';
import type { Bbox } from '../api/types.ts';
import type { LevelZooms } from './level-zoom.ts';
import { resolveBasemapStyle } from './basemap.ts';
import { MapController, OFFLINE_STYLE, type MapCallbacks } from './map-controller.ts';

/** The map element; hands its controller up once the style has loaded. A basemap that cannot be loaded is reported and the map draws without it. */
export function MapView({ zooms, householdZoom, basemapStyleUrl, initial, callbacks, onReady, onBasemapError }: {
  zooms: LevelZooms;
  householdZoom: number;
  basemapStyleUrl: string | null;
  initial: { center: [number, number]; zoom: number } | { bbox: Bbox };
  callbacks: MapCallbacks;
  onReady(controller: MapController): void;
  onBasemapError?(message: string): void;
}) {
  const container = useRef<HTMLDivElement>(null);
  const latest = useRef(callbacks);
  latest.current = callbacks;
  useEffect(() => {
    if (!container.current) return;
    const element = container.current;
    let alive = true;
    let controller: MapController | null = null;
    const start = (style: StyleSpecification | string) => {
      if (!alive) return;
      controller = new MapController({
        container: element, basemapStyle: style, zooms, householdZoom, initial,
        callbacks: {
          onHover: (...args) => latest.current.onHover(...args),
          onClick: (...args) => latest.current.onClick(...args),
          onMoveEnd: (...args) => latest.current.onMoveEnd(...args),
          tierTextOf: (...args) => latest.current.tierTextOf(...args),
        },
      });
      const made = controller;
      void made.loaded.then(() => alive && onReady(made));
    };
    if (basemapStyleUrl === null) start(OFFLINE_STYLE);
    else {
      resolveBasemapStyle(basemapStyleUrl, window.location.origin).then(start, (error: unknown) => {
        onBasemapError?.(error instanceof Error ? error.message : String(error));
        start(OFFLINE_STYLE);
      });
    }
    return () => {
      alive = false;
      controller?.destroy();
    };
    // The map is made once; later prop changes go through the controller.
  }, []);
  return <div ref={container} className="map" data-testid="map" />;
}
