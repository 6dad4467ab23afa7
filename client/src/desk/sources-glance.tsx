// Sources at a glance: a sortable table per site, sites gone quiet marked;
// a site's batches with their outcomes and its open rejects by code.
import { useState } from 'react';
import type { Static } from 'typebox';
import type { GlanceResponse, SourceResponse } from '../../../server/desk/desk.schemas.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import { deskText, fieldName, reasonText, type DeskTextKey } from './desk.strings.ts';

type Glance = Static<typeof GlanceResponse>;
type Row = Glance['sources'][number];
type SortKey = 'code' | 'rowsToday' | 'rows7d' | 'rejectedShare7d' | 'held' | 'unplaced' | 'lastReceivedAt';
const COLUMNS: Array<{ key: SortKey; label: DeskTextKey }> = [
  { key: 'code', label: 'site' }, { key: 'rowsToday', label: 'today' }, { key: 'rows7d', label: 'days7' }, { key: 'rejectedShare7d', label: 'rejectedPct' },
  { key: 'held', label: 'held' }, { key: 'unplaced', label: 'unplaced' }, { key: 'lastReceivedAt', label: 'lastReceived' },
];

export function formatTime(iso: string | null, language: 'vi' | 'en'): string | null {
  return iso ? new Date(iso).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }) : null;
}

const compare = (a: Row, b: Row, key: SortKey) => {
  const x = a[key] ?? '';
  const y = b[key] ?? '';
  return typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
};

export function SourcesGlance({ version, selected, onSelect, onFix }: { version: number; selected: number | null; onSelect(id: number): void; onFix(sourceId: number, code: string): void }) {
  const { language } = useT();
  const text = (key: DeskTextKey, values?: Record<string, unknown>) => deskText(key, language, values);
  const [quietHours, setQuietHours] = useState(24);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({ key: 'code', descending: false });
  const glance = useApi<Glance>(`/api/desk/sources?quietHours=${quietHours}`, version);
  const detail = useApi<Static<typeof SourceResponse>>(selected === null ? null : `/api/desk/sources/${selected}`, version);
  const rows = [...(glance.data?.sources ?? [])].sort((a, b) => (sort.descending ? -1 : 1) * compare(a, b, sort.key));
  const quiet = rows.filter((r) => r.quiet);
  const number = (n: number) => n.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB');

  return (
    <div data-testid="desk-sources">
      {glance.error && <ErrorNote error={glance.error} />}
      <label className="small">{text('quietHours')} <input type="number" min={1} max={720} value={quietHours} style={{ width: 60 }} onChange={(e) => setQuietHours(Math.max(1, Number(e.target.value) || 24))} /></label>
      {quiet.length > 0 && <p className="note" role="status" data-testid="desk-quiet">{text('quietNote', { n: quiet.length, hours: quietHours })} {quiet.map((q) => q.code).join(', ')}</p>}
      <table className="desk-table" data-testid="desk-sources-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
                <button type="button" data-testid={`desk-sort-${c.key}`} onClick={() => setSort({ key: c.key, descending: sort.key === c.key ? !sort.descending : c.key !== 'code' })}>{text(c.label)}</button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.sourceId} data-testid="desk-source-row" data-code={r.code} className={r.quiet ? 'quiet' : undefined} aria-selected={selected === r.sourceId} onClick={() => onSelect(r.sourceId)} style={{ cursor: 'pointer' }}>
              <td><strong>{r.code}</strong>{r.quiet ? <> <small>({text('quiet')})</small></> : null}<br /><small>{r.name}</small></td>
              <td>{number(r.rowsToday)}</td>
              <td>{number(r.rows7d)}</td>
              <td>{r.rejectedShare7d === null ? '—' : `${(r.rejectedShare7d * 100).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })}%`}</td>
              <td>{number(r.held)}</td>
              <td>{number(r.unplaced)}</td>
              <td><small>{formatTime(r.lastReceivedAt, language) ?? text('never')}</small></td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected !== null && detail.data && (
        <div data-testid="desk-source-detail">
          <h3>{text('rejectsByCode')}</h3>
          {detail.data.rejectsByCode.length === 0 && <p className="muted">{text('noRejects')}</p>}
          <ul>
            {detail.data.rejectsByCode.map((c) => (
              <li key={`${c.code}/${c.field}`} data-testid="desk-reject-code" data-code={c.code}>
                <strong>{c.count}</strong> × {fieldName(c.field, language)}: {reasonText({ code: c.code, message: c.code }, language)}{' '}
                <button type="button" data-testid="desk-fix-code" onClick={() => onFix(selected, c.code)}>{text('showRejects')}</button>
              </li>
            ))}
          </ul>
          <h3>{text('batches')}</h3>
          <ul className="small">
            {detail.data.batches.map((b) => (
              <li key={b.id} data-testid="desk-batch">{text('batchLine', { ...b, file: b.fileName ?? '' })} <small>{formatTime(b.startedAt, language)}</small>{b.error ? <span className="note error"> {b.error}</span> : null}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
