// Asking for a report of one zone and following it: format, the dashboard's
// date and rule set, progress from GET /api/reports/:id, then the download link.
import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { JobResponse } from '../../../server/reports/reports.schemas.ts';
import { ApiError, requestJson } from '../api/api-client.ts';
import { useT } from '../i18n/language.tsx';
import { zoneText, type ZoneTextKey } from './zones.strings.ts';

type Job = Static<typeof JobResponse>;
const FORMATS = ['pdf', 'xlsx', 'csv', 'geojson'] as const;
const POLL_MS = 500;

export function ZoneReport({ zoneId, date, ruleSet }: { zoneId: number; date: string; ruleSet: string }) {
  const { language } = useT();
  const text = (key: ZoneTextKey, values?: Record<string, unknown>) => zoneText(key, language, values);
  const [format, setFormat] = useState<(typeof FORMATS)[number]>('pdf');
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setJob(null), [zoneId]);
  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => {
      requestJson<Job>(`/api/reports/${job.id}`).then(setJob, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job]);

  const request = async () => {
    setError(null);
    setJob(null);
    try {
      setJob(await requestJson<Job>(`/api/zones/${zoneId}/reports`, { method: 'POST', body: { format, date, ruleSet } }));
    } catch (caught) {
      setError(caught instanceof ApiError || caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
    <div className="zone-report" data-testid="zone-report">
      <h3>{text('report')}</h3>
      <label>{text('format')}{' '}
        <select data-testid="report-format" value={format} onChange={(e) => setFormat(e.target.value as (typeof FORMATS)[number])}>
          {FORMATS.map((f) => <option key={f} value={f}>{f.toUpperCase()}</option>)}
        </select>
      </label>{' '}
      <span className="muted">{text('date', { date })}</span>{' '}
      <button type="button" data-testid="report-request" onClick={request}>{text('request')}</button>
      {error && <p className="note error" role="alert" data-testid="report-error">{error}</p>}
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
