import { describeApiError } from '../i18n/api-error.ts';
import { useEffect, useState } from 'react';
import { ApiError, isAbort, requestJson } from '../api/api-client.ts';
import type { SearchHit, SearchResult } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import type { MessageKey } from '../i18n/messages.ts';

/** Search as you type (GET /api/search); Enter picks the first unit. */
export function SearchBox({ onPick, onPickHousehold }: { onPick(hit: SearchHit): void; onPickHousehold(position: [number, number], householdId?: number): void }) {
  const { t, language } = useT();
  const [query, setQuery] = useState('');
  const [result, setResult] = useState<SearchResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (query.trim().length < 1) {
      setResult(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      requestJson<SearchResult>(`/api/search?q=${encodeURIComponent(query)}&limit=8`, { signal: controller.signal })
        .then((r) => { setResult(r); setError(null); })
        .catch((e: unknown) => { if (!isAbort(e)) setError(e instanceof ApiError ? e : null); });
    }, 150);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [query]);
  const pick = (hit: SearchHit) => { onPick(hit); setQuery(''); setResult(null); };
  return (
    <div className="search" role="search">
      <input type="search" value={query} placeholder={t('search')} aria-label={t('search')} data-testid="search-input"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter' && result?.units[0]) pick(result.units[0]); if (e.key === 'Escape') setQuery(''); }} />
      {query && (result || error) && (
        <ul className="search-results" data-testid="search-results">
          {error && <li className="note error">{describeApiError(error, language)}</li>}
          {result && result.units.length === 0 && result.households.length === 0 && <li className="muted">{t('searchNoResult')}</li>}
          {result?.units.map((hit) => (
            <li key={hit.id}>
              <button type="button" onClick={() => pick(hit)} data-unit-id={hit.id}>
                <strong>{hit.name}</strong> <small>{t(hit.level as MessageKey)} · {hit.path.slice(1).map((p) => p.name).join(', ')}</small>
              </button>
            </li>
          ))}
          {result && result.households.length > 0 && <li className="muted small">{t('addresses')}</li>}
          {result?.households.map((h) => (
            <li key={`h${h.id}`}>
              <button type="button" disabled={!h.position} onClick={() => { if (h.position) onPickHousehold(h.position, h.id); setQuery(''); }}>{h.address}</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
