import { useState } from 'react';
import type { LegendEntry, UnitChild } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { pickText, type MessageKey } from '../i18n/messages.ts';
import { shortenTierLabel } from '../map/tier-colours.ts';
import { sortChildren, type ChildSortKey } from './sort-children.ts';

const COLUMNS: { key: ChildSortKey; label: MessageKey; numeric: boolean }[] = [
  { key: 'name', label: 'name', numeric: false },
  { key: 'tier', label: 'tier', numeric: false },
  { key: 'population', label: 'population', numeric: true },
  { key: 'cases7d', label: 'cases7dCount', numeric: true },
  { key: 'casesPer100kPerWeek', label: 'rate14d', numeric: true },
];

/** The children of the selected unit; rows and map highlight each other through `hoverId`. */
export function ChildrenTable({ children, legend, colours, hoverId, onHover, onSelect }: {
  children: readonly UnitChild[];
  legend: readonly LegendEntry[];
  colours: readonly string[];
  hoverId: number | null;
  onHover(id: number | null): void;
  onSelect(id: number): void;
}) {
  const { t, language } = useT();
  const [sort, setSort] = useState<{ key: ChildSortKey; descending: boolean }>({ key: 'tier', descending: true });
  const insufficientIndex = legend.findIndex((e) => e.id === 'insufficient');
  const rows = sortChildren(children, sort.key, sort.descending, insufficientIndex);
  const format = (v: number | string | null) => (v === null ? '—' : typeof v === 'string' ? v : v.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }));
  if (children.length === 0) return <p className="muted">{t('noChildren')}</p>;
  return (
    <table className="children" data-testid="children-table">
      <thead>
        <tr>
          {COLUMNS.map((c) => (
            <th key={c.key} className={c.numeric ? 'num' : ''} aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
              <button type="button" data-sort={c.key} onClick={() => setSort((s) => ({ key: c.key, descending: s.key === c.key ? !s.descending : c.key !== 'name' }))}>
                {t(c.label)}{sort.key === c.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </button>
            </th>
          ))}
        </tr>
      </thead>
      <tbody onMouseLeave={() => onHover(null)}>
        {rows.map((child) => {
          const entry = legend[child.tierIndex];
          return (
            <tr key={child.id} data-unit-id={child.id} className={hoverId === child.id ? 'hovered' : ''} tabIndex={0}
              onMouseEnter={() => onHover(child.id)} onFocus={() => onHover(child.id)} onBlur={() => onHover(null)} onClick={() => onSelect(child.id)}
              onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onSelect(child.id); } }}>
              <td>{child.name}</td>
              <td>
                <span className={`swatch${entry?.id === 'insufficient' ? ' hatched' : ''}`} style={{ background: colours[child.tierIndex] ?? undefined }} />
                {entry ? shortenTierLabel(pickText(entry.label, language)) : t('notComputed')}
              </td>
              <td className="num">{format(child.population)}</td>
              <td className="num">{format(child.cases7d)}</td>
              <td className="num">{format(child.casesPer100kPerWeek)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
