// Capacity inputs per unit with dates (GET/PUT /api/units/:id/capacity):
// the unit selected on the map, or one found here.
import { useState } from 'react';
import type { Static } from 'typebox';
import type { CapacityResponse } from '../../../server/risk/units.schemas.ts';
import { requestJson } from '../api/api-client.ts';
import type { SearchHit } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { useApi } from '../state/use-api.ts';
import type { ToolContext } from '../tools/tools.ts';
import { ADMIN_TEXT, adminText, type AdminTextKey } from './admin.strings.ts';
import { errorText } from './error-text.ts';
import { UnitPicker } from './unit-picker.tsx';

type Entries = Static<typeof CapacityResponse>;

export function CapacitySection({ context }: { context: ToolContext }) {
  const { language } = useT();
  const text = (key: AdminTextKey, values?: Record<string, unknown>) => adminText(key, language, values);
  const [picked, setPicked] = useState<SearchHit | null>(null);
  const unitId = picked?.id ?? context.selectedId;
  const [version, setVersion] = useState(0);
  const entries = useApi<Entries>(unitId === null ? null : `/api/units/${unitId}/capacity`, version);
  const [from, setFrom] = useState(context.date);
  const [treatment, setTreatment] = useState<'' | 'yes' | 'no'>('');
  const [response, setResponse] = useState<'' | 'high' | 'medium' | 'low'>('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  const save = async () => {
    setMessage(null);
    try {
      await requestJson(`/api/units/${unitId}/capacity`, { method: 'PUT', body: {
        effectiveFrom: from, ...(treatment ? { treatmentCapacityMet: treatment === 'yes' } : {}), ...(response ? { responseCapacity: response } : {}),
      } });
      setMessage({ error: false, text: text('saved') });
    } catch (e) {
      setMessage({ error: true, text: errorText(ADMIN_TEXT, e, language) });
    }
    setVersion((n) => n + 1);
  };

  return (
    <div data-testid="admin-capacity">
      <UnitPicker value={picked} placeholder={text('pickUnit')} onPick={setPicked} testId="admin-capacity-unit" />
      {unitId === null && <p className="muted">{text('pickUnitFirst')}</p>}
      {unitId !== null && (
        <>
          <h4>{text('capacityFor', { unit: picked?.name ?? `#${unitId}` })}</h4>
          {entries.data && entries.data.length === 0 && <p className="muted">{text('noEntries')}</p>}
          {entries.data && entries.data.length > 0 && (
            <table className="admin-table" data-testid="admin-capacity-entries">
              <thead><tr><th>{text('from')}</th><th>{text('treatmentMet')}</th><th>{text('responseCapacity')}</th></tr></thead>
              <tbody>
                {entries.data.map((e) => (
                  <tr key={e.effectiveFrom}>
                    <td>{e.effectiveFrom}</td>
                    <td>{e.treatmentCapacityMet === null ? text('unknown') : e.treatmentCapacityMet ? text('yes') : text('no')}</td>
                    <td>{e.responseCapacity ? text(e.responseCapacity as AdminTextKey) : text('unknown')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <form className="admin-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <label>{text('from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} required /></label>
            <label>{text('treatmentMet')}{' '}
              <select data-testid="admin-capacity-treatment" value={treatment} onChange={(e) => setTreatment(e.target.value as typeof treatment)}>
                <option value="">{text('unknown')}</option><option value="yes">{text('yes')}</option><option value="no">{text('no')}</option>
              </select>
            </label>
            <label>{text('responseCapacity')}{' '}
              <select value={response} onChange={(e) => setResponse(e.target.value as typeof response)}>
                <option value="">{text('unknown')}</option><option value="high">{text('high')}</option><option value="medium">{text('medium')}</option><option value="low">{text('low')}</option>
              </select>
            </label>
            <button type="submit" data-testid="admin-capacity-save">{text('save')}</button>
          </form>
          {message && <p className={message.error ? 'note error' : 'note'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
        </>
      )}
    </div>
  );
}
