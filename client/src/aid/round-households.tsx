// A round's households for the ward official: paged, filtered by the selected
// unit and status, with a "delivered" tick per household (and untick to undo).
import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { DeliveryResponse, HouseholdsResponse } from '../../../server/aid/aid.schemas.ts';
import { ApiError, requestJson } from '../api/api-client.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import { aidText, type AidTextKey } from './aid.strings.ts';
import { translate } from '../i18n/messages.ts';

type Households = Static<typeof HouseholdsResponse>;
type Delivery = Static<typeof DeliveryResponse>;
const PAGE = 20;
const FLAG_KEYS = ['activeCase', 'caseInBlock14d', 'unvaccinatedMember65', 'overdueSecondDose'] as const;

export function RoundHouseholds({ roundId, selectedId, version, onChanged, onLocate }: { roundId: number; selectedId: number | null; version: number; onChanged(): void; onLocate?(householdId: number): void }) {
  const { language } = useT();
  const text = (key: AidTextKey, values?: Record<string, unknown>) => aidText(key, language, values);
  const [status, setStatus] = useState<'' | 'delivered' | 'pending'>('');
  const [onlySelected, setOnlySelected] = useState(false);
  const [offset, setOffset] = useState(0);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const query = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
  if (status) query.set('status', status);
  if (onlySelected && selectedId !== null) query.set('unitId', String(selectedId));
  const list = useApi<Households>(`/api/aid-rounds/${roundId}/households?${query}`, version);
  // A tick shows at once; the list's next answer (after the write) replaces it.
  const [optimistic, setOptimistic] = useState<ReadonlyMap<number, boolean>>(new Map());
  useEffect(() => setOptimistic(new Map()), [list.data]);

  const setDelivered = async (householdId: number, delivered: boolean) => {
    setBusy(householdId);
    setError(null);
    setOptimistic((current) => new Map(current).set(householdId, delivered));
    try {
      await requestJson<Delivery>(`/api/aid-rounds/${roundId}/households/${householdId}/delivery`, { method: delivered ? 'POST' : 'DELETE' });
      onChanged();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
      setOptimistic((current) => { const next = new Map(current); next.delete(householdId); return next; });
    } finally {
      setBusy(null);
    }
  };

  const data = list.data;
  return (
    <div className="aid-households" data-testid="aid-households">
      <h3>{text('households')}</h3>
      <div className="aid-filters">
        <select data-testid="aid-status" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setOffset(0); }}>
          <option value="">{text('all')}</option>
          <option value="pending">{text('pending')}</option>
          <option value="delivered">{text('delivered')}</option>
        </select>{' '}
        <label><input type="checkbox" checked={onlySelected} disabled={selectedId === null} onChange={(e) => { setOnlySelected(e.target.checked); setOffset(0); }} /> {text('onlySelectedUnit')}</label>{' '}
        <a href={`/api/aid-rounds/${roundId}/households.csv`} download data-testid="aid-csv">{text('csv')}</a>
      </div>
      {list.error && <ErrorNote error={list.error} />}
      {error && <ErrorNote error={error} />}
      {data && data.households.length === 0 && <p className="muted">{text('noHouseholds')}</p>}
      {data && data.households.length > 0 && (
        <table className="aid-household-table">
          <thead><tr><th>{text('delivered')}</th><th>{text('address')}</th><th>{text('members')}</th><th>{text('flags')}</th></tr></thead>
          <tbody>
            {data.households.map((h) => ({ ...h, shown: optimistic.get(h.householdId) ?? h.delivered })).map((h) => (
              <tr key={h.householdId} data-testid="aid-household" data-household-id={h.householdId} data-delivered={h.shown}>
                <td>
                  <input type="checkbox" data-testid="aid-delivered" aria-label={text('delivered')} checked={h.shown} disabled={busy === h.householdId}
                    onChange={(e) => setDelivered(h.householdId, e.target.checked)} />
                </td>
                <td>
                  {onLocate ? (
                    <button type="button" className="link" data-testid="aid-locate" title={translate(language, 'householdLocate')} onClick={() => onLocate(h.householdId)}>{h.address}</button>
                  ) : h.address}
                </td>
                <td>{h.members}</td>
                <td className="muted">{FLAG_KEYS.filter((k) => h.flags[k]).map((k) => text(k)).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && data.total > PAGE && (
        <div className="aid-pager">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{text('previous')}</button>{' '}
          <span>{text('page', { from: offset + 1, to: Math.min(offset + PAGE, data.total), total: data.total })}</span>{' '}
          <button type="button" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>{text('next')}</button>
        </div>
      )}
    </div>
  );
}
