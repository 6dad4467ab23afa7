import { useEffect, useState } from 'react';
import { useT } from './i18n/language.tsx';
import type { LiveStatus } from './live/use-live.ts';

/** Live state and how fresh the map is, ticking every second. */
export function StatusBar({ status, updatedAt, reconnects }: { status: LiveStatus; updatedAt: number; reconnects: number }) {
  const { t } = useT();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.round((now - updatedAt) / 1000));
  return (
    <div className={`statusbar live-${status}`} data-testid="live-status" data-status={status} role="status">
      <span className="dot" aria-hidden="true" />
      <span>{status === 'open' ? t('liveOpen') : status === 'connecting' ? t('liveConnecting') : t('liveDropped')}</span>
      {status === 'open' && reconnects > 0 && <span className="muted"> · {t('liveReconnected')}</span>}
      <span className="muted" data-testid="updated-ago"> · {seconds < 2 ? t('updatedJustNow') : t('updatedAgo', { seconds })}</span>
    </div>
  );
}
