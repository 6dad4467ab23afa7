// The households of the selected block, for the ward official: address,
// members, flags and tier per row; a row locates the household on the map.
import { useT } from '../i18n/language.tsx';
import { formatNumber } from '../i18n/format.ts';
import { pickText, type MessageKey } from '../i18n/messages.ts';
import type { BlockHouseholds } from '../api/types.ts';
import { listRaisedFlags } from './household-types.ts';

export function BlockHouseholdList({ data, openId, onLocate }: { data: BlockHouseholds; openId: number | null; onLocate(id: number): void }) {
  const { t, language } = useT();
  const rows = [...data.households].sort((a, b) => (a.address ?? '').localeCompare(b.address ?? '', 'vi', { numeric: true }));
  return (
    <section data-testid="block-households">
      <h3>{t('blockHouseholds', { count: formatNumber(rows.length, language, 0) })}</h3>
      {rows.length === 0 ? <p className="muted">{t('blockHouseholdsNone')}</p> : (
        <table className="children household-table">
          <thead><tr><th>{t('householdAddress')}</th><th className="num">{t('householdMembers')}</th><th>{t('householdFlags')}</th></tr></thead>
          <tbody>
            {rows.map((h) => (
              <tr key={h.householdId} data-testid="block-household" data-household-id={h.householdId} className={openId === h.householdId ? 'hover' : ''}>
                <td>
                  <button type="button" className="link" onClick={() => onLocate(h.householdId)} title={t('householdLocate')}>
                    <span className="swatch" style={{ background: h.colour }} aria-label={pickText(h.tierLabel, language)} /> {h.address ?? `#${h.householdId}`}
                  </button>
                </td>
                <td className="num">{formatNumber(h.members, language, 0)}</td>
                <td className="small">{listRaisedFlags(h.flags as Record<string, unknown>).map((k) => t(`flag_${k}` as MessageKey)).join('; ') || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
