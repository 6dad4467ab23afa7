import type { ReactNode } from 'react';
import type { ApiError } from '../api/api-client.ts';
import type { RuleSetSummary, UnitChildren, UnitDetail, UnitHistory } from '../api/types.ts';
import { describeApiError } from '../i18n/api-error.ts';
import { formatCount, formatDate, formatNumber, formatPercent } from '../i18n/format.ts';
import { useT } from '../i18n/language.tsx';
import { MESSAGES, pickText, type MessageKey } from '../i18n/messages.ts';
import { pickLegendColours, TIER_DISPLAY } from '../map/tier-colours.ts';
import { CaseBars } from './case-bars.tsx';
import { pickCaseWindows } from './case-windows.ts';
import { ChildrenTable } from './children-table.tsx';
import { ErrorNote } from './error-note.tsx';
import { describeReasons } from './reasons.ts';
import { addDays, computeCoverageSeries, computePositivitySeries, computeWeeklyRateSeries, listDates } from './series.ts';
import { CoverageBars, TrendChart } from './trend-chart.tsx';

export interface Crumb {
  id: number;
  name: string;
  level: string;
}

export interface PanelProps {
  date: string;
  chartRange: [string, string];
  path: Crumb[];
  detail: { data: UnitDetail | null; error: ApiError | null; loading: boolean };
  children: { data: UnitChildren | null; error: ApiError | null };
  history: { data: UnitHistory | null; error: ApiError | null };
  /** Rule sets in force, for their names. */
  ruleSets: readonly RuleSetSummary[];
  /** The chosen rule set does not grade this unit's level: its figures are shown, no tier or reasons. */
  notGraded: ApiError | null;
  /** The tier and reasons answer the date and grading asked for (not an older answer kept while loading). */
  tierCurrent: boolean;
  hoverId: number | null;
  onHover(id: number | null): void;
  onSelect(id: number): void;
  /** Tier labels of the unit's rule set, for the reasons. */
  tierLabels: ReadonlyArray<{ id: string; label: { vi: string; en: string } }>;
  /** The block's households (ward officials), under the children. */
  households?: ReactNode;
}

type Weeks = Array<{ from: string; to: string; cases: number | string }>;

