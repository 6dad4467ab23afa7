// The data-quality layer on the map: a disc per unit coloured by the share of
// its records the map does not see in time (unplaced, held, rejected, late:
// green 0 → red ≥ 50%), outlined grey when its last data day is stale, with
// the share as a label. Pure: built from the API answer, stable layer ids.
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';

export interface QualityPoint {
  unitId: number;
  position: [number, number];
  blindShare: number | null;
  stale: boolean;
}

export const QUALITY_LAYER_KEY = 'desk-quality';

/** Share at which the disc is fully red. */
const RED_AT = 0.5;

/** Fill colour (RGBA) for a blind share; grey for unknown (no records). */
export function blindColour(share: number | null): [number, number, number, number] {
  if (share === null) return [158, 158, 158, 150];
  const k = Math.min(1, share / RED_AT);
  const from = [46, 125, 50];
  const to = [198, 40, 40];
  return [0, 1, 2].map((i) => Math.round((from[i] as number) + ((to[i] as number) - (from[i] as number)) * k)).concat(210) as [number, number, number, number];
}

export const blindLabel = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`);

/** Days between two ISO dates (b − a). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

export function buildQualityLayers(points: readonly QualityPoint[], radiusPx = 14) {
  if (points.length === 0) return [];
  return [
    new ScatterplotLayer<QualityPoint>({
      id: 'desk-quality-discs',
      data: points,
      getPosition: (p) => p.position,
      getRadius: radiusPx,
      radiusUnits: 'pixels',
      getFillColor: (p) => blindColour(p.blindShare),
      stroked: true,
      getLineColor: (p) => (p.stale ? [120, 120, 120, 255] : [31, 41, 51, 255]),
      lineWidthUnits: 'pixels',
      getLineWidth: (p) => (p.stale ? 4 : 1.5),
    }),
    new TextLayer<QualityPoint>({
      id: 'desk-quality-labels',
      data: points,
      getPosition: (p) => p.position,
      getText: (p) => blindLabel(p.blindShare),
      getSize: 11,
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
