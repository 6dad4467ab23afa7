// Held pairs: the incoming record and the existing person side by side,
// agreeing and differing fields highlighted, the linkage score and each
// field's part of it; "same person" / "different people" by button or key
// (S / D, J / K to move, U to undo the last decision); recent decisions undoable.
import { useCallback, useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { DecidedResponse, DecisionResponse } from '../../../server/desk/desk.schemas.ts';
import { requestJson } from '../api/api-client.ts';
import { errorText } from '../admin/error-text.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import { DESK_TEXT, deskText, fieldName, type DeskTextKey } from './desk.strings.ts';

interface Pair {
  id: number;
  score: number;
  contributions: Array<{ field: string; level: string; weight: number }> | unknown;
  incoming: Record<string, unknown>;
  candidate: { personId: number; fullName: string | null; birthDate: string | null; sex: string | null; phone: string | null; hasNationalId: boolean; address: string | null };
  heldEvents: number;
  candidateWard: string | null;
}

const SEX: Record<string, string> = { male: 'M', female: 'F', M: 'M', F: 'F' };
const norm = (field: string, v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  if (field === 'sex') return SEX[s] ?? s;
  if (field === 'phone') return s.replace(/^\+84/, '0').replace(/\D/g, '');
  return s.normalize('NFC').trim().toLowerCase();
};
const ROWS = ['fullName', 'birthDate', 'sex', 'phone', 'address', 'hasNationalId'] as const;

export function ReviewPairs({ version, onChanged }: { version: number; onChanged(): void }) {
  const { language } = useT();
  const text = (key: DeskTextKey, values?: Record<string, unknown>) => deskText(key, language, values);
  const pairs = useApi<{ total: number; items: Pair[] }>('/api/desk/review?limit=100', version);
  const decided = useApi<Static<typeof DecidedResponse>>('/api/desk/review/decided', version);
  const [index, setIndex] = useState(0);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const items = pairs.data?.items ?? [];
  const pair = items[Math.min(index, Math.max(0, items.length - 1))];

  const decide = useCallback(async (decision: 'same' | 'different') => {
    if (!pair) return;
    try {
      const r = await requestJson<Static<typeof DecisionResponse>>(`/api/desk/review/${pair.id}`, { method: 'POST', body: { decision } });
      setMessage({ text: text('decisionDone', { decision: text(decision === 'same' ? 'decidedSame' : 'decidedDifferent'), n: r.releasedEvents }), error: false });
    } catch (e) {
      setMessage({ text: errorText(DESK_TEXT, e, language), error: true });
    }
    onChanged();
  }, [pair, language]);
  const undo = useCallback(async (id: number) => {
    try {
      const r = await requestJson<{ reheldEvents: number }>(`/api/desk/review/${id}/undo`, { method: 'POST' });
      setMessage({ text: text('undone', { n: r.reheldEvents }), error: false });
    } catch (e) {
      setMessage({ text: errorText(DESK_TEXT, e, language), error: true });
    }
    onChanged();
  }, [language]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable)) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 's') void decide('same');
      else if (key === 'd') void decide('different');
      else if (key === 'j') setIndex((i) => Math.min(i + 1, items.length - 1));
      else if (key === 'k') setIndex((i) => Math.max(i - 1, 0));
      else if (key === 'u' && decided.data?.items[0]) void undo(decided.data.items[0].id);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [decide, undo, items.length, decided.data]);

  const contributions = Array.isArray(pair?.contributions) ? pair.contributions as Array<{ field: string; level: string; weight: number }> : [];
  return (
    <div data-testid="desk-review">
      {pairs.error && <ErrorNote error={pairs.error} />}
      <p className="muted small">{text('keys')}</p>
      {message && <p className={message.error ? 'note error' : 'note'} role={message.error ? 'alert' : 'status'} data-testid="desk-review-message">{message.text}</p>}
      {pairs.data && items.length === 0 && <p className="muted" data-testid="desk-no-pairs">{text('noPairs')}</p>}
      {pair && (
        <div data-testid="desk-pair" data-review-id={pair.id}>
          <h3>{text('pairOf', { i: Math.min(index, items.length - 1) + 1, n: items.length })} — {text('score', { score: pair.score.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB') })}</h3>
          <p className="small muted">{text('heldEvents', { n: pair.heldEvents })}{pair.candidateWard ? ` · ${text('ward')}: ${pair.candidateWard}` : ''}</p>
          <table className="pair">
            <thead><tr><th /><th>{text('incoming')}</th><th>{text('candidate')}</th></tr></thead>
            <tbody>
              {ROWS.map((field) => {
                const a = field === 'hasNationalId' ? (pair.incoming.hasNationalId ? text('yes') : text('no')) : pair.incoming[field];
                const b = field === 'hasNationalId' ? (pair.candidate.hasNationalId ? text('yes') : text('no')) : pair.candidate[field];
                const agree = norm(field, a) !== '' && norm(field, a) === norm(field, b);
                const cls = norm(field, a) === '' || norm(field, b) === '' ? undefined : agree ? 'agree' : 'differ';
                return (
                  <tr key={field} className={cls} data-testid="desk-pair-field" data-field={field} data-agree={cls ?? 'missing'}>
                    <th scope="row">{field === 'hasNationalId' ? text('hasId') : fieldName(field, language)}</th>
                    <td>{a === null || a === undefined ? '—' : String(a)}</td>
                    <td>{b === null || b === undefined ? '—' : String(b)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {contributions.length > 0 && (
            <p className="small">{contributions.map((c) => `${fieldName(c.field, language)} ${text((['agree', 'partial', 'disagree', 'missing'].includes(c.level) ? c.level : 'partial') as DeskTextKey)} ${c.weight >= 0 ? '+' : ''}${c.weight.toFixed(1)}`).join(' · ')}</p>
          )}
          <button type="button" data-testid="desk-same" onClick={() => void decide('same')}>{text('same')}</button>{' '}
          <button type="button" data-testid="desk-different" onClick={() => void decide('different')}>{text('different')}</button>
        </div>
      )}
      {decided.data && decided.data.items.length > 0 && (
        <>
          <h3>{text('decided')}</h3>
          <ul className="small">
            {decided.data.items.map((d) => (
              <li key={d.id} data-testid="desk-decided" data-review-id={d.id}>
                #{d.id} {text(d.decision === 'same' ? 'decidedSame' : 'decidedDifferent')} — {d.decidedBy ?? ''}{d.wardName ? ` · ${d.wardName}` : ''}{' '}
                <button type="button" data-testid="desk-undo" onClick={() => void undo(d.id)}>{text('undo')}</button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
