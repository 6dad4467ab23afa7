import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n/language.tsx';
import { layoutText } from '../layout/layout.strings.ts';
import { useIsPhone } from '../layout/use-phone.ts';
import { addDays } from '../panel/series.ts';
import { computeDateTicks, daysBetween, stepDate } from './step-date.ts';

/** Milliseconds between player steps, by speed. */
const SPEEDS = [{ label: '½×', ms: 1400 }, { label: '1×', ms: 700 }, { label: '2×', ms: 350 }, { label: '4×', ms: 175 }] as const;

/**
 * Date picker and player over every day with data (`first`…`last`, from the
 * API). The player waits for each date to be drawn (`busy` false) before the
 * next step and stops at the last day; played again from there, it starts
 * over from the first.
 */
export function TimeBar({ date, first, last, busy, onDate }: { date: string; first: string; last: string; busy: boolean; onDate(date: string): void }) {
  const { t, language } = useT();
  const phone = useIsPhone();
  const [playing, setPlaying] = useState(false);
  const [stepDays, setStepDays] = useState(1);
  const [speed, setSpeed] = useState(1);
  const [ended, setEnded] = useState(false);
  const dateRef = useRef(date);
  dateRef.current = date;
  useEffect(() => {
    if (!playing || busy) return;
    if (dateRef.current >= last) {
      setPlaying(false);
      setEnded(true);
      return;
    }
    const timer = setTimeout(() => onDate(stepDate(dateRef.current, stepDays, first, last)), SPEEDS[speed]?.ms ?? 700);
    return () => clearTimeout(timer);
  }, [playing, busy, date, stepDays, speed, first, last, onDate]);
  const play = () => {
    setEnded(false);
    if (!playing && date >= last) onDate(first);
    setPlaying((p) => !p);
  };
  const span = Math.max(0, daysBetween(first, last));
  // A phone's slider is narrow: fewer ticks, kept well away from the end labels.
  const ticks = phone ? computeDateTicks(first, last, 3, 0.3) : computeDateTicks(first, last);
  return (
    <div className="timebar" data-testid="timebar" data-first={first} data-last={last}>
      <label className="date-label">
        <span>{t('date')}</span>
        <input type="date" value={date} min={first} max={last} onChange={(e) => e.target.value && onDate(e.target.value)} data-testid="date-input" />
      </label>
      <button type="button" onClick={() => onDate(stepDate(date, -stepDays, first, last))} aria-label={t('stepBack')} disabled={date <= first}>◀</button>
      <button type="button" onClick={play} data-testid="play" aria-pressed={playing}>{playing ? `❚❚ ${t('pause')}` : `▶ ${t('play')}`}</button>
      <button type="button" onClick={() => onDate(stepDate(date, stepDays, first, last))} aria-label={t('stepForward')} disabled={date >= last}>▶</button>
      <select value={stepDays} onChange={(e) => setStepDays(Number(e.target.value))} aria-label={layoutText('step', language)}>
        <option value={1}>{t('byDay')}</option>
        <option value={7}>{t('byWeek')}</option>
      </select>
      <select value={speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label={layoutText('speed', language)} data-testid="speed">
        {SPEEDS.map((s, i) => <option key={s.label} value={i}>{s.label}</option>)}
      </select>
      <div className="ticks">
        <input type="range" min={0} max={span} list="date-ticks" data-testid="date-slider"
          value={Math.min(span, Math.max(0, daysBetween(first, date)))} onChange={(e) => onDate(addDays(first, Number(e.target.value)))}
          aria-label={t('date')} aria-valuetext={date} title={layoutText('dateRange', language, { first, last })} />
        <datalist id="date-ticks">{ticks.map((tick) => <option key={tick.date} value={tick.offset} />)}</datalist>
        <div className="tick-labels" aria-hidden="true" data-testid="date-ticks">
          {ticks.map((tick) => <span key={tick.date} data-date={tick.date} style={{ left: `${span === 0 ? 0 : (tick.offset / span) * 100}%` }}>{tick.label}</span>)}
        </div>
      </div>
      {ended && <p className="range-note muted" role="status" data-testid="play-ended">{layoutText('playEnded', language)}</p>}
    </div>
  );
}
