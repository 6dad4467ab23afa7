// The optional basemap (RISKMAP_BASEMAP_STYLE_URL, read from
// /api/client-config): a MapLibre style URL, or a PMTiles archive
// (`….pmtiles`) drawn with a plain style made from the archive's own
// metadata. Unset, nothing is fetched and the map draws on a plain
// background (OFFLINE_STYLE). The PMTiles reader is loaded only when a
// basemap is set.
import { addProtocol, type StyleSpecification } from 'maplibre-gl';

/** True for a PMTiles archive rather than a style document. */
export const isPmtilesUrl = (url: string) => url.startsWith('pmtiles://') || /\.pmtiles([?#]|$)/i.test(url);

const BACKGROUND = '#eef2f5';

/**
 * A plain style for a PMTiles archive at `url` (absolute): raster tiles as
 * they are; vector tiles as light fills and grey lines for every layer its
 * metadata lists (no labels: glyphs would need the network). Zooms from the
 * archive's header.
 */
export function buildPmtilesStyle(url: string, archive: { kind: 'raster' | 'vector'; vectorLayerIds: readonly string[]; minZoom: number; maxZoom: number }): StyleSpecification {
  const source = { url: `pmtiles://${url}`, minzoom: archive.minZoom, maxzoom: archive.maxZoom };
  const background = { id: 'background', type: 'background' as const, paint: { 'background-color': BACKGROUND } };
  if (archive.kind === 'raster') {
    return { version: 8, sources: { basemap: { type: 'raster', tileSize: 256, ...source } }, layers: [background, { id: 'basemap-raster', type: 'raster', source: 'basemap', paint: { 'raster-opacity': 0.9 } }] };
  }
  return {
    version: 8,
    sources: { basemap: { type: 'vector', ...source } },
    layers: [
      background,
      ...archive.vectorLayerIds.flatMap((id) => [
        { id: `basemap-${id}-fill`, type: 'fill' as const, source: 'basemap', 'source-layer': id, filter: ['==', ['geometry-type'], 'Polygon'] as never, paint: { 'fill-color': /water|ocean|river/i.test(id) ? '#c9dcee' : '#e4e7eb', 'fill-opacity': 0.8 } },
        { id: `basemap-${id}-line`, type: 'line' as const, source: 'basemap', 'source-layer': id, filter: ['==', ['geometry-type'], 'LineString'] as never, paint: { 'line-color': /water|river/i.test(id) ? '#9fbfe0' : '#b8bfc7', 'line-width': 1 } },
      ]),
    ],
  };
}

let protocolAdded: Promise<typeof import('pmtiles')> | null = null;

/** Registers MapLibre's `pmtiles://` protocol once (styles of a self-hosted basemap may use it too). */
async function addPmtilesProtocol(): Promise<{ pmtiles: typeof import('pmtiles'); protocol: InstanceType<typeof import('pmtiles').Protocol> }> {
  protocolAdded ??= import('pmtiles');
  const pmtiles = await protocolAdded;
  const state = globalThis as unknown as { __riskmapPmtiles?: InstanceType<typeof pmtiles.Protocol> };
  if (!state.__riskmapPmtiles) {
    state.__riskmapPmtiles = new pmtiles.Protocol();
    addProtocol('pmtiles', state.__riskmapPmtiles.tile);
  }
  return { pmtiles, protocol: state.__riskmapPmtiles };
}

/** The style to start the map with: the URL itself for a style document, a built style for a PMTiles archive. */
export async function resolveBasemapStyle(styleUrl: string, origin: string): Promise<StyleSpecification | string> {
  const { pmtiles, protocol } = await addPmtilesProtocol();
  if (!isPmtilesUrl(styleUrl)) return new URL(styleUrl, origin).href;
  const url = new URL(styleUrl.replace(/^pmtiles:\/\//, ''), origin).href;
  const archive = new pmtiles.PMTiles(url);
  protocol.add(archive);
  const header = await archive.getHeader();
  const metadata = (await archive.getMetadata().catch(() => null)) as { vector_layers?: Array<{ id?: unknown }> } | null;
  return buildPmtilesStyle(url, {
    kind: header.tileType === pmtiles.TileType.Mvt ? 'vector' : 'raster',
    vectorLayerIds: (metadata?.vector_layers ?? []).flatMap((l) => (typeof l.id === 'string' ? [l.id] : [])),
    minZoom: header.minZoom,
    maxZoom: header.maxZoom,
  });
}
