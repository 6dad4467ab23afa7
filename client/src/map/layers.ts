// deck.gl layers over the MapLibre map, built by pure functions with stable
// ids: labels (deck's own font atlas from a system font, since MapLibre
// symbol labels would need glyphs from the network) and the flash rings of
// units whose tier just changed.
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { LabelPoint } from './label-points.ts';
import { FLASH_MS } from './flash-timing.ts';

export interface MapLabel {
  id: number;
  position: [number, number];
  text: string;
}

/** Units wider than this on screen (CSS px) get a label; smaller ones would only overlap. */
export const MIN_LABEL_WIDTH_PX = 70;

/**
 * Labels for the units wide enough on screen: name, then the tier's short
 * name on a second line, so the tier is readable without colour.
 * `pixelsPerDegree` is the map's scale at the current zoom.
 */
export function buildMapLabels(points: readonly LabelPoint[], pixelsPerDegree: number, tierTextOf: (id: number) => string | null): MapLabel[] {
  return points
    .filter((p) => (p.bbox[2] - p.bbox[0]) * pixelsPerDegree >= MIN_LABEL_WIDTH_PX)
    .map((p) => {
      const tier = tierTextOf(p.id);
      return { id: p.id, position: p.position, text: tier ? `${p.name}\n${tier}` : p.name };
    });
}

export interface Flash {
  id: number;
  position: [number, number];
  /** When it started (ms, performance.now()). */
  startedMs: number;
}

export { FLASH_MS } from './flash-timing.ts';

/** The radius (px) and opacity (0–255) of a flash ring `elapsedMs` after it started: three pulses, fading. */
export function computeFlashRing(elapsedMs: number): { radiusPx: number; alpha: number } {
  if (elapsedMs < 0 || elapsedMs >= FLASH_MS) return { radiusPx: 0, alpha: 0 };
  const phase = (elapsedMs % 1000) / 1000;
  return { radiusPx: 8 + phase * 36, alpha: Math.round(255 * (1 - phase) * (1 - elapsedMs / FLASH_MS / 2)) };
}

export interface OverlayInput {
  labels: readonly MapLabel[];
  flashes: readonly Flash[];
  nowMs: number;
  showLabels: boolean;
}

/** All deck.gl layers of the map. */
export function buildOverlayLayers({ labels, flashes, nowMs, showLabels }: OverlayInput) {
  const live = flashes.filter((f) => nowMs - f.startedMs < FLASH_MS);
  return [
    new ScatterplotLayer<Flash>({
      id: 'tier-flash',
      data: live,
      getPosition: (f) => f.position,
      getRadius: (f) => computeFlashRing(nowMs - f.startedMs).radiusPx,
      getLineColor: (f) => [0, 0, 0, computeFlashRing(nowMs - f.startedMs).alpha],
      radiusUnits: 'pixels',
      stroked: true,
      filled: false,
      lineWidthUnits: 'pixels',
      getLineWidth: 4,
      updateTriggers: { getRadius: nowMs, getLineColor: nowMs },
    }),
    new TextLayer<MapLabel>({
      id: 'unit-labels',
      data: labels,
      visible: showLabels,
      getPosition: (l) => l.position,
      getText: (l) => l.text,
      getSize: 13,
      getColor: [17, 24, 39, 255],
      fontFamily: 'system-ui, "Noto Sans", "DejaVu Sans", sans-serif',
      fontWeight: 600,
      characterSet: 'auto',
      fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
      outlineWidth: 3,
      outlineColor: [255, 255, 255, 230],
      lineHeight: 1.15,
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ];
}
