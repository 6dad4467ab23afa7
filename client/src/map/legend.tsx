import type { ReactNode } from 'react';
import type { LegendEntry, MapLevel, RuleSetSummary } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { pickText, type MessageKey } from '../i18n/messages.ts';
import { findLevelRuleSet, formatGradingValue, isLevelNotGraded, parseGradingValue, type Grading, type ViewProfileSummary } from '../state/grading.ts';
import { NO_TIER_HEX } from './tier-colours.ts';

/**
 * The grading (a view profile or one rule set), the rule set that grades the
 * level shown, and its tiers, each as a colour backed by its full name;
 * insufficient data hatched. A rule set that does not grade the level says so.
 */
export function Legend({ legend, colours, ruleSets, profiles, grading, onGrading, level, note, extra }: {
  legend: readonly LegendEntry[];
  colours: readonly string[];
  ruleSets: readonly RuleSetSummary[];
  profiles: readonly ViewProfileSummary[];
  grading: Grading;
  onGrading(grading: Grading): void;
  level: MapLevel;
  note: string | null;
  /** More legend below the tiers (households for a ward official). */
  extra?: ReactNode;
}) {
  const { t, language } = useT();
  const levelRuleSet = findLevelRuleSet(grading, profiles, level);
  const current = ruleSets.find((r) => r.id === levelRuleSet);
  const notGraded = isLevelNotGraded(levelRuleSet, ruleSets, level);
  const levelsOf = (set: RuleSetSummary) => set.levels.map((l) => t(`level_${l}` as MessageKey)).join(', ');
  const usable = profiles.filter((p) => p.problems.length === 0);
  return (
    <section className="legend" data-testid="legend" aria-label={t('legend')}>
      <label className="model">
        <span>{t('model')}</span>
        <select value={formatGradingValue(grading)} onChange={(e) => onGrading(parseGradingValue(e.target.value))} data-testid="rule-set">
          {usable.length === 0 && grading.kind === 'profile' && <option value={formatGradingValue(grading)}>{t('byProfile')}</option>}
          {usable.length > 0 && (
            <optgroup label={t('byProfile')}>
              {usable.map((p) => <option key={p.id} value={`profile:${p.id}`}>{pickText(p.name, language)}</option>)}
            </optgroup>
          )}
          {ruleSets.length === 0 && grading.kind === 'ruleSet' && <option value={grading.id}>{grading.id}</option>}
          {ruleSets.map((r) => <option key={r.id} value={r.id}>{pickText(r.name, language)}</option>)}
        </select>
      </label>
      {notGraded && current && (
        <p className="note" data-testid="not-graded-level">
          {t('notGradedBy', { ruleSet: pickText(current.name, language), level: t(`level_${level}` as MessageKey), levels: levelsOf(current) })}{' '}
          {usable[0] && <button type="button" className="link" data-testid="use-profile" onClick={() => onGrading({ kind: 'profile', id: (usable.find((p) => p.isDefault) ?? usable[0])!.id })}>{t('useProfileInstead')}</button>}
        </p>
      )}
      <ul>
        {!notGraded && legend.map((entry, i) => (
          <li key={entry.id} data-tier={entry.id}>
            <span className={`swatch${entry.id === 'insufficient' ? ' hatched' : ''}`} style={{ background: colours[i] }} />
            {pickText(entry.label, language)}
          </li>
        ))}
        <li data-tier="none"><span className="swatch" style={{ background: NO_TIER_HEX }} />{t('notComputed')}</li>
      </ul>
      {/* One line (the rule set's full name on hover), so the legend covers no more of the map than before. */}
      <p className="muted small" data-testid="level-shown" data-level={level} title={current ? pickText(current.name, language) : undefined}
        style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {t('showing', { level: t(level) })}
        {current && <span data-testid="legend-rule-set" data-rule-set={current.id} data-level={level}> · {pickText(current.name, language)}</span>}
      </p>
      {note && <p className="note">{note}</p>}
      {extra}
    </section>
  );
}
