// The household popup on the map: opened by a click on a household point, a
// row of the block list, an aid-round row or a search result. It loads the
// household (GET /api/households/:id, audited), flies to it and shows the
// card in a MapLibre popup at its point.
import { Popup } from 'maplibre-gl';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import type { MapController } from '../map/map-controller.ts';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import { useT } from '../i18n/language.tsx';
import { HouseholdCard } from './household-card.tsx';
import type { HouseholdDetail } from './household-types.ts';

export interface HouseholdTarget {
  id: number;
  /** Fly to it (locate) rather than leave the camera where it is (a click on its point). */
  fly: boolean;
}

/** Zoom a located household is shown at: close enough for its neighbours to be points too. */
export const LOCATE_ZOOM = 18;

export function useHouseholdPopup(controller: MapController | null, date: string, householdZoom: number) {
  const { t } = useT();
  const [target, setTarget] = useState<HouseholdTarget | null>(null);
  const household = useApi<HouseholdDetail>(target ? `/api/households/${target.id}?date=${date}` : null);
  const container = useMemo(() => document.createElement('div'), []);
  const data = household.data && target && household.data.householdId === target.id ? household.data : null;

  useEffect(() => {
    if (!controller || !target) return;
    const position = data?.position ?? null;
    if (data) controller.setHouseholdColours(new Map([[data.householdId, data.colour]]));
    const at: [number, number] = position ?? [controller.map.getCenter().lng, controller.map.getCenter().lat];
    if (position && target.fly) controller.map.flyTo({ center: position, zoom: Math.max(householdZoom + 0.2, LOCATE_ZOOM, controller.map.getZoom()), duration: 700 });
    const popup = new Popup({ closeButton: true, closeOnClick: false, maxWidth: '320px', className: 'household-popup', focusAfterOpen: false })
      .setLngLat(at).setDOMContent(container).addTo(controller.map);
    // Closed by the user (its button): forget the target. Removed here (a new answer or target): keep it.
    const onClose = () => setTarget((current) => (current?.id === target.id ? null : current));
    popup.on('close', onClose);
    return () => {
      popup.off('close', onClose);
      popup.remove();
    };
  }, [controller, target?.id, data?.householdId]);

  const open = useCallback((id: number, fly = true) => setTarget({ id, fly }), []);
  const close = useCallback(() => setTarget(null), []);
  const portal = target ? createPortal(
    <div data-testid="household-popup" data-household-id={target.id}>
      {household.error && <ErrorNote error={household.error} />}
      {!household.error && !data && <p className="muted">{t('householdLoading')}</p>}
      {data && <HouseholdCard household={data} address={data.address} />}
      {data && !data.position && <p className="note">{t('householdNoPosition')}</p>}
    </div>,
    container,
  ) : null;
  return { open, close, openId: target?.id ?? null, portal };
}
