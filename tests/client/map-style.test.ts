import { describe, expect, it } from 'vitest';
import { computeLevelZooms } from '../../client/src/map/level-zoom.ts';
import { buildFillColourExpression, buildHatchOpacityExpression, buildHatchPattern, buildSources, buildUnitLayers, buildHouseholdLayers } from '../../client/src/map/map-style.ts';
import { NO_TIER_HEX } from '../../client/src/map/tier-colours.ts';

const zooms = computeLevelZooms([106.686, 10.767, 106.715, 10.793], { district: 4, ward: 24, neighbourhood: 117, block: 457 });

describe('map style', () => {
  it('has one vector source per level plus households, from the TileJSON of this origin', () => {
    const sources = buildSources('http://x:1');
    expect(Object.keys(sources)).toEqual(['units-district', 'units-ward', 'units-neighbourhood', 'units-block', 'units-household']);
    expect(sources['units-ward']).toEqual({ type: 'vector', url: 'http://x:1/tiles/ward.json' });
  });

  it('colours by feature-state index and falls back to no-tier grey', () => {
    expect(buildFillColourExpression(['#111111', '#222222'])).toEqual(['match', ['coalesce', ['feature-state', 't'], -1], 0, '#111111', 1, '#222222', NO_TIER_HEX]);
  });

  it('hatches only the insufficient-data index', () => {
    expect(buildHatchOpacityExpression(4)).toEqual(['case', ['==', ['coalesce', ['feature-state', 't'], -1], 4], 1, 0]);
  });

  it('builds fills, hatches and outlines per level with stable ids and the level zoom ranges', () => {
    const layers = buildUnitLayers(zooms, ['#111111'], 0);
    const ids = layers.map((l) => l.id);
    expect(ids).toContain('fill-ward');
    expect(ids).toContain('hatch-block');
    expect(ids).toContain('line-neighbourhood');
    expect(ids).toContain('edge-district');
    expect(new Set(ids).size).toBe(ids.length);
    const ward = layers.find((l) => l.id === 'fill-ward');
    expect([ward?.minzoom, ward?.maxzoom]).toEqual(zooms.ward);
    // Fills below outlines, so outlines stay readable.
    expect(ids.indexOf('fill-block')).toBeLessThan(ids.indexOf('line-district'));
  });

  it('is the same for the same input (pure)', () => {
    expect(buildUnitLayers(zooms, ['#111111'], 0)).toEqual(buildUnitLayers(zooms, ['#111111'], 0));
  });

  it('draws household points from the given zoom', () => {
    expect(buildHouseholdLayers(16)[0]).toMatchObject({ id: 'households', minzoom: 16, 'source-layer': 'household' });
  });

  it('makes a diagonal hatch with transparent gaps', () => {
    const { width, height, data } = buildHatchPattern(8);
    expect([width, height, data.length]).toEqual([8, 8, 256]);
    const alpha = (x: number, y: number) => data[(y * 8 + x) * 4 + 3];
    expect(alpha(0, 0)).toBeGreaterThan(0);
    expect(alpha(3, 0)).toBe(0);
  });
});
