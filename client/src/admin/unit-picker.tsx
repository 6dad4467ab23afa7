// A searchable unit picker (GET /api/search): type a name or code, pick one.
import { useEffect, useState } from 'react';
import { isAbort, requestJson } from '../api/api-client.ts';
import type { SearchHit, SearchResult } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import type { MessageKey } from '../i18n/messages.ts';

export function UnitPicker({ value, levels, placeholder, onPick, testId }: {
  value: SearchHit | null; levels?: readonly string[]; placeholder: string; onPick(hit: SearchHit | null): void; testId: string;
}) {
  const { t } = useT();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  useEffect(() => {
    if (query.trim() === '') { setHits([]); return; }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      requestJson<SearchResult>(`/api/search?q=${encodeURIComponent(query)}&limit=10`, { signal: controller.signal })
        .then((r) => setHits(r.units.filter((u) => !levels || levels.includes(u.level))))
        .catch((e: unknown) => { if (!isAbort(e)) setHits([]); });
    }, 150);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [query, levels]);
  return (
    <div className="unit-picker" data-testid={testId}>
      {value && (
        <p className="picked" data-testid={`${testId}-picked`}>
          <strong>{value.name}</strong> <small>{t(value.level as MessageKey)} · {value.code}</small>{' '}
          <button type="button" onClick={() => onPick(null)} aria-label="×">×</button>
        </p>
      )}
      <input type="search" value={query} placeholder={placeholder} aria-label={placeholder} data-testid={`${testId}-input`} onChange={(e) => setQuery(e.target.value)} />
      {hits.length > 0 && (
        <ul className="search-results">
          {hits.map((hit) => (
            <li key={hit.id}>
              <button type="button" data-unit-code={hit.code} onClick={() => { onPick(hit); setQuery(''); setHits([]); }}>
                <strong>{hit.name}</strong> <small>{t(hit.level as MessageKey)} · {hit.path.slice(1).map((p) => p.name).join(', ')}</small>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
