// The zones and reports tool: saved zones; a new zone from the selected unit,
// a polygon drawn on the map, or an uploaded GeoJSON file (the API's
// validation message is shown as is); then a report of the chosen zone,
// whose outline (polygon zones) is drawn on the map.
import { describeApiError } from '../i18n/api-error.ts';
import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { ZoneListResponse, ZoneResponse } from '../../../server/zones/zones.schemas.ts';
import { ApiError, requestJson } from '../api/api-client.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import type { ToolContext, ToolDefinition } from '../tools/tools.ts';
import { buildZoneOutlineLayers, drawnPolygon, ZONE_OUTLINE_LAYER_KEY } from './draw-layers.ts';
import { usePolygonDrawing } from './use-polygon-drawing.ts';
import { ZoneReport } from './zone-report.tsx';
import { ZONE_TEXT, zoneText, type ZoneTextKey } from './zones.strings.ts';

type Zone = Static<typeof ZoneResponse>;
type Zones = Static<typeof ZoneListResponse>;
const LEVELS = ['block', 'neighbourhood', 'ward', 'district'] as const;
type Level = (typeof LEVELS)[number];

function ZonesTool({ context }: { context: ToolContext }) {
  const { language, t } = useT();
  const text = (key: ZoneTextKey, values?: Record<string, unknown>) => zoneText(key, language, values);
  const [refresh, setRefresh] = useState(0);
  const zones = useApi<Zones>('/api/zones', refresh);
  const [zoneId, setZoneId] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [level, setLevel] = useState<Level>(context.me.role === 'ward_official' ? 'block' : 'ward');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const drawing = usePolygonDrawing(context.controller);
  const selected = useApi<{ unit: { name: string } }>(context.selectedId !== null ? `/api/units/${context.selectedId}?date=${context.date}` : null);
  const selectedName = selected.data?.unit.name ?? `#${context.selectedId}`;

  useEffect(() => {
    if (zoneId === null && zones.data && zones.data.zones.length > 0) setZoneId(zones.data.zones[0]!.id);
  }, [zones.data, zoneId]);

  const save = async (body: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      const zone = await requestJson<Zone>('/api/zones', { method: 'POST', body: { name: name.trim() || text('defaultName', { date: context.date }), ...body } });
      setZoneId(zone.id);
      setRefresh((n) => n + 1);
      drawing.clear();
    } catch (caught) {
      setError(caught instanceof ApiError ? describeApiError(caught, language) : caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  const upload = async (file: File | undefined) => {
    if (!file) return;
    let geometry: unknown;
    try {
      geometry = JSON.parse(await file.text());
    } catch (caught) {
      setError(text('badFile', { message: caught instanceof Error ? caught.message : String(caught) }));
      return;
    }
    await save({ geometry, level });
  };

  const remove = async (id: number) => {
    await requestJson(`/api/zones/${id}`, { method: 'DELETE' }).catch((e: unknown) => setError(e instanceof ApiError ? describeApiError(e, language) : e instanceof Error ? e.message : String(e)));
    if (zoneId === id) setZoneId(null);
    setRefresh((n) => n + 1);
  };

  const list = zones.data?.zones ?? [];
  const zone = list.find((z) => z.id === zoneId) ?? null;
  const { controller } = context;
  const outline = zone?.geometryGeoJson ?? null;
  useEffect(() => {
    controller?.setExtraLayers(ZONE_OUTLINE_LAYER_KEY, buildZoneOutlineLayers(outline));
  }, [controller, outline]);
  useEffect(() => () => controller?.setExtraLayers(ZONE_OUTLINE_LAYER_KEY, []), [controller]);
  return (
    <section className="panel zones-tool" data-testid="zones-tool">
      <h2>{text('title')}</h2>
      <h3>{text('zones')}</h3>
      {zones.error && <ErrorNote error={zones.error} />}
      {zones.data && list.length === 0 && <p className="muted">{text('noZones')}</p>}
      {list.length > 0 && (
        <ul className="zone-list" data-testid="zone-list">
          {list.map((z) => (
            <li key={z.id} data-testid="zone-item" data-zone-id={z.id} className={z.id === zoneId ? 'selected' : undefined}>
              <label><input type="radio" name="zone" checked={z.id === zoneId} onChange={() => setZoneId(z.id)} /> {z.name}</label>{' '}
              <span className="muted">{text('units', { n: z.unitIds.length })}</span>{' '}
              <button type="button" className="link" onClick={() => remove(z.id)}>{text('delete')}</button>
            </li>
          ))}
        </ul>
      )}
      {zone && <ZoneReport zone={zone} date={context.date} ruleSet={context.ruleSet} />}

      <h3>{text('newZone')}</h3>
      <label>{text('name')}{' '}
        <input data-testid="zone-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={text('defaultName', { date: context.date })} />
      </label>
      <p>
        <button type="button" data-testid="zone-from-selected" disabled={busy || context.selectedId === null}
          onClick={() => context.selectedId !== null && save({ unitIds: [context.selectedId] })}>
          {context.selectedId === null ? text('noSelection') : text('fromSelected', { name: selectedName })}
        </button>
      </p>
      <label>{text('level')}{' '}
        <select data-testid="zone-level" value={level} onChange={(e) => setLevel(e.target.value as Level)}>
          {LEVELS.map((l) => <option key={l} value={l}>{t(l)}</option>)}
        </select>
      </label>
      <p>
        {!drawing.active && <button type="button" data-testid="zone-draw" onClick={drawing.start}>{text('draw')}</button>}
        {drawing.active && (
          <>
            <span className="muted">{text('drawHelp')} {text('points', { n: drawing.points.length })}</span>{' '}
            <button type="button" data-testid="zone-draw-finish" onClick={drawing.finish}>{text('finish')}</button>{' '}
            <button type="button" onClick={drawing.undo}>{text('undo')}</button>{' '}
            <button type="button" onClick={drawing.cancel}>{text('cancel')}</button>
          </>
        )}
        {!drawing.active && drawing.points.length > 0 && (
          <>
            {' '}<span className="muted">{text('points', { n: drawing.points.length })}</span>{' '}
            <button type="button" data-testid="zone-save-drawn" disabled={busy} onClick={() => save({ geometry: drawnPolygon(drawing.points), level })}>{text('save')}</button>{' '}
            <button type="button" onClick={drawing.cancel}>{text('cancel')}</button>
          </>
        )}
      </p>
      <label>{text('upload')}{' '}
        <input type="file" accept=".geojson,.json,application/geo+json,application/json" data-testid="zone-upload" onChange={(e) => upload(e.target.files?.[0])} />
      </label>
      {error && <p className="note error" role="alert" data-testid="zone-error">{error}</p>}
    </section>
  );
}

export const zonesTool: ToolDefinition = {
  id: 'zones',
  label: ZONE_TEXT.tab,
  roles: ['planner', 'city_leader', 'admin', 'ward_official'],
  render: (context) => <ZonesTool context={context} />,
};
