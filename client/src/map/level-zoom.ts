// Which unit level the map draws at which zoom. Cities differ in size (the
// demo city is 3 km across, Ho Chi Minh City 50 km), so the ranges come from
// the city's extent and how many units each level has: a level is drawn
// while its typical unit is at least MIN_UNIT_PX wide on screen and its
// children's typical unit is not yet. Tiles' own zoom ranges bound it.
import type { Bbox, MapLevel } from '../api/types.ts';
import { MAP_LEVELS } from '../api/types.ts';

/** A typical unit narrower than this (CSS px) is too small to read: the map switches to the coarser level. */
export const MIN_UNIT_PX = 260;
/** Households (points) are drawn once a typical block is this wide, and not before the tiles carry points (z15). */
export const HOUSEHOLD_BLOCK_PX = 900;
export const HOUSEHOLD_MIN_ZOOM = 15;
/** Tile zoom ranges (server/tiles/tiles.layers.ts). */
export const TILE_ZOOMS: Readonly<Record<MapLevel | 'household', [number, number]>> = {
  district: [6, 14], ward: [9, 16], neighbourhood: [12, 18], block: [14, 20], household: [12, 20],
};
export const MAX_ZOOM = 20;

export type LevelZooms = Record<MapLevel, [number, number]>;

/** Width (degrees of longitude, Mercator-corrected to the equator) of a typical unit among `count` tiling the bbox. */
function typicalUnitDegrees(bbox: Bbox, count: number): number {
  const [x0, y0, x1, y1] = bbox;
  const latScale = Math.cos((((y0 + y1) / 2) * Math.PI) / 180) || 1;
  const area = Math.max(1e-12, (x1 - x0) * ((y1 - y0) / latScale));
  return Math.sqrt(area / Math.max(1, count));
}

/** Zoom at which a width in degrees spans `px` CSS pixels (MapLibre: 512 px world at z0). */
export function zoomForWidth(degrees: number, px: number): number {
  return Math.log2((px * 360) / (512 * Math.max(1e-12, degrees)));
}

/**
 * The [minzoom, maxzoom) range of each map level for a city. Levels with no
 * units get an empty range. Ranges are contiguous: the first level starts at
 * 0 and the last ends at MAX_ZOOM.
 */
export function computeLevelZooms(bbox: Bbox, counts: Readonly<Record<string, number>>): LevelZooms {
  const present = MAP_LEVELS.filter((level) => (counts[level] ?? 0) > 0);
  const starts = present.map((level) => Math.max(TILE_ZOOMS[level][0], zoomForWidth(typicalUnitDegrees(bbox, counts[level] ?? 1), MIN_UNIT_PX)));
  for (let i = 1; i < starts.length; i++) starts[i] = Math.max(starts[i] as number, (starts[i - 1] as number) + 0.5);
  const zooms = Object.fromEntries(MAP_LEVELS.map((l) => [l, [0, 0]])) as LevelZooms;
  present.forEach((level, i) => {
    const from = i === 0 ? 0 : (starts[i] as number);
    const to = i === present.length - 1 ? MAX_ZOOM + 1 : (starts[i + 1] as number);
    zooms[level] = [Number(from.toFixed(2)), Number(to.toFixed(2))];
  });
  return zooms;
}

/** The level drawn at a zoom. */
export function pickLevelAtZoom(zooms: LevelZooms, zoom: number): MapLevel {
  for (const level of MAP_LEVELS) {
    const [from, to] = zooms[level];
    if (zoom >= from && zoom < to) return level;
  }
  return zoom < (zooms.district[0] || 0) ? 'district' : 'block';
}

/** Zoom from which household points are drawn. */
export function computeHouseholdZoom(bbox: Bbox, counts: Readonly<Record<string, number>>): number {
  const blockWidth = typicalUnitDegrees(bbox, counts.block ?? 1);
  return Math.max(HOUSEHOLD_MIN_ZOOM, Number(zoomForWidth(blockWidth, HOUSEHOLD_BLOCK_PX).toFixed(2)));
}

/** The level below (children of) a unit level; null under blocks. */
export function childLevelOf(level: string): MapLevel | null {
  const order = ['city', ...MAP_LEVELS];
  const next = order[order.indexOf(level) + 1];
  return order.indexOf(level) >= 0 && next ? (next as MapLevel) : null;
}

/**
 * The least zoom at which a unit, once selected, is shown: its children's
 * level, or for a block (no children) the block level itself. A fit to the
 * unit's bbox alone can fall short of it when little of the screen is free
 * (a phone's bottom sheet leaves ~280 px of map), and the map would then
 * draw the level above the unit selected (#16: the phone drill-down stopped
 * at the group because a block was fitted at group zoom).
 */
export function selectedUnitMinZoom(zooms: LevelZooms, level: string): number {
  const shown = childLevelOf(level) ?? ((MAP_LEVELS as readonly string[]).includes(level) ? (level as MapLevel) : null);
  if (!shown) return 0;
  const [from, to] = zooms[shown];
  return to > from ? from + 0.05 : 0;
}
