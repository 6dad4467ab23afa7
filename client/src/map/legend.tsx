import type { LegendEntry, MapLevel, RuleSetSummary } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { pickText } from '../i18n/messages.ts';
import { NO_TIER_HEX } from './tier-colours.ts';

/** The model's name and levels, each as a colour backed by its full name; insufficient data hatched. */
export function Legend({ legend, colours, ruleSets, ruleSetId, onRuleSet, level, note }: {
  legend: readonly LegendEntry[];
  colours: readonly string[];
  ruleSets: readonly RuleSetSummary[];
  ruleSetId: string;
  onRuleSet(id: string): void;
  level: MapLevel;
  note: string | null;
}) {
  const { t, language } = useT();
  const current = ruleSets.find((r) => r.id === ruleSetId);
  return (
    <section className="legend" data-testid="legend" aria-label={t('legend')}>
      <label className="model">
        <span>{t('model')}</span>
        <select value={ruleSetId} onChange={(e) => onRuleSet(e.target.value)} data-testid="rule-set">
          {ruleSets.length === 0 && <option value={ruleSetId}>{ruleSetId}</option>}
          {ruleSets.map((r) => <option key={r.id} value={r.id}>{pickText(r.name, language)}</option>)}
        </select>
      </label>
      {current && !current.levels.includes(level) && <p className="note">{t('notGradedLevel')}</p>}
      <ul>
        {legend.map((entry, i) => (
          <li key={entry.id} data-tier={entry.id}>
            <span className={`swatch${entry.id === 'insufficient' ? ' hatched' : ''}`} style={{ background: colours[i] }} />
            {pickText(entry.label, language)}
          </li>
        ))}
        <li data-tier="none"><span className="swatch" style={{ background: NO_TIER_HEX }} />{t('notComputed')}</li>
      </ul>
      <p className="muted small" data-testid="level-shown" data-level={level}>{t('showing', { level: t(level) })}</p>
      {note && <p className="note">{note}</p>}
    </section>
  );
}
