// Fixing rejects in place: each open row as sent, the field at fault and the
// reason in the UI language, editable and re-run; or many at once for one
// kind of error (restore lost leading zeros, or set one value), through
// POST /api/desk/rejects/fix. Rows still invalid stay with their new reasons.
import { useEffect, useMemo, useState } from 'react';
import type { Static } from 'typebox';
import type { FixResponse, RejectsResponse } from '../../../server/desk/desk.schemas.ts';
import { requestJson } from '../api/api-client.ts';
import { errorText } from '../admin/error-text.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import { DESK_TEXT, deskText, fieldName, reasonText, type DeskTextKey } from './desk.strings.ts';

type Rejects = Static<typeof RejectsResponse>;
type Reject = Rejects['items'][number];
type Fix = Static<typeof FixResponse>;

/** The value with leading zeros put back up to `digits` (only for a value of digits, shorter than that). */
export function padLeadingZeros(value: string, digits: number): string {
  const v = value.trim();
  return /^\d+$/.test(v) && v.length < digits ? v.padStart(digits, '0') : v;
}

const rawOf = (r: Reject) => (r.raw && typeof r.raw === 'object' ? r.raw as Record<string, unknown> : {});
const faultField = (r: Reject, code: string | null) => (r.errors.find((e) => e.code === code) ?? r.errors[0])?.field ?? '';

export function RejectsFixer({ sourceId, code, version, onChanged }: { sourceId: number; code: string | null; version: number; onChanged(): void }) {
  const { language } = useT();
  const text = (key: DeskTextKey, values?: Record<string, unknown>) => deskText(key, language, values);
  const rejects = useApi<Rejects>(`/api/desk/sources/${sourceId}/rejects?limit=200${code ? `&code=${encodeURIComponent(code)}` : ''}`, version);
  const items = rejects.data?.items ?? [];
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [edits, setEdits] = useState<Record<number, string>>({});
  const [digits, setDigits] = useState(12);
  const [bulkValue, setBulkValue] = useState('');
  const [bulkMode, setBulkMode] = useState<'pad' | 'set'>('pad');
  const [result, setResult] = useState<{ text: string; error: boolean; still: Fix['results'] } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { setSelected(new Set()); setEdits({}); }, [sourceId, code]);
  const bulkField = useMemo(() => (items[0] ? faultField(items[0], code) : ''), [items, code]);

  const submit = async (fixes: Array<{ id: number; fields: Record<string, string> }>) => {
    if (fixes.length === 0) return;
    setBusy(true);
    try {
      const done = await requestJson<Fix>('/api/desk/rejects/fix', { method: 'POST', body: { items: fixes } });
      setResult({ text: text('fixResult', { resolved: done.resolved, open: done.stillOpen }), error: done.stillOpen > 0, still: done.results.filter((r) => r.status !== 'resolved') });
      setSelected(new Set());
    } catch (e) {
      setResult({ text: errorText(DESK_TEXT, e, language), error: true, still: [] });
    }
    setBusy(false);
    onChanged();
  };
  const fixOne = (r: Reject) => {
    const field = faultField(r, code);
    return submit([{ id: r.id, fields: { [field]: edits[r.id] ?? String(rawOf(r)[field] ?? '') } }]);
  };
  const fixSelected = () => submit(items.filter((r) => selected.has(r.id)).map((r) => {
    const field = faultField(r, code);
    const current = edits[r.id] ?? String(rawOf(r)[field] ?? '');
    return { id: r.id, fields: { [field]: bulkMode === 'pad' ? padLeadingZeros(current, digits) : bulkValue } };
  }));

  return (
    <div data-testid="desk-rejects">
      {rejects.error && <ErrorNote error={rejects.error} />}
      {code && <p><strong>{reasonText({ code, message: code }, language)}</strong> — {rejects.data?.total ?? 0}</p>}
      {result && (
        <div className={result.error ? 'note error' : 'note'} role={result.error ? 'alert' : 'status'} data-testid="desk-fix-result">
          {result.text}
          {result.still.map((s) => <div key={s.id} className="small">#{s.id}: {text('stillInvalid', { reasons: s.errors.map((e) => `${fieldName(e.field, language)} — ${reasonText(e, language)}`).join('; ') })}</div>)}
        </div>
      )}
      {items.length === 0 && rejects.data && <p className="muted">{text('noRejects')}</p>}
      {items.length > 0 && (
        <fieldset className="desk-bulk" data-testid="desk-bulk">
          <legend>{text('bulkTitle', { n: selected.size })}</legend>
          <label><input type="checkbox" data-testid="desk-select-all" checked={selected.size === items.length} onChange={(e) => setSelected(e.target.checked ? new Set(items.map((r) => r.id)) : new Set())} /> {text('selectAll', { n: items.length })}</label>
          <label><input type="radio" checked={bulkMode === 'pad'} onChange={() => setBulkMode('pad')} /> {text('padZeros', { field: fieldName(bulkField, language) })}{' '}
            <input type="number" min={1} max={20} value={digits} data-testid="desk-pad-digits" style={{ width: 48 }} onChange={(e) => setDigits(Number(e.target.value) || 12)} /> {text('digits')}</label>
          <label><input type="radio" checked={bulkMode === 'set'} onChange={() => setBulkMode('set')} /> {text('setValue', { field: fieldName(bulkField, language) })}{' '}
            <input value={bulkValue} onChange={(e) => setBulkValue(e.target.value)} /></label>
          <button type="button" data-testid="desk-apply-bulk" disabled={busy || selected.size === 0} onClick={() => void fixSelected()}>{text('applyBulk')}</button>
        </fieldset>
      )}
      <ul className="desk-reject-list">
        {items.map((r) => {
          const field = faultField(r, code);
          const raw = rawOf(r);
          return (
            <li key={r.id} data-testid="desk-reject" data-reject-id={r.id}>
              <label><input type="checkbox" checked={selected.has(r.id)} onChange={(e) => { const next = new Set(selected); if (e.target.checked) next.add(r.id); else next.delete(r.id); setSelected(next); }} /> {text('row', { row: r.rowNumber, batch: r.batchId })}</label>
              <div className="small muted">{text('asSent')}: {Object.entries(raw).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${fieldName(k, language)}: ${String(v)}`).join(' · ')}</div>
              {r.errors.filter((e) => e.severity !== 'warning').map((e, i) => <div key={i} className="small"><strong>{fieldName(e.field, language)}</strong>: {reasonText(e, language)}</div>)}
              <label className="small">{fieldName(field, language)}{' '}
                <input data-testid="desk-reject-value" value={edits[r.id] ?? String(raw[field] ?? '')} onChange={(e) => setEdits({ ...edits, [r.id]: e.target.value })} />
              </label>{' '}
              <button type="button" data-testid="desk-fix-one" disabled={busy} onClick={() => void fixOne(r)}>{text('fixOne')}</button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
