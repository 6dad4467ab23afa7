// The imperative side of the map: one MapLibre map with the unit sources
// and layers of map-style.ts, a deck.gl overlay for labels and flashes, and
// methods the React view calls. Tiers are feature-state, so a new date or a
// live change recolours without touching tiles.
import type { Layer } from '@deck.gl/core';
import type { MapboxOverlay } from '@deck.gl/mapbox';
import { Map as MapLibreMap, NavigationControl, ScaleControl, setWorkerUrl, type MapGeoJSONFeature, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { Bbox, MapLevel } from '../api/types.ts';
import { MAP_LEVELS } from '../api/types.ts';
import { computeLabelPoints, type LabelPoint } from './label-points.ts';
import { FLASH_MS } from './flash-timing.ts';
import type { Flash, MapLabel } from './layers.ts';
import { pickLevelAtZoom, type LevelZooms } from './level-zoom.ts';
import { PHONE_MAX_WIDTH_PX } from '../layout/use-phone.ts';
import { buildHatchPattern, buildHouseholdLayers, buildSources, buildUnitLayers, fillLayerId, HATCH_IMAGE, sourceId, buildFillColourExpression, buildHatchOpacityExpression } from './map-style.ts';

// MapLibre looks for its worker beside its own module, which the bundle moves: point it at the emitted file.
setWorkerUrl(workerUrl);

/** A style with no sources: draws without any network (the default, since cities in a crisis may be offline). */
export const OFFLINE_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef2f5' } }],
};

/** Room for the top bar, the time bar and the dock when fitting a unit: the right-hand column, or on a phone the bottom sheet and time bar. */
function framePadding(container: HTMLElement) {
  const width = container.clientWidth;
  const height = container.clientHeight;
  if (width <= PHONE_MAX_WIDTH_PX) return { top: Math.min(120, height * 0.15), bottom: Math.min(height * 0.5 + 20, height * 0.7), left: 20, right: 20 };
  return { top: 70, bottom: 70, left: 30, right: Math.min(450, width * 0.4) };
}

export interface MapTarget {
  level: MapLevel | 'household';
  id: number;
}

export interface MapCallbacks {
  onHover(target: MapTarget | null, point: { x: number; y: number } | null): void;
  onClick(target: MapTarget): void;
  onMoveEnd(view: { zoom: number; center: [number, number]; level: MapLevel }): void;
  tierTextOf(level: MapLevel, id: number): string | null;
}

export interface MapSetup {
  container: HTMLElement;
  basemapStyle: StyleSpecification | string;
  zooms: LevelZooms;
  householdZoom: number;
  initial: { center: [number, number]; zoom: number } | { bbox: Bbox };
  callbacks: MapCallbacks;
}

export class MapController {
  readonly map: MapLibreMap;
  /** deck.gl over the map: null until its chunk has loaded (after the map's first load). */
  overlay: MapboxOverlay | null = null;
  private deck: typeof import('./deck-overlay.ts') | null = null;
  readonly loaded: Promise<void>;
  private labels: MapLabel[] = [];
  private labelPoints = new Map<MapLevel, LabelPoint[]>();
  private flashes: Flash[] = [];
  private showLabels = true;
  private hover: MapTarget | null = null;
  private selected: MapTarget | null = null;
  private animating = false;
  private extraLayers = new Map<string, readonly Layer[]>();
  private destroyed = false;
  private overlayLoading: Promise<void> | null = null;

