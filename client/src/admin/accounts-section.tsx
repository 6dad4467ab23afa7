// Accounts: list with role, jurisdiction or site and last sign-in; create
// (password shown once), disable/enable, reset password.
import { useState } from 'react';
import type { Static } from 'typebox';
import type { AccountsResponse, PasswordResponse, SourcesResponse } from '../../../server/admin/admin.schemas.ts';
import { requestJson } from '../api/api-client.ts';
import type { SearchHit } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { useApi } from '../state/use-api.ts';
import { ADMIN_TEXT, adminText, type AdminTextKey } from './admin.strings.ts';
import { errorText } from './error-text.ts';
import { ShownOnce } from './shown-once.tsx';
import { UnitPicker } from './unit-picker.tsx';

type Accounts = Static<typeof AccountsResponse>;
const ROLES = ['city_leader', 'ward_official', 'planner', 'data_source', 'admin'] as const;
const JURISDICTION_LEVELS = ['ward', 'district'];

export function formatTime(iso: string | null, language: 'vi' | 'en'): string | null {
  return iso ? new Date(iso).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) : null;
}

export function AccountsSection() {
  const { language } = useT();
  const text = (key: AdminTextKey, values?: Record<string, unknown>) => adminText(key, language, values);
  const [version, setVersion] = useState(0);
  const accounts = useApi<Accounts>('/api/admin/accounts', version);
  const sources = useApi<Static<typeof SourcesResponse>>('/api/admin/sources', version);
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('ward_official');
  const [unit, setUnit] = useState<SearchHit | null>(null);
  const [sourceCode, setSourceCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ user: string; password: string } | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try { await fn(); } catch (e) { setError(errorText(ADMIN_TEXT, e, language)); }
    setVersion((n) => n + 1);
  };
  const create = () => run(async () => {
    const body = { username: username.trim(), role, ...(displayName ? { displayName } : {}), ...(role === 'ward_official' && unit ? { unitCode: unit.code } : {}), ...(role === 'data_source' && sourceCode ? { sourceCode } : {}) };
    const created = await requestJson<Static<typeof PasswordResponse>>('/api/admin/accounts', { method: 'POST', body });
    setSecret({ user: body.username, password: created.password });
    setUsername(''); setDisplayName(''); setUnit(null);
  });

  return (
    <div data-testid="admin-accounts">
      {accounts.data && (
        <table className="admin-table">
          <thead><tr><th>{text('username')}</th><th>{text('role')}</th><th>{text('lastSignIn')}</th><th /></tr></thead>
          <tbody>
            {accounts.data.accounts.map((a) => (
              <tr key={a.id} data-testid="admin-account" data-username={a.username} className={a.disabled ? 'muted' : undefined}>
                <td><strong>{a.username}</strong>{a.displayName ? <><br /><small>{a.displayName}</small></> : null}</td>
                <td>{text(`role_${a.role}` as AdminTextKey)}{a.unit ? <><br /><small>{a.unit.name}</small></> : null}{a.source ? <><br /><small>{a.source.code}</small></> : null}{a.disabled ? <><br /><small>{text('disabled')}</small></> : null}</td>
                <td><small>{formatTime(a.lastSignInAt, language) ?? text('never')}</small></td>
                <td className="actions">
                  <button type="button" data-testid="admin-account-disable" onClick={() => run(async () => { await requestJson(`/api/admin/accounts/${a.id}/disabled`, { method: 'POST', body: { disabled: !a.disabled } }); })}>{a.disabled ? text('enable') : text('disable')}</button>
                  <button type="button" data-testid="admin-account-reset" onClick={() => run(async () => {
                    const r = await requestJson<Static<typeof PasswordResponse>>(`/api/admin/accounts/${a.id}/password`, { method: 'POST' });
                    setSecret({ user: a.username, password: r.password });
                  })}>{text('resetPassword')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {secret && <ShownOnce label={text('passwordFor', { user: secret.user })} secret={secret.password} testId="admin-password-once" />}
      <h3>{text('newAccount')}</h3>
      <form className="admin-form" onSubmit={(e) => { e.preventDefault(); void create(); }}>
        <label>{text('username')} <input data-testid="admin-new-username" value={username} onChange={(e) => setUsername(e.target.value)} required /></label>
        <label>{text('displayName')} <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} /></label>
        <label>{text('role')}{' '}
          <select data-testid="admin-new-role" value={role} onChange={(e) => setRole(e.target.value as (typeof ROLES)[number])}>
            {ROLES.map((r) => <option key={r} value={r}>{text(`role_${r}`)}</option>)}
          </select>
        </label>
        {role === 'ward_official' && (
          <label>{text('jurisdiction')}
            <UnitPicker value={unit} levels={JURISDICTION_LEVELS} placeholder={text('pickUnit')} onPick={setUnit} testId="admin-new-unit" />
          </label>
        )}
        {role === 'data_source' && (
          <label>{text('site')}{' '}
            <select data-testid="admin-new-source" value={sourceCode} onChange={(e) => setSourceCode(e.target.value)}>
              <option value="">—</option>
              {sources.data?.sources.map((s) => <option key={s.id} value={s.code}>{s.code} — {s.name}</option>)}
            </select>
          </label>
        )}
        <button type="submit" data-testid="admin-new-create">{text('create')}</button>
      </form>
      {error && <p className="note error" role="alert" data-testid="admin-error">{error}</p>}
    </div>
  );
}
