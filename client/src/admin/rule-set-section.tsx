// Rule sets: upload a JSON document, see every problem with its place, or a
// preview of the units that change tier per level on a date; then save
// (POST, or PUT when the id exists), which regrades the city.
import { useState } from 'react';
import type { Static } from 'typebox';
import type { PreviewResponse } from '../../../server/admin/admin.schemas.ts';
import { requestJson } from '../api/api-client.ts';
import { useT } from '../i18n/language.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import type { ToolContext } from '../tools/tools.ts';
import { ADMIN_TEXT, adminText, type AdminTextKey } from './admin.strings.ts';
import { errorText } from './error-text.ts';
import { ruleSetProblemText } from './rule-set-problem-text.ts';

type Preview = Static<typeof PreviewResponse>;

export function RuleSetSection({ context }: { context: ToolContext }) {
  const { language, t } = useT();
  const text = (key: AdminTextKey, values?: Record<string, unknown>) => adminText(key, language, values);
  const [document, setDocument] = useState<unknown>(null);
  const [date, setDate] = useState(context.date);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = async (file: File | undefined) => {
    setPreview(null); setMessage(null); setDocument(null);
    if (!file) return;
    try {
      setDocument(JSON.parse(await file.text()));
    } catch (e) {
      setMessage({ error: true, text: text('notJson', { message: e instanceof Error ? e.message : String(e) }) });
    }
  };
  const runPreview = async () => {
    setBusy(true); setMessage(null);
    try {
      setPreview(await requestJson<Preview>('/api/admin/rule-sets/preview', { method: 'POST', body: { document, date } }));
    } catch (e) {
      setMessage({ error: true, text: errorText(ADMIN_TEXT, e, language) });
    }
    setBusy(false);
  };
  const save = async () => {
    if (!preview?.valid || !preview.ruleSetId) return;
    setBusy(true); setMessage(null);
    try {
      await requestJson(preview.replaces ? `/api/rule-sets/${encodeURIComponent(preview.ruleSetId)}` : '/api/rule-sets', { method: preview.replaces ? 'PUT' : 'POST', body: document });
      setMessage({ error: false, text: text('savedRegrading', { id: preview.ruleSetId }) });
      setPreview(null);
    } catch (e) {
      setMessage({ error: true, text: errorText(ADMIN_TEXT, e, language) });
    }
    setBusy(false);
  };

  return (
    <div data-testid="admin-rule-sets">
      <label>{text('uploadRuleSet')} <input type="file" accept="application/json,.json" data-testid="admin-rule-set-file" onChange={(e) => void load(e.target.files?.[0])} /></label>
      <label>{text('previewOn')} <input type="date" value={date} onChange={(e) => setDate(e.target.value)} /></label>
      <button type="button" data-testid="admin-rule-set-preview" disabled={document === null || busy} onClick={() => void runPreview()}>{text('preview')}</button>
      {preview && !preview.valid && (
        <div className="note error" role="alert" data-testid="admin-rule-set-problems">
          {text('problems', { n: preview.problems?.length ?? 0 })}
          <ul>{preview.problems?.map((p, i) => <li key={i}><code>{p.path || '/'}</code>: {ruleSetProblemText(p.message, language)}</li>)}</ul>
        </div>
      )}
      {preview?.valid && (
        <div className="note" data-testid="admin-rule-set-effect">
          <p>{text('previewSummary', { ruleSet: preview.ruleSetId, compared: preview.comparedWith, date: preview.date })}</p>
          <ul>
            {preview.levels?.map((l) => <li key={l.level} data-testid="admin-rule-set-level" data-level={l.level}>{text('levelChange', { ...l, level: t(l.level as MessageKey) })}</li>)}
          </ul>
          <button type="button" data-testid="admin-rule-set-save" disabled={busy} onClick={() => void save()}>{text('saveAndRegrade')}</button>
        </div>
      )}
      {message && <p className={message.error ? 'note error' : 'note'} role={message.error ? 'alert' : 'status'} data-testid="admin-rule-set-message">{message.text}</p>}
    </div>
  );
}
