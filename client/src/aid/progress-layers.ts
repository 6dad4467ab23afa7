// The aid round's progress on the map: a disc per unit filled by the share of
// its households delivered (grey → green) and a "12/40" label. Pure: built
// from the progress answer, stable layer ids.
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';

export interface ProgressPoint {
  unitId: number;
  position: [number, number];
  /** Counts as the API gives them: a number, or a suppressed "<5". */
  total: number | string;
  delivered: number | string;
}

export const AID_LAYER_KEY = 'aid-progress';

/** Share delivered in [0, 1]; null when unknown (suppressed counts) or no households. */
export function deliveredShare(point: Pick<ProgressPoint, 'total' | 'delivered'>): number | null {
  if (typeof point.total !== 'number' || typeof point.delivered !== 'number' || point.total === 0) return null;
  return Math.min(1, point.delivered / point.total);
}

/** Fill colour (RGBA) for a share: light grey at 0 through to green at 1; hatched-grey for unknown. */
export function shareColour(share: number | null): [number, number, number, number] {
  if (share === null) return [158, 158, 158, 160];
  const from = [229, 231, 235];
  const to = [46, 125, 50];
  return [0, 1, 2].map((k) => Math.round((from[k] as number) + ((to[k] as number) - (from[k] as number)) * share)).concat(220) as [number, number, number, number];
}

export const progressLabel = (p: Pick<ProgressPoint, 'total' | 'delivered'>) => `${p.delivered}/${p.total}`;

/** Disc (radius in CSS px) and label layers; empty list for no points. */
export function buildAidProgressLayers(points: readonly ProgressPoint[], radiusPx = 16) {
  if (points.length === 0) return [];
  return [
    new ScatterplotLayer<ProgressPoint>({
      id: 'aid-progress-discs',
      data: points,
      getPosition: (p) => p.position,
      getRadius: radiusPx,
      radiusUnits: 'pixels',
      getFillColor: (p) => shareColour(deliveredShare(p)),
      stroked: true,
      getLineColor: [31, 41, 51, 255],
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
    }),
    new TextLayer<ProgressPoint>({
      id: 'aid-progress-labels',
      data: points,
      getPosition: (p) => p.position,
      getText: progressLabel,
      getSize: 12,
      getColor: [17, 24, 39, 255],
      fontFamily: 'system-ui, "Noto Sans", "DejaVu Sans", sans-serif',
      fontWeight: 700,
      characterSet: 'auto',
      outlineWidth: 3,
      outlineColor: [255, 255, 255, 230],
      fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
    }),
  ];
}
