// Drawing a polygon on the map: while active, each click adds a corner and a
// double-click finishes; the map neither pans nor selects meanwhile. The
// preview is drawn through MapController.setExtraLayers.
import { useCallback, useEffect, useState } from 'react';
import type { MapController } from '../map/map-controller.ts';
import { buildDrawLayers, ZONE_DRAW_LAYER_KEY } from './draw-layers.ts';

type Position = [number, number];

/** A double-click also fires two clicks: drop corners repeated at the same place. */
const dedupe = (points: Position[]): Position[] => points.filter((p, i) => i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1]);

/** The drawing state; `points` stay after finishing, until cleared or a new drawing starts. */
export function usePolygonDrawing(controller: MapController | null) {
  const [active, setActive] = useState(false);
  const [points, setPoints] = useState<Position[]>([]);

  useEffect(() => {
    if (!controller || !active) return;
    const map = controller.map;
    // A transparent layer over the map takes the clicks while drawing, so they
    // neither select a unit nor move the map under the corners being placed.
    const catcher = document.createElement('div');
    catcher.dataset.testid = 'zone-draw-catcher';
    Object.assign(catcher.style, { position: 'absolute', inset: '0', cursor: 'crosshair', zIndex: '2' });
    const toLngLat = (e: MouseEvent): Position => {
      const rect = catcher.getBoundingClientRect();
      const p = map.unproject([e.clientX - rect.left, e.clientY - rect.top]);
      return [p.lng, p.lat];
    };
    const click = (e: MouseEvent) => setPoints((p) => [...p, toLngLat(e)]);
    const dblclick = (e: MouseEvent) => {
      e.preventDefault();
      setActive(false);
      setPoints(dedupe);
    };
    // MapLibre listens on the container the catcher sits in: keep presses from reaching it (the wheel still zooms).
    const stop = (e: Event) => e.stopPropagation();
    for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'touchstart', 'touchend']) catcher.addEventListener(type, stop);
    catcher.addEventListener('click', (e) => { stop(e); click(e); });
    catcher.addEventListener('dblclick', (e) => { stop(e); dblclick(e); });
    map.getCanvasContainer().appendChild(catcher);
    return () => catcher.remove();
  }, [controller, active]);

  useEffect(() => {
    controller?.setExtraLayers(ZONE_DRAW_LAYER_KEY, buildDrawLayers(points));
  }, [controller, points]);
  useEffect(() => () => controller?.setExtraLayers(ZONE_DRAW_LAYER_KEY, []), [controller]);

  const finish = useCallback(() => {
    setActive(false);
    setPoints(dedupe);
  }, []);

  return {
    active, points,
    start: () => { setPoints([]); setActive(true); },
    cancel: () => { setActive(false); setPoints([]); },
    undo: () => setPoints((p) => p.slice(0, -1)),
    finish,
    clear: () => setPoints([]),
  };
}
