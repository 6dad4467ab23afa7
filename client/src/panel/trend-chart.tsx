import { useT } from '../i18n/language.tsx';
import { formatPercent, formatShortDate } from '../i18n/format.ts';
import { buildPolylines, type SeriesPoint } from './series.ts';

const [W, H] = [300, 64];

/**
 * A small line chart of a daily series with a cursor at the date shown. The
 * title names the window (7-day count, 14-day average…); `current` overrides
 * the value written beside it (e.g. the server's figure for the date); days
 * that cannot be computed (withheld inputs) are gaps, and `note` says why.
 */
export function TrendChart({ title, series, cursorDate, format, testId, current, note }: {
  title: string;
  series: readonly SeriesPoint[];
  cursorDate: string;
  format: (value: number) => string;
  testId: string;
  current?: string;
  note?: string | null;
}) {
  const { language } = useT();
  const values = series.map((p) => p.value).filter((v): v is number => v !== null);
  const max = Math.max(1e-9, ...values) * 1.1;
  const cursorIndex = series.findIndex((p) => p.date === cursorDate);
  const cursorX = series.length > 1 && cursorIndex >= 0 ? (cursorIndex / (series.length - 1)) * W : null;
  const value = cursorIndex >= 0 ? series[cursorIndex]?.value ?? null : null;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <span>{title}</span>
        <strong>{current ?? (value === null ? '—' : format(value))}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={title}>
        <line x1={0} y1={H - 0.5} x2={W} y2={H - 0.5} stroke="#cbd2d9" />
        {buildPolylines(series, W, H - 2, max).map((points, i) => (
          <polyline key={i} points={points} fill="none" stroke="#1f2933" strokeWidth={1.8} />
        ))}
        {cursorX !== null && <line className="chart-cursor" data-date={cursorDate} x1={cursorX} y1={0} x2={cursorX} y2={H} stroke="#1d4ed8" strokeWidth={2} />}
      </svg>
      <div className="chart-axis"><span>{series[0] ? formatShortDate(series[0].date, language) : ''}</span><span>{series.length > 0 ? formatShortDate(series[series.length - 1]!.date, language) : ''}</span></div>
      {note && <p className="muted small" data-testid={`${testId}-note`}>{note}</p>}
    </figure>
  );
}

/** Horizontal bars of coverage shares (0–1) by age band, with the percentage (in the locale) beside each bar. */
export function CoverageBars({ rows }: { rows: { label: string; value: number | null }[] }) {
  const { language } = useT();
  return (
    <div className="bars">
      {rows.map((row) => (
        <div className="bar-row" key={row.label}>
          <span className="bar-label">{row.label}</span>
          <span className="bar-track"><span className="bar-fill" style={{ width: `${Math.round(Math.min(1, row.value ?? 0) * 100)}%` }} /></span>
          <span className="bar-value">{formatPercent(row.value, language)}</span>
        </div>
      ))}
    </div>
  );
}
