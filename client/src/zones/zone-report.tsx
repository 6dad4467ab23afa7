// Asking for a report of one zone and following it: format, period (28 days
// ending on a date — by default the dashboard's — or from–to), the units
// listed (the zone's own, or a deeper level inside them), the dashboard's
// rule set; progress from GET /api/reports/:id, then the download link. The
// API's 422 REPORT_NO_DATA ("no records between … ; data runs …") is shown
// as its own note.
import { describeApiError } from '../i18n/api-error.ts';
import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { JobResponse } from '../../../server/reports/reports.schemas.ts';
import type { ZoneResponse } from '../../../server/zones/zones.schemas.ts';
import { ApiError, requestJson } from '../api/api-client.ts';
import { useT } from '../i18n/language.tsx';
import { useApi } from '../state/use-api.ts';
import { zoneText, type ZoneTextKey } from './zones.strings.ts';

type Job = Static<typeof JobResponse>;
type Zone = Static<typeof ZoneResponse>;
const FORMATS = ['pdf', 'xlsx', 'csv', 'geojson'] as const;
const POLL_MS = 500;
/** As the API: a date alone means the 28 days ending on it. */
const DEFAULT_PERIOD_DAYS = 28;
/** Levels a report may list, shallow to deep (the API also takes district; a zone is never above a district). */
const DEEPER_LEVELS = ['ward', 'neighbourhood', 'block'] as const;
const DEPTH: Record<string, number> = { city: 0, district: 1, ward: 2, neighbourhood: 3, block: 4 };

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

interface Failure { noData: boolean; message: string }

export function ZoneReport({ zone, date, ruleSet }: { zone: Zone; date: string; ruleSet: string }) {
  const { language, t } = useT();
  const text = (key: ZoneTextKey, values?: Record<string, unknown>) => zoneText(key, language, values);
  const [format, setFormat] = useState<(typeof FORMATS)[number]>('pdf');
  const [mode, setMode] = useState<'date' | 'range'>('date');
  const [endDate, setEndDate] = useState(date);
  const [from, setFrom] = useState(addDays(date, -(DEFAULT_PERIOD_DAYS - 1)));
  const [to, setTo] = useState(date);
  const [level, setLevel] = useState('');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<Failure | null>(null);
  // A units zone does not store its level: the first unit's says it.
  const firstUnit = useApi<{ unit: { level: string } }>(zone.unitLevel === null && zone.unitIds.length > 0 ? `/api/units/${zone.unitIds[0]}?date=${date}` : null);
  const zoneLevel = zone.unitLevel ?? firstUnit.data?.unit.level ?? null;
  const levels = zoneLevel === null ? [] : DEEPER_LEVELS.filter((l) => DEPTH[l]! > (DEPTH[zoneLevel] ?? 4));

  useEffect(() => {
    setJob(null);
    setLevel('');
    setError(null);
  }, [zone.id]);
  useEffect(() => {
    // Follow the dashboard's date: the default period is the 28 days ending on it.
    setEndDate(date);
    setFrom(addDays(date, -(DEFAULT_PERIOD_DAYS - 1)));
    setTo(date);
  }, [date]);
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => {
      requestJson<Job>(`/api/reports/${job.id}`).then(setJob, (e: unknown) => setError({ noData: false, message: e instanceof ApiError ? describeApiError(e, language) : e instanceof Error ? e.message : String(e) }));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const request = async () => {
    setError(null);
    setJob(null);
    const period = mode === 'date' ? { date: endDate } : { from, to };
    try {
      setJob(await requestJson<Job>(`/api/zones/${zone.id}/reports`, { method: 'POST', body: { format, ...period, ruleSet, ...(level ? { level } : {}) } }));
    } catch (caught) {
      if (caught instanceof ApiError) setError({ noData: caught.status === 422 && caught.code === 'REPORT_NO_DATA', message: describeApiError(caught, language) });
      else setError({ noData: false, message: caught instanceof Error ? caught.message : String(caught) });
    }
  };

  return (
    <div className="zone-report" data-testid="zone-report">
      <h3>{text('report')}</h3>
      <label>{text('format')}{' '}
        <select data-testid="report-format" value={format} onChange={(e) => setFormat(e.target.value as (typeof FORMATS)[number])}>
          {FORMATS.map((f) => <option key={f} value={f}>{f.toUpperCase()}</option>)}
        </select>
      </label>
      <fieldset className="report-period" data-testid="report-period">
        <legend>{text('period')}</legend>
        <label>
          <input type="radio" name={`report-period-${zone.id}`} data-testid="report-period-date" checked={mode === 'date'} onChange={() => setMode('date')} />{' '}
          {text('periodDate')}
        </label>{' '}
        <input type="date" data-testid="report-date" value={endDate} disabled={mode !== 'date'} onChange={(e) => setEndDate(e.target.value)} />
        <br />
        <label>
          <input type="radio" name={`report-period-${zone.id}`} data-testid="report-period-range" checked={mode === 'range'} onChange={() => setMode('range')} />{' '}
          {text('periodRange')}
        </label>{' '}
        <input type="date" aria-label={text('from')} data-testid="report-from" value={from} disabled={mode !== 'range'} onChange={(e) => setFrom(e.target.value)} />
        {' – '}
        <input type="date" aria-label={text('to')} data-testid="report-to" value={to} disabled={mode !== 'range'} onChange={(e) => setTo(e.target.value)} />
      </fieldset>
      {levels.length > 0 && (
        <label>{text('reportLevel')}{' '}
          <select data-testid="report-level" value={level} onChange={(e) => setLevel(e.target.value)}>
            <option value="">{text('zoneUnits')}</option>
            {levels.map((l) => <option key={l} value={l}>{t(l)}</option>)}
          </select>
        </label>
      )}{' '}
      <button type="button" data-testid="report-request" onClick={request}>{text('request')}</button>
      {error && (
        <div className="note error" role="alert" data-testid="report-error" data-no-data={error.noData ? 'true' : undefined}>
          {error.noData && <strong data-testid="report-no-data">{text('noData')}. </strong>}
          {error.message}
        </div>
      )}
      {job && (
        <div data-testid="report-job" data-status={job.status} data-job-id={job.id}>
          <progress max={1} value={job.progress} data-testid="report-progress" />{' '}
          {job.status === 'queued' && text('queued')}
          {job.status === 'running' && text('running', { done: job.unitsDone, total: job.unitsTotal })}
          {job.status === 'failed' && <span role="alert">{text('failed', { message: job.error ?? '' })}</span>}
          {job.status === 'done' && job.downloadUrl && (
            <a href={job.downloadUrl} download={job.fileName ?? undefined} data-testid="report-download">{text('download', { file: job.fileName ?? '' })}</a>
          )}
        </div>
      )}
    </div>
  );
}
