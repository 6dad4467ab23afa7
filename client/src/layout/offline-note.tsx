import { useEffect, useState } from 'react';
import { useT } from '../i18n/language.tsx';
import { layoutText } from './layout.strings.ts';

/** The browser's network state (a phone in the field loses it), following online/offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const update = () => setOnline(navigator.onLine);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    return () => { window.removeEventListener('online', update); window.removeEventListener('offline', update); };
  }, []);
  return online;
}

/**
 * Says so when the device has no network: the map keeps what it drew, marked
 * with the time it was loaded, until the network returns (the live stream
 * then reloads what changed).
 */
export function OfflineNote({ online, loadedAt }: { online: boolean; loadedAt: number }) {
  const { language } = useT();
  if (online) return null;
  const time = new Date(loadedAt).toLocaleTimeString(language === 'vi' ? 'vi-VN' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
  return <p className="note error" role="alert" data-testid="offline">{layoutText('offline', language, { time })}</p>;
}
