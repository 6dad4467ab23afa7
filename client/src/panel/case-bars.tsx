// Case counts as bars, daily or weekly (case-windows.ts): every window
// labelled, withheld windows drawn as a dotted marker with "withheld", never
// as a bar; with no window the caller may see, the reason in words.
import { useT } from '../i18n/language.tsx';
import { formatNumber, formatShortDate } from '../i18n/format.ts';
import type { CaseWindows } from './case-windows.ts';

const [W, H] = [300, 64];

export function CaseBars({ windows, cursorDate }: { windows: CaseWindows; cursorDate: string }) {
  const { t, language } = useT();
  const threshold = windows.threshold ?? 5;
  const title = windows.mode === 'weekly' ? t('chartWeekly') : t('chartDaily');
  if (windows.mode === 'none') {
    return (
      <figure className="chart" data-testid="chart-cases" data-mode="none">
        <figcaption><span>{t('chartDaily')}</span></figcaption>
        <p className="note small" data-testid="chart-cases-note">{t('chartNoDailyNote')}</p>
      </figure>
    );
  }
  const { bars } = windows;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0)) * 1.1;
  const step = W / Math.max(1, bars.length);
  const current = bars.find((b) => b.from <= cursorDate && cursorDate <= b.to);
  return (
    <figure className="chart" data-testid="chart-cases" data-mode={windows.mode}>
      <figcaption>
        <span>{title}</span>
        <strong>{current ? (current.value === null ? `${current.withheld ?? ''} (${t('withheld')})` : formatNumber(current.value, language, 0)) : '—'}</strong>
      </figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" height={H} role="img" aria-label={title}>
        <line x1={0} y1={H - 0.5} x2={W} y2={H - 0.5} stroke="#cbd2d9" />
        {bars.map((b, i) => {
          const x = i * step + step * 0.15;
          const width = Math.max(1, step * 0.7);
          const label = `${formatShortDate(b.from, language)}${b.from === b.to ? '' : `–${formatShortDate(b.to, language)}`}: ${b.value === null ? `${b.withheld ?? ''} (${t('withheld')})` : formatNumber(b.value, language, 0)}`;
          if (b.value === null) {
            return (
              <g key={b.from} data-withheld="true" className="withheld-marker">
                <title>{label}</title>
                <rect x={x} y={H - 14} width={width} height={12} fill="none" stroke="#52606d" strokeDasharray="2 2" />
                {step >= 24 && <text x={x + width / 2} y={H - 18} textAnchor="middle" fontSize={9} fill="#52606d">{t('chartWithheld')}</text>}
              </g>
            );
          }
          const height = (b.value / max) * (H - 4);
          return <rect key={b.from} data-withheld="false" x={x} y={H - 1 - height} width={width} height={height} fill={b.from <= cursorDate && cursorDate <= b.to ? '#1d4ed8' : '#52606d'}><title>{label}</title></rect>;
        })}
      </svg>
      <div className="chart-axis"><span>{bars[0] ? formatShortDate(bars[0].from, language) : ''}</span><span>{bars.length > 0 ? formatShortDate(bars[bars.length - 1]!.to, language) : ''}</span></div>
      {windows.mode === 'weekly' && <p className="muted small" data-testid="chart-cases-note">{t('chartWeeklyNote', { threshold })}</p>}
    </figure>
  );
}
