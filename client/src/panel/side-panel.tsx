import type { ApiError } from '../api/api-client.ts';
import type { LegendEntry, UnitChildren, UnitDetail, UnitHistory } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { MESSAGES, pickText, type MessageKey } from '../i18n/messages.ts';
import { ChildrenTable } from './children-table.tsx';
import { describeReasons } from './reasons.ts';
import { addDays, computeCoverageSeries, computePositivitySeries, computeWeeklyRateSeries } from './series.ts';
import { CoverageBars, TrendChart } from './trend-chart.tsx';
import { ErrorNote } from './error-note.tsx';

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
  colours: readonly string[];
  legend: readonly LegendEntry[];
  hoverId: number | null;
  onHover(id: number | null): void;
  onSelect(id: number): void;
}

const percent = (v: number) => `${(v * 100).toFixed(1)}%`;

export function SidePanel(props: PanelProps) {
  const { t, language } = useT();
  const { detail, date, chartRange } = props;
  const unit = detail.data?.unit;
  const counts = props.history.data?.counts ?? [];
  const [from, to] = chartRange;
  const indicators = detail.data?.indicators ?? null;
  const tier = detail.data?.tier;
  const legendIndex = props.legend.findIndex((e) => e.id === tier?.id);
  const fmt = (v: number | string | null | undefined) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : v.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }));
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
          {tier && (
            <div className="tier-badge" data-testid="unit-tier" data-tier={tier.id}>
              <span className={`swatch large${tier.insufficientData ? ' hatched' : ''}`} style={{ background: props.colours[legendIndex] ?? '#e1e6eb' }} />
              <span>{pickText(tier.label, language)}</span>
            </div>
          )}
          {detail.data?.weekly && <p className="muted small">{t('weekly')}</p>}
          <section>
            <h3>{t('why')}</h3>
            <p className="summary">{pickText(detail.data?.summary, language)}</p>
            <ul className="reasons">{describeReasons(detail.data?.reasons ?? [], language).map((line, i) => <li key={i}>{line}</li>)}</ul>
            <p className="muted small">{detail.data?.freshness.lastDataDay ? t('lastData', { date: detail.data.freshness.lastDataDay }) : t('noDataYet')}</p>
          </section>
          <section>
            <h3>{t('indicators')}</h3>
            <dl className="stats">
              <div><dt>{t('population')}</dt><dd>{fmt(unit.population)}</dd></div>
              <div><dt>{t('activeCases')}</dt><dd>{fmt(detail.data?.standing.activeCases)}</dd></div>
              {detail.data?.standing.pendingRetest !== undefined && (
                <div><dt>{t('pendingRetest')}</dt><dd data-testid="pending-retest">{fmt(detail.data.standing.pendingRetest)}</dd></div>
              )}
            </dl>
            {(detail.data?.dataProblems ?? []).length > 0 && (
              <div className="data-problems" role="note" data-testid="data-problems">
                <h4>{t('dataProblems')}</h4>
                <ul>{(detail.data?.dataProblems ?? []).map((p) => (
                  <li key={`${p.code}-${p.indicator}`}>{t('coverageAbove100', {
                    indicator: p.indicator in MESSAGES[language] ? t(p.indicator as MessageKey) : p.indicator,
                    numerator: fmt(p.numerator), denominator: fmt(p.denominator),
                  })}</li>
                ))}</ul>
              </div>
            )}
            {props.history.error && <ErrorNote error={props.history.error} />}
            <TrendChart testId="chart-rate" title={t('casesPer100kPerWeek')} series={computeWeeklyRateSeries(counts, unit.population, from, to)} cursorDate={date} format={(v) => fmt(v)} />
            <TrendChart testId="chart-positivity" title={t('positivity')} series={computePositivitySeries(counts, from, to)} cursorDate={date} format={percent} />
            <TrendChart testId="chart-coverage" title={t('coverageTrend')} series={computeCoverageSeries(counts, unit.population, indicators?.coverage1DoseTotal ?? null, date, from, to)} cursorDate={date} format={percent} />
            <h4>{t('coverage')}</h4>
            <CoverageBars rows={(['coverage1Dose18', 'fullCoverage18', 'fullCoverage50', 'fullCoverage65'] as const).map((key) => ({ label: t(key), value: indicators?.[key] ?? null }))} />
          </section>
        </>
      )}
      <section>
        <h3>{t('children')}</h3>
        {props.children.error && <ErrorNote error={props.children.error} />}
        {props.children.data && (
          <ChildrenTable children={props.children.data.children} legend={props.legend} colours={props.colours}
            hoverId={props.hoverId} onHover={props.onHover} onSelect={props.onSelect} />
        )}
      </section>
    </aside>
  );
}

/** The history window the charts draw: 8 weeks ending at the last data day (or the date shown, if later), 13 days more loaded for the 14-day sums. */
export function computeChartRange(date: string, lastDataDay: string | null): { range: [string, string]; loadFrom: string } {
  const end = lastDataDay && lastDataDay > date ? lastDataDay : date;
  const start = addDays(end, -55);
  return { range: [start < date ? start : addDays(date, -7), end], loadFrom: addDays(start < date ? start : addDays(date, -7), -13) };
}
