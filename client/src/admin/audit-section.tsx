// The audit log filtered by user, action, unit and time, with a CSV export of the same filter.
import { useState } from 'react';
import type { Static } from 'typebox';
import type { AuditResponse } from '../../../server/admin/admin.schemas.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import { formatTime } from './accounts-section.tsx';
import { adminText, type AdminTextKey } from './admin.strings.ts';

type Audit = Static<typeof AuditResponse>;

/** Local date (Vietnam) → the instant it starts, for the API's date-time filter. */
const startOfDay = (day: string) => (day ? new Date(`${day}T00:00:00+07:00`).toISOString() : '');

export function AuditSection() {
  const { language } = useT();
  const text = (key: AdminTextKey, values?: Record<string, unknown>) => adminText(key, language, values);
  const [draft, setDraft] = useState({ username: '', action: '', unitId: '', from: '', to: '' });
  const [filter, setFilter] = useState(draft);
  const params = new URLSearchParams();
  if (filter.username) params.set('username', filter.username);
  if (filter.action) params.set('action', filter.action);
  if (/^\d+$/.test(filter.unitId)) params.set('unitId', filter.unitId);
  if (filter.from) params.set('from', startOfDay(filter.from));
  if (filter.to) params.set('to', new Date(Date.parse(startOfDay(filter.to)) + 86_400_000).toISOString());
  const query = params.toString();
  const audit = useApi<Audit>(`/api/admin/audit-log?limit=200&${query}`);
  const set = (key: keyof typeof draft) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });

  return (
    <div data-testid="admin-audit">
      <form className="admin-form audit-filter" onSubmit={(e) => { e.preventDefault(); setFilter(draft); }}>
        <label>{text('user')} <input data-testid="admin-audit-user" value={draft.username} onChange={set('username')} /></label>
        <label>{text('action')}{' '}
          <select data-testid="admin-audit-action" value={draft.action} onChange={set('action')}>
            <option value="">{text('allActions')}</option>
            {audit.data?.actions.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <label>{text('unitId')} <input inputMode="numeric" value={draft.unitId} onChange={set('unitId')} /></label>
        <label>{text('from')} <input type="date" value={draft.from} onChange={set('from')} /></label>
        <label>{text('to')} <input type="date" value={draft.to} onChange={set('to')} /></label>
        <button type="submit" data-testid="admin-audit-filter">{text('filter')}</button>
        <a className="button" data-testid="admin-audit-csv" href={`/api/admin/audit-log?format=csv&limit=10000&${query}`} download="riskmap-audit.csv">{text('exportCsv')}</a>
      </form>
      {audit.error && <ErrorNote error={audit.error} />}
      {audit.data && <p className="muted" data-testid="admin-audit-total">{text('entries', { n: audit.data.total })}</p>}
      {audit.data && (
        <table className="admin-table" data-testid="admin-audit-rows">
          <thead><tr><th>{text('when')}</th><th>{text('user')}</th><th>{text('action')}</th><th>{text('records')}</th></tr></thead>
          <tbody>
            {audit.data.items.map((i) => (
              <tr key={i.id} data-testid="admin-audit-row">
                <td><small>{formatTime(i.at, language)}</small></td>
                <td>{i.username ?? '—'}</td>
                <td><code>{i.action}</code><br /><small>{i.method} {i.endpoint}</small></td>
                <td><small>{i.recordIds.slice(0, 5).join(', ')}{i.recordIds.length > 5 ? '…' : ''}{i.unitId !== null ? ` · #${i.unitId}` : ''}</small></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
