import { buildPolylines, type SeriesPoint } from './series.ts';

const [W, H] = [300, 64];

/** A small line chart of a daily series with a cursor at the date shown. */
export function TrendChart({ title, series, cursorDate, format, testId }: {
  title: string;
  series: readonly SeriesPoint[];
  cursorDate: string;
  format: (value: number) => string;
  testId: string;
}) {
  const values = series.map((p) => p.value).filter((v): v is number => v !== null);
  const max = Math.max(1e-9, ...values) * 1.1;
  const cursorIndex = series.findIndex((p) => p.date === cursorDate);
  const cursorX = series.length > 1 && cursorIndex >= 0 ? (cursorIndex / (series.length - 1)) * W : null;
  const current = cursorIndex >= 0 ? series[cursorIndex]?.value ?? null : null;
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <span>{title}</span>
        <strong>{current === null ? '—' : format(current)}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={title}>
        <line x1={0} y1={H - 0.5} x2={W} y2={H - 0.5} stroke="#cbd2d9" />
        {buildPolylines(series, W, H - 2, max).map((points, i) => (
          <polyline key={i} points={points} fill="none" stroke="#1f2933" strokeWidth={1.8} />
        ))}
        {cursorX !== null && <line className="chart-cursor" data-date={cursorDate} x1={cursorX} y1={0} x2={cursorX} y2={H} stroke="#1d4ed8" strokeWidth={2} />}
      </svg>
      <div className="chart-axis"><span>{series[0]?.date ?? ''}</span><span>{series[series.length - 1]?.date ?? ''}</span></div>
    </figure>
  );
}

/** Horizontal bars of coverage shares (0–1) by age band, with the number written beside each bar. */
export function CoverageBars({ rows }: { rows: { label: string; value: number | null }[] }) {
  return (
    <div className="bars">
      {rows.map((row) => (
        <div className="bar-row" key={row.label}>
          <span className="bar-label">{row.label}</span>
          <span className="bar-track"><span className="bar-fill" style={{ width: `${Math.round((row.value ?? 0) * 100)}%` }} /></span>
          <span className="bar-value">{row.value === null ? '—' : `${(row.value * 100).toFixed(1)}%`}</span>
        </div>
      ))}
    </div>
  );
}
