import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Me } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { layoutText } from './layout.strings.ts';

/**
 * The header: title, search and a compact account menu (who, language, sign
 * out) so it stays on one line from a 360 px phone to a desktop. On a phone
 * the title is kept for screen readers only and the language moves into the menu.
 */
export function TopBar({ me, phone, search, onLanguage, onSignOut }: { me: Me; phone: boolean; search: ReactNode; onLanguage(): void; onSignOut(): void }) {
  const { t, language } = useT();
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => { if (!menu.current?.contains(e.target as Node)) setOpen(false); };
    const escape = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', escape);
    return () => { document.removeEventListener('pointerdown', close); document.removeEventListener('keydown', escape); };
  }, [open]);
  const languageButton = <button type="button" className="link" onClick={onLanguage} data-testid="language" lang={language === 'vi' ? 'en' : 'vi'}>{t('language')}</button>;
  return (
    <header className="topbar">
      <h1 className={phone ? 'visually-hidden' : undefined}>{t('appTitle')}</h1>
      {search}
      {!phone && languageButton}
      <div className="account" ref={menu}>
        <button type="button" className="menu-toggle" aria-expanded={open} aria-controls="account-menu" data-testid="menu"
          aria-label={`${me.username} · ${layoutText(open ? 'closeMenu' : 'menu', language)}`} onClick={() => setOpen((o) => !o)}>
          <span aria-hidden="true">☰</span>{!phone && <span className="menu-user">{me.username}</span>}
        </button>
        <div id="account-menu" className="account-menu" hidden={!open}>
          <p className="who" data-testid="who">{me.username} · {t(`role_${me.role}` as 'role_admin')}</p>
          {phone && languageButton}
          <button type="button" className="link" onClick={onSignOut} data-testid="sign-out">{t('signOut')}</button>
        </div>
      </div>
    </header>
  );
}
