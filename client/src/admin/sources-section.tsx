// Data sources: register a site (code, name, kind, district), issue and
// revoke its API keys (shown once), see and reset its column mapping.
import { useState } from 'react';
import type { Static } from 'typebox';
import type { KeyResponse, SourcesResponse } from '../../../server/admin/admin.schemas.ts';
import { requestJson } from '../api/api-client.ts';
import type { SearchHit } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { useApi } from '../state/use-api.ts';
import { formatTime } from './accounts-section.tsx';
import { ADMIN_TEXT, adminText, type AdminTextKey } from './admin.strings.ts';
import { errorText } from './error-text.ts';
import { ShownOnce } from './shown-once.tsx';
import { UnitPicker } from './unit-picker.tsx';

type Sources = Static<typeof SourcesResponse>;
const DISTRICT = ['district'];

export function SourcesSection() {
  const { language } = useT();
  const text = (key: AdminTextKey, values?: Record<string, unknown>) => adminText(key, language, values);
  const [version, setVersion] = useState(0);
  const sources = useApi<Sources>('/api/admin/sources', version);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState('test_site');
  const [district, setDistrict] = useState<SearchHit | null>(null);
  const [requireId, setRequireId] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ source: string; key: string } | null>(null);

  const run = async (fn: () => Promise<void>) => {
    setError(null);
    try { await fn(); } catch (e) { setError(errorText(ADMIN_TEXT, e, language)); }
    setVersion((n) => n + 1);
  };
  const register = () => run(async () => {
    const created = await requestJson<{ id: number }>('/api/admin/sources', { method: 'POST', body: { code: code.trim(), name: name.trim(), kind, ...(district ? { districtCode: district.code } : {}), requireNationalId: requireId } });
    setOpenId(created.id);
    setCode(''); setName(''); setDistrict(null);
  });

  return (
    <div data-testid="admin-sources">
      {sources.data && (
        <ul className="admin-list">
          {sources.data.sources.map((s) => (
            <li key={s.id} data-testid="admin-source" data-code={s.code}>
              <button type="button" className="link" aria-expanded={openId === s.id} onClick={() => setOpenId(openId === s.id ? null : s.id)}>
                <strong>{s.code}</strong> — {s.name} <small>({text(`kind_${s.kind}` as AdminTextKey)}{s.district ? `, ${s.district.name}` : ''})</small>
              </button>
              {openId === s.id && (
                <div className="admin-source-detail" data-testid="admin-source-detail">
                  <h4>{text('keys')}</h4>
                  <ul>
                    {s.keys.map((k) => (
                      <li key={k.id} data-testid="admin-source-key">
                        <code>{k.prefix}…</code> {k.label ?? ''} <small>{k.revokedAt ? text('revoked') : `${text('lastUsed')}: ${formatTime(k.lastUsedAt, language) ?? text('never')}`}</small>
                        {!k.revokedAt && <button type="button" data-testid="admin-source-revoke" onClick={() => run(async () => { await requestJson(`/api/admin/sources/${s.id}/keys/${k.id}`, { method: 'DELETE' }); })}>{text('revoke')}</button>}
                      </li>
                    ))}
                  </ul>
                  <button type="button" data-testid="admin-source-issue-key" onClick={() => run(async () => {
                    const issued = await requestJson<Static<typeof KeyResponse>>(`/api/admin/sources/${s.id}/keys`, { method: 'POST', body: {} });
                    setSecret({ source: s.code, key: issued.key });
                  })}>{text('issueKey')}</button>
                  <h4>{text('mapping')}</h4>
                  {s.columnMapping ? <pre className="mapping" data-testid="admin-source-mapping">{JSON.stringify(s.columnMapping, null, 1)}</pre> : <p className="muted">{text('noMapping')}</p>}
                  {s.columnMapping ? <button type="button" data-testid="admin-source-reset-mapping" onClick={() => run(async () => { await requestJson(`/api/admin/sources/${s.id}/mapping`, { method: 'DELETE' }); })}>{text('resetMapping')}</button> : null}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {secret && <ShownOnce label={text('keyFor', { source: secret.source })} secret={secret.key} testId="admin-key-once" />}
      <h3>{text('newSource')}</h3>
      <form className="admin-form" onSubmit={(e) => { e.preventDefault(); void register(); }}>
        <label>{text('code')} <input data-testid="admin-source-code" value={code} onChange={(e) => setCode(e.target.value)} required /></label>
        <label>{text('name')} <input data-testid="admin-source-name" value={name} onChange={(e) => setName(e.target.value)} required /></label>
        <label>{text('kind')}{' '}
          <select data-testid="admin-source-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {(sources.data?.kinds ?? ['test_site']).map((k) => <option key={k} value={k}>{text(`kind_${k}` as AdminTextKey)}</option>)}
          </select>
        </label>
        <label>{text('district')}
          <UnitPicker value={district} levels={DISTRICT} placeholder={text('pickUnit')} onPick={setDistrict} testId="admin-source-district" />
        </label>
        <label><input type="checkbox" data-testid="admin-source-require-id" checked={requireId} onChange={(e) => setRequireId(e.target.checked)} /> {text('requireId')}</label>
        <button type="submit" data-testid="admin-source-register">{text('register')}</button>
      </form>
      {error && <p className="note error" role="alert" data-testid="admin-error">{error}</p>}
    </div>
  );
}
