import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, requestJson } from '../api/api-client.ts';
import type { Me } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';

const DEMO_ACCOUNTS = ['leader', 'ward', 'planner', 'admin'];

/** The sign-in screen; on the embedded demo it offers the demo accounts. */
export function SignIn({ onSignedIn, onLanguage }: { onSignedIn(me: Me): void; onLanguage(): void }) {
  const { t } = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    requestJson<{ demo?: boolean }>('/api/health').then((h) => setDemo(h.demo === true)).catch(() => setError(t('cannotReachServer')));
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      onSignedIn(await requestJson<Me>('/api/auth/sign-in', { method: 'POST', body: { username, password } }));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 429 ? t('signInThrottled') : e instanceof ApiError && e.status === 401 ? t('signInFailed') : t('cannotReachServer'));
    }
  };
  return (
    <main className="sign-in">
      <form onSubmit={submit} data-testid="sign-in">
        <div className="sign-in-head">
          <h1>{t('appTitle')}</h1>
          <button type="button" className="link" onClick={onLanguage}>{t('language')}</button>
        </div>
        <h2>{t('signInTitle')}</h2>
        <label>{t('username')}<input name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required /></label>
        <label>{t('password')}<input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        {error && <p className="note error" role="alert">{error}</p>}
        <button type="submit" className="primary">{t('signIn')}</button>
        {demo && (
          <p className="muted small">
            {t('demoAccounts')}{' '}
            {DEMO_ACCOUNTS.map((name) => (
              <button key={name} type="button" className="link" onClick={() => { setUsername(name); setPassword('riskmap-demo'); }}>{name}</button>
            ))}
          </p>
        )}
      </form>
    </main>
  );
}
