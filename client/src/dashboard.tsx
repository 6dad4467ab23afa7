import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BlockHouseholds, ClientConfig, MapLevel, Me, RuleSetSummary, SearchHit, SearchResult, UnitChildren, UnitColumns, UnitDetail, UnitHistory } from './api/types.ts';
import { useT } from './i18n/language.tsx';
import { pickText } from './i18n/messages.ts';
import { useLive, type AidChange } from './live/use-live.ts';
import { Legend } from './map/legend.tsx';
import { childLevelOf, computeHouseholdZoom, computeLevelZooms, pickLevelAtZoom, selectedUnitMinZoom } from './map/level-zoom.ts';
import type { MapController, MapTarget } from './map/map-controller.ts';
import { MapView } from './map/map-view.tsx';
import { NO_TIER_HEX, pickLegendColours, shortenTierLabel } from './map/tier-colours.ts';
import { ErrorNote } from './panel/error-note.tsx';
import { addDays } from './panel/series.ts';
import { computeChartRange, SidePanel, type Crumb } from './panel/side-panel.tsx';
import { SearchBox } from './search/search-box.tsx';
import { findChangedTiers, snapshotTiers, type TierSnapshot } from './state/use-map-tiers.ts';
import { useApi } from './state/use-api.ts';
import { formatViewUrl, parseViewUrl } from './state/view-url.ts';
import { StatusBar } from './status-bar.tsx';
import { TimeBar } from './time/time-bar.tsx';
import { installTestHook } from './test-hook.ts';
import { ToolTabs } from './tools/tool-tabs.tsx';
import { BlockHouseholdList } from './households/block-households.tsx';
import { HouseholdLegend } from './households/household-legend.tsx';
import { useHouseholdPopup } from './households/household-popup.tsx';
import { DEFAULT_VIEW_PROFILE, findLevelRuleSet, formatGradingQuery, pickInitialGrading, type Grading, type ViewProfileSummary } from './state/grading.ts';
import { useTools } from './tools/use-tools.ts';
import { CollapsibleCard } from './layout/collapsible-card.tsx';
import { MapChrome } from './layout/map-chrome.tsx';
import { OfflineNote, useOnline } from './layout/offline-note.tsx';
import { layoutText } from './layout/layout.strings.ts';
import { PanelDock, type SheetState } from './layout/panel-dock.tsx';
import { TopBar } from './layout/top-bar.tsx';
import { useIsPhone } from './layout/use-phone.ts';
import { DEFAULT_RULE_SET_ID } from '../../geo/risk/default-rule-set.ts';

const DEFAULT_RULE_SET = DEFAULT_RULE_SET_ID;
const FALLBACK_BBOX: [number, number, number, number] = [106.6, 10.7, 106.8, 10.9];

