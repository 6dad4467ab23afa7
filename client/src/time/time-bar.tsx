import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/language.tsx';
import { addDays } from '../panel/series.ts';
import { stepDate } from './step-date.ts';

/** Date picker and player. The player waits for each date to be drawn (`busy` false) before the next step. */
export function TimeBar({ date, first, last, busy, onDate }: { date: string; first: string; last: string; busy: boolean; onDate(date: string): void }) {
  const { t } = useT();
  const [playing, setPlaying] = useState(false);
  const [stepDays, setStepDays] = useState(1);
  const dateRef = useRef(date);
  dateRef.current = date;
  useEffect(() => {
    if (!playing || busy) return;
    const timer = setTimeout(() => onDate(stepDate(dateRef.current, stepDays, first, last)), 700);
    return () => clearTimeout(timer);
  }, [playing, busy, date, stepDays, first, last, onDate]);
  return (
    <div className="timebar" data-testid="timebar">
      <label>
        <span>{t('date')}</span>
        <input type="date" value={date} max={last} onChange={(e) => e.target.value && onDate(e.target.value)} data-testid="date-input" />
      </label>
      <button type="button" onClick={() => onDate(stepDate(date, -stepDays, first, last))} aria-label={t('stepBack')}>◀</button>
      <button type="button" onClick={() => setPlaying((p) => !p)} data-testid="play" aria-pressed={playing}>{playing ? `❚❚ ${t('pause')}` : `▶ ${t('play')}`}</button>
      <button type="button" onClick={() => onDate(stepDate(date, stepDays, first, last))} aria-label={t('stepForward')}>▶</button>
      <select value={stepDays} onChange={(e) => setStepDays(Number(e.target.value))} aria-label="step">
        <option value={1}>{t('byDay')}</option>
        <option value={7}>{t('byWeek')}</option>
      </select>
      <input type="range" min={0} max={Math.max(0, (Date.parse(last) - Date.parse(first)) / 86_400_000)}
        value={Math.max(0, (Date.parse(date) - Date.parse(first)) / 86_400_000)} onChange={(e) => onDate(addDays(first, Number(e.target.value)))} aria-label={t('date')} />
    </div>
  );
}
