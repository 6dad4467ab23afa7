import { useT } from '../i18n/language.tsx';
import { adminText } from './admin.strings.ts';

/** A secret (password, API key) shown once, selectable for copying. */
export function ShownOnce({ label, secret, testId }: { label: string; secret: string; testId: string }) {
  const { language } = useT();
  return (
    <div className="note shown-once" role="status">
      <strong>{label}</strong> — {adminText('shownOnce', language)}
      <code data-testid={testId} style={{ display: 'block', userSelect: 'all', wordBreak: 'break-all', marginTop: 4 }}>{secret}</code>
    </div>
  );
}
