import { describe, expect, it } from 'vitest';
import { buildPmtilesStyle, isPmtilesUrl } from '../../client/src/map/basemap.ts';

describe('optional basemap', () => {
  it('tells a PMTiles archive from a style document', () => {
    expect(isPmtilesUrl('/basemap/hcmc.pmtiles')).toBe(true);
    expect(isPmtilesUrl('https://tiles.example/hcmc.PMTiles?v=2')).toBe(true);
    expect(isPmtilesUrl('pmtiles://https://tiles.example/x')).toBe(true);
    expect(isPmtilesUrl('https://tiles.example/style.json')).toBe(false);
  });

  it('draws a vector archive as fills and lines of every layer its metadata lists, without labels', () => {
    const style = buildPmtilesStyle('https://tiles.example/hcmc.pmtiles', { kind: 'vector', vectorLayerIds: ['water', 'roads'], minZoom: 0, maxZoom: 14 });
    expect(style.sources.basemap).toEqual({ type: 'vector', url: 'pmtiles://https://tiles.example/hcmc.pmtiles', minzoom: 0, maxzoom: 14 });
    expect(style.layers.map((l) => l.id)).toEqual(['background', 'basemap-water-fill', 'basemap-water-line', 'basemap-roads-fill', 'basemap-roads-line']);
    expect(style.layers.some((l) => l.type === 'symbol')).toBe(false);
    expect(style.glyphs).toBeUndefined();
  });

  it('draws a raster archive as it is', () => {
    const style = buildPmtilesStyle('https://tiles.example/ortho.pmtiles', { kind: 'raster', vectorLayerIds: [], minZoom: 10, maxZoom: 18 });
    expect(style.sources.basemap).toMatchObject({ type: 'raster', url: 'pmtiles://https://tiles.example/ortho.pmtiles', minzoom: 10, maxzoom: 18 });
    expect(style.layers.map((l) => l.type)).toEqual(['background', 'raster']);
  });
});