export function Dashboard({ me, config, onLanguage, onSignOut }: { me: Me; config: ClientConfig; onLanguage(): void; onSignOut(): void }) {
  const { t, language } = useT();
  const initial = useMemo(() => parseViewUrl(window.location.search), []);
  const lastDay = config.lastDataDay ?? new Date().toISOString().slice(0, 10);
  const cityBbox = config.city?.bbox ?? FALLBACK_BBOX;
  const zooms = useMemo(() => computeLevelZooms(cityBbox, config.unitCounts), [config]);
  // Household points from the zoom blocks are drawn at (#16: not only from ~z19), never before the tiles carry points (z15).
  const householdZoom = useMemo(() => Math.max(15, Math.min(computeHouseholdZoom(cityBbox, config.unitCounts), zooms.block[1] > zooms.block[0] ? zooms.block[0] : Infinity)), [config, zooms]);
  const firstDay = config.firstDataDay && config.firstDataDay <= lastDay ? config.firstDataDay : addDays(lastDay, -55);
  // A linked date before the data opens on the first day with data, and says so.
  const beforeData = initial.view.date !== null && initial.view.date < firstDay;
  const [date, setDate] = useState(beforeData ? firstDay : initial.view.date ?? lastDay);
  const [grading, setGrading] = useState<Grading>(() => pickInitialGrading(initial.view));
  // A ward official lands on their own unit; others on the city.
  const ownUnitId = me.role === 'ward_official' ? me.jurisdiction?.unitId ?? null : null;
  const [selectedId, setSelectedId] = useState<number | null>(initial.view.unitId ?? ownUnitId ?? config.city?.id ?? null);
  const [camera, setCamera] = useState<{ zoom: number; center: [number, number] } | null>(initial.view.zoom !== null && initial.view.center ? { zoom: initial.view.zoom, center: initial.view.center } : null);
  const [level, setLevel] = useState<MapLevel>(camera ? pickLevelAtZoom(zooms, camera.zoom) : 'district');
  const [hover, setHover] = useState<MapTarget | null>(null);
  const [tooltip, setTooltip] = useState<{ x: number; y: number } | null>(null);
  const [version, setVersion] = useState(0);
  const [controller, setController] = useState<MapController | null>(null);
  const [updatedAt, setUpdatedAt] = useState(Date.now());
  const [toolId, setToolId] = useState<string | null>(null);
  const phone = useIsPhone();
  const online = useOnline();
  const [firstDrawn, setFirstDrawn] = useState(false);
  const tools = useTools(firstDrawn);
  const [sheet, setSheet] = useState<SheetState>('collapsed');
  const [basemapError, setBasemapError] = useState<string | null>(null);
  const pendingFit = useRef<number | null>(initial.view.zoom === null ? initial.view.unitId ?? ownUnitId : null);
  const snapshot = useRef<TierSnapshot | null>(null);
  const dateWaiters = useRef(new Map<string, Array<() => void>>());

  const q = `date=${date}&${formatGradingQuery(grading)}`;
  const columnsPath = `/api/units?level=${level}&${q}`;
  const columns = useApi<UnitColumns>(columnsPath, version);
  // The map's colours come first (#16: first colours ≤ 1.5 s, a new date ≤ 150 ms): the panel asks for a date once the
  // level's tiers for it are in (or have failed), so its requests do not compete with them on the server.
  const [panelDate, setPanelDate] = useState<string | null>(null);
  const columnsSettled = (columns.path === columnsPath && columns.data !== null) || columns.error !== null;
  useEffect(() => { if (columnsSettled) setPanelDate(date); }, [columnsSettled, date]);
  const panelQ = panelDate === null ? null : `date=${panelDate}&${formatGradingQuery(grading)}`;
  const detailPath = selectedId && panelQ ? `/api/units/${selectedId}?${panelQ}` : null;
  const gradedDetail = useApi<UnitDetail>(detailPath, version);
  // A rule set chosen by hand may not grade the selected unit's level: the panel says so and shows the unit's figures (read under the default profile) without any tier or reasons.
  const notGraded = gradedDetail.error?.code === 'RULE_SET_LEVEL_NOT_GRADED' ? gradedDetail.error : null;
  const figures = useApi<UnitDetail>(notGraded && selectedId && panelDate ? `/api/units/${selectedId}?date=${panelDate}&viewProfile=${DEFAULT_VIEW_PROFILE}` : null, version);
  const detail = notGraded ? { ...figures, error: figures.error } : gradedDetail;
  // The tier shown answers this unit and grading (an older date's stays, dimmed, while the new one loads; another rule set's never does).
  const detailCurrent = !notGraded && !gradedDetail.error && gradedDetail.data?.unit.id === selectedId
    && (grading.kind === 'profile' ? new URLSearchParams(gradedDetail.path?.split('?')[1] ?? '').get('viewProfile') === grading.id : gradedDetail.data?.ruleSetId === grading.id);
  const children = useApi<UnitChildren>(selectedId && panelQ ? `/api/units/${selectedId}/children?${panelQ}` : null, version);
  const chart = computeChartRange(panelDate ?? date, config.lastDataDay);
  const history = useApi<UnitHistory>(selectedId && panelDate ? `/api/units/${selectedId}/history?from=${chart.loadFrom}&to=${chart.range[1]}&${notGraded ? `viewProfile=${DEFAULT_VIEW_PROFILE}` : formatGradingQuery(grading)}` : null, version);
  const ruleSets = useApi<RuleSetSummary[]>('/api/rule-sets');
  const profiles = useApi<ViewProfileSummary[]>('/api/view-profiles');
  const detailRuleSet = useApi<{ tiers: Array<{ id: string; label: { vi: string; en: string } }>; insufficientTier: { id: string; label: { vi: string; en: string } } }>(
    detail.data ? `/api/rule-sets/${encodeURIComponent(detail.data.ruleSetId)}` : null);
  // The rule set of the level drawn (tools and reports keep the default one unless a rule set was chosen by hand).
  const ruleSet = grading.kind === 'ruleSet' ? grading.id : columns.data?.ruleSetId ?? findLevelRuleSet(grading, profiles.data ?? [], level) ?? DEFAULT_RULE_SET;
  const toolRuleSet = grading.kind === 'ruleSet' ? grading.id : DEFAULT_RULE_SET;
  const code = detail.data && detail.data.unit.id === selectedId ? detail.data.unit.code : null;
  const place = useApi<SearchResult>(code ? `/api/search?q=${encodeURIComponent(code)}&limit=1` : null);
  const isBlock = detail.data?.unit.level === 'block' && detail.data.unit.id === selectedId;
  const households = useApi<BlockHouseholds>(isBlock && me.role === 'ward_official' ? `/api/units/${selectedId}/households?date=${panelDate ?? date}` : null, version);
  const householdPopup = useHouseholdPopup(controller, date, householdZoom);

  const legend = columns.data?.tiers ?? children.data?.tiers ?? [];
  const colours = useMemo(() => pickLegendColours(legend), [legend]);
  const insufficientIndex = legend.findIndex((e) => e.id === 'insufficient');
  const hit: SearchHit | undefined = place.data?.units.find((u) => u.id === selectedId);
  const path: Crumb[] = hit ? [...hit.path, { id: hit.id, name: hit.name, level: hit.level }] : config.city ? [{ id: config.city.id, name: config.city.name, level: 'city' }] : [];

  // Tiers of the level drawn → feature-state; changed ones flash. A ward official refused a whole level gets the selected unit's children instead.
  const levelRefused = columns.error?.status === 403;
  useEffect(() => {
    if (!controller) return;
    controller.setLegend(colours, insufficientIndex);
    const fromChildren = levelRefused && children.data && childLevelOf(detail.data?.unit.level ?? '') === level
      ? { id: children.data.children.map((c) => c.id), tier: children.data.children.map((c) => c.tierIndex) } : null;
    const source = columns.data && columns.path === columnsPath ? columns.data : fromChildren;
    if (!source) return;
    const key = `${level}|${date}|${ruleSet}`;
    const changed = findChangedTiers(snapshot.current, key, source);
    snapshot.current = snapshotTiers(key, source);
    controller.setTiers(level, source.id, source.tier);
    if (changed.length > 0) controller.flash(level, changed);
    setUpdatedAt(Date.now());
    const waiters = dateWaiters.current.get(date) ?? [];
    dateWaiters.current.delete(date);
    void controller.whenIdle().then(() => {
      controller.refreshLabels();
      for (const resolve of waiters) resolve();
      // bench/client.ts counts the JS requested before this mark as what the first map needed.
      if (performance.getEntriesByName('riskmap:first-tiers').length === 0) performance.mark('riskmap:first-tiers');
      // First tier colours drawn: now labels (deck.gl) and the tools may load.
      void controller.loadOverlay();
      setFirstDrawn(true);
    });
  }, [controller, columns.data, children.data, colours, level]);

  // The map's labels carry the tier's name: redraw them in the language chosen (the map does not move, so nothing else would).
  useEffect(() => { controller?.refreshLabels(); }, [controller, language]);

  // Labels and tools come after the first tier colours, or a few seconds after the map if no tiers arrive (an API error, a refused level).
  useEffect(() => {
    if (!controller) return;
    const timer = setTimeout(() => { void controller.loadOverlay(); setFirstDrawn(true); }, 4000);
    return () => clearTimeout(timer);
  }, [controller]);

  useEffect(() => {
    if (!controller) return;
    controller.setSelected(selectedId && detail.data?.unit.id === selectedId && detail.data.unit.level !== 'city' ? { level: detail.data.unit.level as MapLevel, id: selectedId } : null);
  }, [controller, selectedId, detail.data]);

  useEffect(() => {
    if (controller && hit?.bbox && pendingFit.current === hit.id) {
      pendingFit.current = null;
      controller.fitBbox(hit.bbox, selectedUnitMinZoom(zooms, hit.level));
    }
  }, [controller, hit]);

  // Household points are for ward officials only (the tiles answer 403 to everyone else): do not ask for them otherwise.
  useEffect(() => {
    if (controller && me.role !== 'ward_official') void controller.loaded.then(() => controller.map.setLayoutProperty('households', 'visibility', 'none'));
  }, [controller]);

  useEffect(() => {
    if (!controller || !households.data) return;
    controller.setHouseholdColours(new Map(households.data.households.map((h) => [h.householdId, h.colour])));
  }, [controller, households.data]);

  useEffect(() => {
    const url = formatViewUrl({ unitId: selectedId, date, ruleSet: grading.kind === 'ruleSet' ? grading.id : null, viewProfile: grading.kind === 'profile' && grading.id !== DEFAULT_VIEW_PROFILE ? grading.id : null,
      language, zoom: camera?.zoom ?? null, center: camera?.center ?? null });
    window.history.replaceState(null, '', `${window.location.pathname}?${url}`);
  }, [selectedId, date, grading, language, camera]);

  const aidListeners = useRef(new Set<(change: AidChange) => void>());
  const subscribeAid = useCallback((listener: (change: AidChange) => void) => {
    aidListeners.current.add(listener);
    return () => { aidListeners.current.delete(listener); };
  }, []);
  const live = useLive(true, () => setVersion((v) => v + 1), (change) => { for (const listener of aidListeners.current) listener(change); });

  const select = useCallback((id: number) => {
    pendingFit.current = id;
    setSelectedId(id);
    setSheet((s) => (s === 'collapsed' ? 'half' : s));
  }, []);
  const hoverFromTable = useCallback((id: number | null) => {
    const childLevel = childLevelOf(detail.data?.unit.level ?? '');
    const target = id !== null && childLevel ? { level: childLevel, id } : null;
    setHover(target);
    controller?.setHover(target);
  }, [controller, detail.data]);

  // On a phone a tool opened from the collapsed sheet needs room to be seen.
  const openTool = (id: string | null) => { setToolId(id); setSheet((s) => (s === 'collapsed' ? 'half' : s)); };
  const clearHover = () => { setHover(null); setTooltip(null); controller?.setHover(null); };
  const tierLabelOf = (lvl: MapLevel, id: number): string | null => {
    if (lvl !== level || !columns.data) return null;
    const index = columns.data.tier[columns.data.id.indexOf(id)];
    const entry = index === undefined ? undefined : legend[index];
    return entry ? shortenTierLabel(pickText(entry.label, language)) : null;
  };
  const callbacks = {
    onHover: (target: MapTarget | null, point: { x: number; y: number } | null) => { setHover(target); setTooltip(point); },
    // The map zooms into the unit clicked: the unit under the pointer (and its tooltip) is about to change level.
    onClick: (target: MapTarget) => { if (target.level !== 'household') { clearHover(); select(target.id); } else householdPopup.open(target.id, false); },
    onMoveEnd: (view: { zoom: number; center: [number, number]; level: MapLevel }) => {
      setCamera({ zoom: view.zoom, center: view.center });
      setLevel(view.level);
      if (hover && hover.level !== view.level && hover.level !== 'household') clearHover();
    },
    tierTextOf: tierLabelOf,
  };

  useEffect(() => installTestHook({ controller, state: () => ({ date, level, selectedId, ruleSet, colours, columns: columns.data, liveStatus: live.status }),
    setDate: (d) => new Promise<void>((resolve) => { dateWaiters.current.set(d, [...(dateWaiters.current.get(d) ?? []), resolve]); setDate(d); }) }),
  [controller, date, level, selectedId, ruleSet, colours, columns.data, live.status]);

  const hoverName = hover && hover.level !== 'household' && controller ? controller.labelPointsOf(hover.level).find((p) => p.id === hover.id)?.name : null;
  const urlProblems = initial.problems.map((p) => `${p.param}=${p.value}`).join(', ');
  const unknownUnit = detail.error?.status === 404 && selectedId !== null;
  // A link to a unit outside a ward official's area: say so, and go back to their own unit (the map keeps drawing).
  const [refusedId, setRefusedId] = useState<number | null>(null);
  useEffect(() => {
    if (detail.error?.status === 403 && ownUnitId !== null && selectedId !== null && selectedId !== ownUnitId) {
      setRefusedId(selectedId);
      select(ownUnitId);
    }
  }, [detail.error]);
  const initialCamera = camera ? { center: camera.center, zoom: camera.zoom } : { bbox: cityBbox };
  return (
    <div className="app" data-sheet={phone ? sheet : undefined}>
      <MapView zooms={zooms} householdZoom={householdZoom} basemapStyleUrl={config.basemapStyleUrl} initial={initialCamera} callbacks={callbacks} onReady={(c) => { setController(c); setLevel(c.level); }} onBasemapError={setBasemapError} />
      <MapChrome controller={controller} view={{
        date, levelName: t(level), ruleSetName: pickText(ruleSets.data?.find((r) => r.id === ruleSet)?.name, language) || ruleSet,
        legend: [...legend.map((e, i) => ({ label: pickText(e.label, language), colour: colours[i] ?? NO_TIER_HEX, hatched: e.id === 'insufficient' })),
          { label: t('notComputed'), colour: NO_TIER_HEX, hatched: false }],
      }} />
      <TopBar me={me} phone={phone} onLanguage={onLanguage} onSignOut={onSignOut}
        search={<SearchBox onPick={(h) => select(h.id)} onPickHousehold={(position, id) => (id !== undefined ? householdPopup.open(id) : controller?.map.flyTo({ center: position, zoom: Math.max(householdZoom, 17) }))} />} />
      {/* Without a network the stream is not live, whatever the EventSource has noticed yet. */}
      <StatusBar status={online ? live.status : 'dropped'} updatedAt={updatedAt} reconnects={live.reconnects} />
      <div className="messages">
        <OfflineNote online={online} loadedAt={updatedAt} />
        {basemapError && <p className="note" role="status" data-testid="basemap-error">{layoutText('basemapFailed', language, { message: basemapError })}</p>}
        {urlProblems && <p className="note" role="status" data-testid="url-problem">{t('badUrl', { params: urlProblems })}</p>}
        {unknownUnit && <p className="note error" role="alert" data-testid="unknown-unit">{t('unknownUnit', { id: selectedId })}</p>}
        {refusedId !== null && <p className="note error" role="alert" data-testid="outside-jurisdiction">{t('outsideJurisdiction', { id: refusedId })}</p>}
        {date > lastDay && <p className="note" data-testid="date-after-data">{t('dateAfterData', { date: lastDay })}</p>}
        {beforeData && date === firstDay && <p className="note" role="status" data-testid="date-before-data">{layoutText('dateBeforeData', language, { date: firstDay })}</p>}
        {columns.error && !levelRefused && <ErrorNote error={columns.error} />}
      </div>
      <CollapsibleCard phone={phone} label={layoutText('legendShow', language)} className="legend-card">
        <Legend legend={legend} colours={colours} ruleSets={ruleSets.data ?? []} profiles={profiles.data ?? []} grading={grading} onGrading={setGrading} level={level}
          note={levelRefused ? t('forbiddenLevel') : null}
          extra={me.role === 'ward_official' ? <HouseholdLegend zoom={camera?.zoom ?? controller?.map.getZoom() ?? 0} householdZoom={householdZoom}
            onZoomIn={() => controller?.map.easeTo({ zoom: householdZoom + 0.3, duration: 600 })} /> : null} />
      </CollapsibleCard>
      {householdPopup.portal}
      <TimeBar date={date} first={firstDay} last={lastDay} busy={columns.loading} onDate={setDate} />
      <PanelDock phone={phone} sheet={sheet} onSheet={setSheet} tabs={<ToolTabs tools={tools} role={me.role} openId={toolId} onOpen={openTool} />}>
        {toolId !== null && tools.find((tool) => tool.id === toolId) && (
          <div className="panel tool-panel" data-testid={`tool-panel-${toolId}`}>
            {tools.find((tool) => tool.id === toolId)!.render({ me, config, controller, date, ruleSet: toolRuleSet, selectedId, version, onSelectUnit: select, subscribeAid, onLocateHousehold: householdPopup.open })}
          </div>
        )}
        {toolId === null && selectedId !== null && (
          <SidePanel date={date} chartRange={chart.range} path={path} detail={unknownUnit ? { ...detail, data: null } : detail} children={children} history={history}
            hoverId={hover?.id ?? null} onHover={hoverFromTable} onSelect={select} ruleSets={ruleSets.data ?? []} notGraded={notGraded} tierCurrent={detailCurrent}
            tierLabels={detailRuleSet.data ? [...detailRuleSet.data.tiers, detailRuleSet.data.insufficientTier] : []}
            households={households.data && isBlock ? <BlockHouseholdList data={households.data} openId={householdPopup.openId} onLocate={(id) => householdPopup.open(id)} /> : null} />
        )}
      </PanelDock>
      {tooltip && hover && hoverName && (
        <div className="tooltip" style={{ left: tooltip.x + 14, top: tooltip.y + 14 }} data-testid="tooltip">
          <strong>{hoverName}</strong><br />{tierLabelOf(hover.level as MapLevel, hover.id) ?? t('notComputed')}
        </div>
      )}
    </div>
  );
}
