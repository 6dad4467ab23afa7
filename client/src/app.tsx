import { lazy, Suspense, useEffect, useState } from 'react';
import { requestJson, setCsrfToken, setUnauthorizedHandler } from './api/api-client.ts';
import type { ClientConfig, Me } from './api/types.ts';
import { SignIn } from './auth/sign-in.tsx';
import { LanguageContext } from './i18n/language.tsx';
import { translate, type Language } from './i18n/messages.ts';
import { parseViewUrl } from './state/view-url.ts';

// The dashboard (MapLibre and all) is a chunk of its own, fetched at once in
// parallel with the session check, so the sign-in screen does not wait for it
// and the map does not wait for sign-in to start loading it.
const dashboardChunk = import('./dashboard.tsx');
const Dashboard = lazy(() => dashboardChunk.then((m) => ({ default: m.Dashboard })));

type Session = { state: 'checking' } | { state: 'signed-out' } | { state: 'signed-in'; me: Me; config: ClientConfig | null; error: string | null };

/** Sign-in gate, language and the dashboard. A 401 from any call returns to the sign-in screen. */
export function App() {
  const [language, setLanguage] = useState<Language>(() => parseViewUrl(window.location.search).view.language ?? 'vi');
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const toggleLanguage = () => setLanguage((l) => (l === 'vi' ? 'en' : 'vi'));

  const enter = (me: Me) => {
    setCsrfToken(me.csrfToken);
    setSession({ state: 'signed-in', me, config: null, error: null });
    requestJson<ClientConfig>('/api/client-config')
      .then((config) => setSession({ state: 'signed-in', me, config, error: null }))
      .catch((e: unknown) => setSession({ state: 'signed-in', me, config: null, error: e instanceof Error ? e.message : String(e) }));
  };

  useEffect(() => {
    setUnauthorizedHandler(() => setSession({ state: 'signed-out' }));
    requestJson<Me>('/api/auth/me').then(enter).catch(() => setSession({ state: 'signed-out' }));
  }, []);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = translate(language, 'appTitle');
  }, [language]);

  const signOut = async () => {
    await requestJson('/api/auth/sign-out', { method: 'POST' }).catch(() => null);
    setCsrfToken(null);
    setSession({ state: 'signed-out' });
  };

  return (
    <LanguageContext.Provider value={language}>
      {session.state === 'checking' && <p className="centre muted">{translate(language, 'loading')}</p>}
      {session.state === 'signed-out' && <SignIn onSignedIn={enter} onLanguage={toggleLanguage} />}
      {session.state === 'signed-in' && session.error && (
        <p className="centre note error" role="alert">{translate(language, 'apiError', { message: session.error })}</p>
      )}
      {session.state === 'signed-in' && !session.config && !session.error && <p className="centre muted">{translate(language, 'loading')}</p>}
      {session.state === 'signed-in' && session.config && (
        <Suspense fallback={<p className="centre muted">{translate(language, 'loading')}</p>}>
          <Dashboard me={session.me} config={session.config} onLanguage={toggleLanguage} onSignOut={signOut} />
        </Suspense>
      )}
    </LanguageContext.Provider>
  );
}