  constructor(private readonly setup: MapSetup) {
    const { container, initial } = setup;
    this.map = new MapLibreMap({
      container,
      style: setup.basemapStyle,
      ...('bbox' in initial ? { bounds: initial.bbox, fitBoundsOptions: { padding: framePadding(container) } } : { center: initial.center, zoom: initial.zoom }),
      maxZoom: 20,
      attributionControl: false,
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'bottom-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    this.loaded = new Promise((resolve) => this.map.once('load', () => {
      this.addUnitLayers();
      this.bindEvents();
      resolve();
    }));
  }

  /**
   * Loads deck.gl (labels, flash rings, tools' layers); the dashboard calls it
   * once the first tier colours are drawn, so they wait for MapLibre only. Idempotent.
   */
  loadOverlay(): Promise<void> {
    this.overlayLoading ??= this.addOverlay();
    return this.overlayLoading;
  }

  private async addOverlay(): Promise<void> {
    const deck = await import('./deck-overlay.ts');
    if (this.destroyed) return;
    this.deck = deck;
    this.overlay = new deck.MapboxOverlay({ interleaved: false, layers: [] });
    this.map.addControl(this.overlay);
    this.refreshLabels();
  }

  get level(): MapLevel {
    return pickLevelAtZoom(this.setup.zooms, this.map.getZoom());
  }

  private addUnitLayers(): void {
    const { map } = this;
    const hatch = buildHatchPattern();
    map.addImage(HATCH_IMAGE, hatch, { pixelRatio: 1 });
    for (const [id, source] of Object.entries(buildSources(window.location.origin))) map.addSource(id, source);
    for (const layer of [...buildUnitLayers(this.setup.zooms, [], -1), ...buildHouseholdLayers(this.setup.householdZoom)]) map.addLayer(layer);
  }

  private targetAt(point: { x: number; y: number }): MapTarget | null {
    const layers = [...MAP_LEVELS.map(fillLayerId), 'households'].filter((id) => this.map.getLayer(id));
    const [feature] = this.map.queryRenderedFeatures([point.x, point.y], { layers }) as MapGeoJSONFeature[];
    if (!feature || feature.id === undefined) return null;
    const level = feature.layer.id === 'households' ? 'household' : (feature.sourceLayer as MapLevel);
    return { level, id: Number(feature.id) };
  }

  private bindEvents(): void {
    const { map } = this;
    map.on('mousemove', (e) => {
      const target = this.targetAt(e.point);
      map.getCanvas().style.cursor = target ? 'pointer' : '';
      this.setHover(target);
      this.setup.callbacks.onHover(target, target ? e.point : null);
    });
    map.on('mouseout', () => {
      this.setHover(null);
      this.setup.callbacks.onHover(null, null);
    });
    map.on('click', (e) => {
      const target = this.targetAt(e.point);
      if (target) this.setup.callbacks.onClick(target);
    });
    map.on('moveend', () => {
      const c = map.getCenter();
      this.setup.callbacks.onMoveEnd({ zoom: map.getZoom(), center: [c.lng, c.lat], level: this.level });
      this.refreshLabels();
    });
    map.on('idle', () => this.refreshLabels());
  }

  private stateTarget(t: MapTarget) {
    return t.level === 'household' ? { source: sourceId('household'), sourceLayer: 'household', id: t.id } : { source: sourceId(t.level), sourceLayer: t.level, id: t.id };
  }

  private setFlag(target: MapTarget | null, name: string, value: boolean): void {
    if (target && this.map.getSource(this.stateTarget(target).source)) this.map.setFeatureState(this.stateTarget(target), { [name]: value });
  }

  setHover(target: MapTarget | null): void {
    if (this.hover?.id === target?.id && this.hover?.level === target?.level) return;
    this.setFlag(this.hover, 'hover', false);
    this.hover = target;
    this.setFlag(target, 'hover', true);
  }

  setSelected(target: MapTarget | null): void {
    this.setFlag(this.selected, 'selected', false);
    this.selected = target;
    this.setFlag(target, 'selected', true);
  }

  /** Colours of the legend entries (index = feature-state t). */
  setLegend(colours: readonly string[], insufficientIndex: number): void {
    for (const level of MAP_LEVELS) {
      if (!this.map.getLayer(fillLayerId(level))) continue;
      this.map.setPaintProperty(fillLayerId(level), 'fill-color', buildFillColourExpression(colours));
      this.map.setPaintProperty(`hatch-${level}`, 'fill-opacity', buildHatchOpacityExpression(insufficientIndex));
    }
  }

  /** Tiers of units of a level (legend index per id; -1 = none). */
  setTiers(level: MapLevel, ids: readonly number[], tiers: readonly number[]): void {
    const source = sourceId(level);
    for (let i = 0; i < ids.length; i++) this.map.setFeatureState({ source, sourceLayer: level, id: ids[i] as number }, { t: tiers[i] ?? -1 });
  }

  /** Colours (hex) of household points by household id. */
  setHouseholdColours(colours: ReadonlyMap<number, string>): void {
    for (const [id, colour] of colours) this.map.setFeatureState({ source: sourceId('household'), sourceLayer: 'household', id }, { c: colour });
  }

  /** Shows a unit whole; with `minZoom`, at least that close (so its children are the level drawn). */
  fitBbox(bbox: Bbox, minZoom = 0): void {
    const camera = this.map.cameraForBounds(bbox, { padding: framePadding(this.map.getContainer()), maxZoom: 19 });
    if (!camera) return;
    const zoom = Math.min(19, Math.max(camera.zoom ?? minZoom, minZoom));
    this.map.easeTo({ ...camera, zoom, duration: 600 });
  }

  /** Pulses the units whose tier just changed (outline + a ring at the label point). */
  flash(level: MapLevel, ids: readonly number[]): void {
    const now = performance.now();
    const points = new Map((this.labelPoints.get(level) ?? []).map((p) => [p.id, p]));
    for (const id of ids) {
      this.map.setFeatureState({ source: sourceId(level), sourceLayer: level, id }, { flash: true });
      const point = points.get(id);
      if (point) this.flashes.push({ id, position: point.position, startedMs: now });
    }
    setTimeout(() => {
      for (const id of ids) this.map.setFeatureState({ source: sourceId(level), sourceLayer: level, id }, { flash: false });
    }, FLASH_MS);
    this.animate();
  }

  private animate(): void {
    if (this.animating) return;
    this.animating = true;
    const frame = () => {
      const now = performance.now();
      this.flashes = this.flashes.filter((f) => now - f.startedMs < FLASH_MS);
      this.renderOverlay(now);
      if (this.flashes.length > 0) requestAnimationFrame(frame);
      else this.animating = false;
    };
    requestAnimationFrame(frame);
  }

  setLabelsVisible(visible: boolean): void {
    this.showLabels = visible;
    this.renderOverlay(performance.now());
  }

  /** Recomputes the labels of the level drawn from the features in the loaded tiles. */
  refreshLabels(): void {
    const level = this.level;
    if (!this.map.getSource(sourceId(level))) return;
    const pieces = this.map.querySourceFeatures(sourceId(level), { sourceLayer: level });
    const points = computeLabelPoints(pieces.map((f) => ({ id: f.id, geometry: f.geometry, properties: f.properties })));
    this.labelPoints.set(level, points);
    const pixelsPerDegree = (512 * 2 ** this.map.getZoom()) / 360;
    this.labels = this.deck ? this.deck.buildMapLabels(points, pixelsPerDegree, (id) => this.setup.callbacks.tierTextOf(level, id)) : [];
    this.renderOverlay(performance.now());
  }

  /** The texts of the labels drawn (name, and the tier's short name). */
  labelTexts(): string[] {
    return this.labels.map((l) => l.text);
  }

  labelPointsOf(level: MapLevel): LabelPoint[] {
    return this.labelPoints.get(level) ?? [];
  }

  /**
   * Layers a tool (zone drawing, aid progress, …) draws under the labels,
   * kept under `key` until replaced; an empty list removes them.
   */
  setExtraLayers(key: string, layers: readonly Layer[]): void {
    if (layers.length === 0) this.extraLayers.delete(key);
    else this.extraLayers.set(key, layers);
    this.renderOverlay(performance.now());
  }

  private renderOverlay(nowMs: number): void {
    if (!this.overlay || !this.deck) return;
    const extra = [...this.extraLayers.values()].flat();
    this.overlay.setProps({ layers: [...extra, ...this.deck.buildOverlayLayers({ labels: this.labels, flashes: this.flashes, nowMs, showLabels: this.showLabels })] });
  }

  /** Resolves after the map has drawn everything it is waiting for. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.map.once('idle', () => resolve());
      this.map.triggerRepaint();
    });
  }

  destroy(): void {
    this.destroyed = true;
    this.map.remove();
  }
}
