import { useEffect, useId, useRef, useState } from 'react';
import { ApiError, isAbort, requestJson } from '../api/api-client.ts';
import { describeApiError } from '../i18n/api-error.ts';
import type { SearchHit, SearchResult } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { layoutText } from '../layout/layout.strings.ts';
import { listSearchOptions, moveActive, type SearchOption } from './search-options.ts';

/** The answer shown, with the query it answers: an answer to an older query is never acted on. */
interface Answer {
  query: string;
  result: SearchResult | null;
  error: ApiError | null;
}

/**
 * Search as you type (GET /api/search), as an ARIA combobox: arrow keys move
 * through the units and addresses, Enter picks the active one (or the first),
 * Escape closes. Answers arrive in any order; only the one for the text in
 * the box is shown, and Enter typed before it arrives waits for it.
 */
export function SearchBox({ onPick, onPickHousehold }: { onPick(hit: SearchHit): void; onPickHousehold(position: [number, number], householdId?: number): void }) {
  const { t, language } = useT();
  const listId = useId();
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const pendingEnter = useRef<string | null>(null);
  const sequence = useRef(0);
  const trimmed = query.trim();
  const current = answer && answer.query === trimmed ? answer : null;
  const options = current?.result ? listSearchOptions(current.result) : [];

  const pick = (option: SearchOption | undefined) => {
    if (!option || option.disabled) return;
    if (option.kind === 'unit') onPick(option.hit);
    else if (option.position) onPickHousehold(option.position, option.id);
    setQuery('');
    setAnswer(null);
    setActive(-1);
    setOpen(false);
  };

  useEffect(() => {
    setActive(-1);
    if (trimmed.length < 1) {
      setAnswer(null);
      return;
    }
    const controller = new AbortController();
    const mine = ++sequence.current;
    const timer = setTimeout(() => {
      requestJson<SearchResult>(`/api/search?q=${encodeURIComponent(trimmed)}&limit=8`, { signal: controller.signal })
        .then((result) => { if (mine === sequence.current) setAnswer({ query: trimmed, result, error: null }); })
        .catch((e: unknown) => {
          if (isAbort(e) || mine !== sequence.current) return;
          setAnswer({ query: trimmed, result: null, error: e instanceof ApiError ? e : new ApiError(0, 'CLIENT', String(e)) });
        });
    }, 150);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [trimmed]);

  // Enter pressed before the answer for the typed text arrived: pick its first unit once it does.
  useEffect(() => {
    if (current && pendingEnter.current === current.query) {
      pendingEnter.current = null;
      pick(options.find((o) => !o.disabled));
    }
  }, [current]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => moveActive(options, i, e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (!current) pendingEnter.current = trimmed || null;
      else pick(active >= 0 ? options[active] : options.find((o) => !o.disabled));
    } else if (e.key === 'Escape') {
      if (open && query) setOpen(false);
      else setQuery('');
      setActive(-1);
    }
  };
  const expanded = open && trimmed.length > 0 && current !== null;
  const optionId = (i: number) => `${listId}-option-${i}`;
  const unitCount = options.filter((o) => o.kind === 'unit').length;
  return (
    <div className="search" role="search">
      <input type="search" value={query} placeholder={t('search')} aria-label={t('search')} data-testid="search-input"
        role="combobox" aria-autocomplete="list" aria-expanded={expanded} aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        onChange={(e) => { setQuery(e.target.value); setOpen(true); }} onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)} onKeyDown={onKeyDown} />
      <ul className="search-results" id={listId} role="listbox" aria-label={layoutText('searchResults', language)} data-testid="search-results"
        data-query={current?.query ?? ''} hidden={!expanded}>
        {current?.error && <li role="option" aria-disabled="true" aria-selected="false" className="note error">{describeApiError(current.error, language)}</li>}
        {current?.result && options.length === 0 && <li role="option" aria-disabled="true" aria-selected="false" className="muted" data-testid="search-no-result">{t('searchNoResult')}</li>}
        {options.map((option, i) => (
          <li key={option.key} id={optionId(i)} role="option" aria-selected={i === active} aria-disabled={option.disabled || undefined}
            data-unit-id={option.kind === 'unit' ? option.hit.id : undefined} className={option.kind === 'household' && i === unitCount ? 'first-address' : undefined}
            onMouseDown={(e) => e.preventDefault()} onClick={() => pick(option)}>
            {option.kind === 'unit'
              ? <button type="button" tabIndex={-1}><strong>{option.hit.name}</strong> <small>{t(option.hit.level as MessageKey)} · {option.hit.path.slice(1).map((p) => p.name).join(', ')}</small></button>
              : <button type="button" tabIndex={-1} disabled={option.disabled}><small className="muted">{t('addresses')}: </small>{option.address}</button>}
          </li>
        ))}
      </ul>
    </div>
  );
}
