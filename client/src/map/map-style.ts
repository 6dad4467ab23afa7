// The MapLibre part of the map as pure data: one vector source per level
// (geometry only; tiers are joined in the client through feature-state
// `t` = index into the legend, so recolouring never refetches a tile), and
// per level a fill, a hatch for "insufficient data", an outline that
// thickens on hover/selection/flash, and the edges of the level above.
import type { ExpressionSpecification, LayerSpecification, SourceSpecification } from 'maplibre-gl';
import type { MapLevel } from '../api/types.ts';
import { MAP_LEVELS } from '../api/types.ts';
import type { LevelZooms } from './level-zoom.ts';
import { NO_TIER_HEX } from './tier-colours.ts';

export const HATCH_IMAGE = 'riskmap-hatch';
export const sourceId = (level: MapLevel | 'household') => `units-${level}`;
export const fillLayerId = (level: MapLevel) => `fill-${level}`;
export const FILL_OPACITY = 0.85;

/** Vector sources from the server's TileJSON (absolute URLs: MapLibre resolves them outside the page). */
export function buildSources(origin: string): Record<string, SourceSpecification> {
  const sources: Record<string, SourceSpecification> = {};
  for (const level of [...MAP_LEVELS, 'household'] as const) sources[sourceId(level)] = { type: 'vector', url: `${origin}/tiles/${level}.json` };
  return sources;
}

/** fill-color: the legend colour at index feature-state `t`, no-tier grey when unset or -1. */
export function buildFillColourExpression(colours: readonly string[]): ExpressionSpecification {
  if (colours.length === 0) return ['literal', NO_TIER_HEX] as unknown as ExpressionSpecification;
  const cases = colours.flatMap((colour, i) => [i, colour]);
  return ['match', ['coalesce', ['feature-state', 't'], -1], ...cases, NO_TIER_HEX] as unknown as ExpressionSpecification;
}

/** Opacity of the hatch: 1 where the unit's tier is the insufficient-data entry. */
export function buildHatchOpacityExpression(insufficientIndex: number): ExpressionSpecification {
  return ['case', ['==', ['coalesce', ['feature-state', 't'], -1], insufficientIndex], 1, 0];
}

const flag = (name: string): ExpressionSpecification => ['boolean', ['feature-state', name], false];

/** Layers of the unit levels, in drawing order. */
export function buildUnitLayers(zooms: LevelZooms, colours: readonly string[], insufficientIndex: number): LayerSpecification[] {
  const fills: LayerSpecification[] = [];
  const lines: LayerSpecification[] = [];
  MAP_LEVELS.forEach((level, i) => {
    const [minzoom, maxzoom] = zooms[level];
    if (maxzoom <= minzoom) return;
    const common = { source: sourceId(level), 'source-layer': level, minzoom, maxzoom };
    fills.push({ id: fillLayerId(level), type: 'fill', ...common, paint: { 'fill-color': buildFillColourExpression(colours), 'fill-opacity': FILL_OPACITY } });
    fills.push({ id: `hatch-${level}`, type: 'fill', ...common, paint: { 'fill-pattern': HATCH_IMAGE, 'fill-opacity': buildHatchOpacityExpression(insufficientIndex) } });
    lines.push({
      id: `line-${level}`, type: 'line', ...common,
      paint: {
        'line-color': ['case', flag('flash'), '#000000', flag('selected'), '#000000', flag('hover'), '#1d4ed8', '#4b5563'],
        'line-width': ['case', flag('flash'), 5, flag('selected'), 3.5, flag('hover'), 3, 0.8],
      },
    });
    // The level above's edges stay visible (thicker) while its children are drawn, so a ward is still seen as a whole.
    const child = MAP_LEVELS[i + 1];
    if (child && zooms[child][1] > zooms[child][0]) {
      lines.unshift({ id: `edge-${level}`, type: 'line', source: sourceId(level), 'source-layer': level, minzoom: zooms[child][0], maxzoom: 24, paint: { 'line-color': '#1f2933', 'line-width': 2.2, 'line-opacity': 0.8 } });
    }
  });
  return [...fills, ...lines];
}

/** Household points (z15+) coloured by their own tier colour when known (feature-state `c`). */
export function buildHouseholdLayers(minzoom: number): LayerSpecification[] {
  return [{
    id: 'households', type: 'circle', source: sourceId('household'), 'source-layer': 'household', minzoom,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 15, 3, 19, 8],
      'circle-color': ['to-color', ['coalesce', ['feature-state', 'c'], '#ffffff']],
      'circle-stroke-color': '#1f2933',
      'circle-stroke-width': ['case', flag('hover'), 3, 1],
    },
  }];
}

/** An 8×8 RGBA diagonal hatch (dark lines on transparent), for "insufficient data". */
export function buildHatchPattern(size = 8): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if ((x + y) % size === 0 || (x + y + 1) % size === 0) data.set([60, 60, 60, 220], (y * size + x) * 4);
    }
  }
  return { width: size, height: size, data };
}