export function SidePanel(props: PanelProps) {
  const { t, language } = useT();
  const { detail, date, chartRange } = props;
  const unit = detail.data?.unit;
  const counts = props.history.data?.counts ?? [];
  const weeks = (props.history.data as { weeks?: Weeks } | null)?.weeks;
  const [from, to] = chartRange;
  const indicators = detail.data?.indicators ?? null;
  const showTier = props.tierCurrent && !props.notGraded && detail.data !== null;
  const tier = showTier ? detail.data?.tier : undefined;
  const ruleSetName = (id: string) => pickText(props.ruleSets.find((r) => r.id === id)?.name, language) || id;
  const childLegend = props.children.data?.tiers ?? [];
  const childColours = pickLegendColours(childLegend);
  // The badge takes the map's colour for the tier: from the children's legend when they are graded by the same rule set, else the Ministry's palette, else the rule set's own colour.
  const tierColour = (() => {
    if (!tier) return '#e1e6eb';
    const sameSet = props.children.data?.ruleSetId === detail.data?.ruleSetId ? childLegend : [];
    const i = sameSet.findIndex((e) => e.id === tier.id);
    return (i >= 0 ? childColours[i] : undefined) ?? TIER_DISPLAY[tier.id]?.hex ?? tier.colour;
  })();
  const tierLabel = (id: string) => {
    const known = props.tierLabels.find((e) => e.id === id) ?? (tier && tier.id === id ? tier : undefined);
    return known ? pickText(known.label, language) : t('tierNamed', { tier: id });
  };
  const reasons = showTier ? describeReasons(detail.data?.reasons ?? [], { language, tierLabel }) : [];
  const windows = pickCaseWindows(counts, weeks, from, to, listDates);
  const rateSeries = computeWeeklyRateSeries(counts, unit?.population ?? null, from, to);
  const positivitySeries = computePositivitySeries(counts, from, to);
  const rateGaps = rateSeries.some((p) => p.value === null) && (unit?.population ?? 0) > 0;
  const positivityGaps = counts.some((c) => typeof c.tests === 'string' || typeof c.positives === 'string');
  const threshold = windows.threshold ?? 5;
  const suppressed = detail.data?.suppressed === true;
  return (
    <aside className="panel" data-testid="side-panel" aria-busy={detail.loading}>
      <nav className="breadcrumb" data-testid="breadcrumb" aria-label="breadcrumb">
        {props.path.map((crumb, i) => (
          <span key={crumb.id}>
            {i > 0 && <span className="sep"> › </span>}
            {i === props.path.length - 1 ? <strong data-level={crumb.level}>{crumb.name}</strong> : (
              <button type="button" className="link" data-level={crumb.level} onClick={() => props.onSelect(crumb.id)}>{crumb.name}</button>
            )}
          </span>
        ))}
      </nav>
      {detail.error && <ErrorNote error={detail.error} />}
      {unit && (
        <>
          <h2 data-testid="unit-name" data-unit-id={unit.id}>{unit.name} <small>{t(unit.level as MessageKey)}</small></h2>
          {props.notGraded && <p className="note" data-testid="panel-not-graded">{describeApiError(props.notGraded, language, ruleSetName)}</p>}
          {tier && (
            <div className="tier-badge" data-testid="unit-tier" data-tier={tier.id} data-rule-set={detail.data?.ruleSetId} style={detail.loading ? { opacity: 0.5 } : undefined}>
              <span className={`swatch large${tier.insufficientData ? ' hatched' : ''}`} style={{ background: tierColour }} />
              <span>{pickText(tier.label, language)}</span>
            </div>
          )}
          {tier && detail.data && <p className="muted small" data-testid="panel-rule-set">{t('gradedBy', { ruleSet: ruleSetName(detail.data.ruleSetId) })}</p>}
          {tier && detail.data?.weekly && <p className="muted small">{t('weekly')}</p>}
          {tier && (
            <section>
              <h3>{t('why')}</h3>
              <ul className="reasons" data-testid="reasons">{reasons.map((line, i) => <li key={i}>{line}</li>)}</ul>
            </section>
          )}
          <p className="muted small">{detail.data?.freshness.lastDataDay ? t('lastData', { date: formatDate(detail.data.freshness.lastDataDay, language) }) : t('noDataYet')}</p>
          <section>
            <h3>{t('indicators')}</h3>
            <dl className="stats">
              <div><dt>{t('population')}</dt><dd>{formatNumber(unit.population, language, 0)}</dd></div>
              <div><dt>{t('activeCases')}</dt><dd>{formatCount(detail.data?.standing.activeCases, language)}</dd></div>
              {detail.data?.standing.pendingRetest !== undefined && (
                <div><dt>{t('pendingRetest')}</dt><dd data-testid="pending-retest">{formatCount(detail.data.standing.pendingRetest, language)}</dd></div>
              )}
              <div><dt>{t('rate14d')}</dt><dd data-testid="stat-rate">{indicators?.casesPer100kPerWeek === null && suppressed ? t('withheld') : formatNumber(indicators?.casesPer100kPerWeek, language)}</dd></div>
            </dl>
            {suppressed && <p className="muted small" data-testid="suppressed-note">{t('suppressedExplain', { threshold })}</p>}
            {(detail.data?.dataProblems ?? []).length > 0 && (
              <div className="data-problems" role="note" data-testid="data-problems">
                <h4>{t('dataProblems')}</h4>
                <ul>{(detail.data?.dataProblems ?? []).map((p) => (
                  <li key={`${p.code}-${p.indicator}`}>{t('coverageAbove100', {
                    indicator: p.indicator in MESSAGES[language] ? t(p.indicator as MessageKey) : p.indicator,
                    numerator: formatCount(p.numerator, language), denominator: formatNumber(p.denominator, language, 0),
                  })}</li>
                ))}</ul>
              </div>
            )}
            {props.history.error && <ErrorNote error={props.history.error} />}
            <CaseBars windows={windows} cursorDate={date} />
            <TrendChart testId="chart-rate" title={t('chartRate14d')} series={rateSeries} cursorDate={date} format={(v) => formatNumber(v, language)}
              current={date <= to && indicators ? (indicators.casesPer100kPerWeek === null ? (suppressed ? t('withheld') : '—') : formatNumber(indicators.casesPer100kPerWeek, language)) : undefined}
              note={rateGaps && windows.mode !== 'daily' ? t('chartSeriesWithheld') : null} />
            <TrendChart testId="chart-positivity" title={t('chartPositivity7d')} series={positivitySeries} cursorDate={date} format={(v) => formatPercent(v, language)}
              note={positivityGaps ? t('chartSeriesWithheld') : null} />
            <TrendChart testId="chart-coverage" title={t('chartCoverage')} series={computeCoverageSeries(counts, unit.population, indicators?.coverage1DoseTotal ?? null, date, from, to)} cursorDate={date} format={(v) => formatPercent(v, language)} />
            <h4>{t('coverage')}</h4>
            <CoverageBars rows={(['coverage1Dose18', 'fullCoverage18', 'fullCoverage50', 'fullCoverage65'] as const).map((key) => ({ label: t(key), value: indicators?.[key] ?? null }))} />
          </section>
        </>
      )}
      <section>
        <h3>{t('children')}</h3>
        {props.children.error && <ErrorNote error={props.children.error} />}
        {props.children.data && props.children.data.children.length > 0 && (
          <p className="muted small" data-testid="children-rule-set">{t('gradedBy', { ruleSet: ruleSetName(props.children.data.ruleSetId) })}</p>
        )}
        {props.children.data && (
          <ChildrenTable children={props.children.data.children} legend={childLegend} colours={childColours}
            hoverId={props.hoverId} onHover={props.onHover} onSelect={props.onSelect} />
        )}
      </section>
      {props.households}
    </aside>
  );
}

/** The history window the charts draw: 8 weeks ending at the last data day (or the date shown, if later), 13 days more loaded for the 14-day sums. */
export function computeChartRange(date: string, lastDataDay: string | null): { range: [string, string]; loadFrom: string } {
  const end = lastDataDay && lastDataDay > date ? lastDataDay : date;
  const start = addDays(end, -55);
  return { range: [start < date ? start : addDays(date, -7), end], loadFrom: addDays(start < date ? start : addDays(date, -7), -13) };
}
