// The national push tool: records by status, the last run, the rejections
// with the national system's reasons, and (admin) a "push now" button.
import { useState } from 'react';
import type { Static } from 'typebox';
import type { PushResponse, RejectionsResponse, StatusResponse } from '../../../server/national/national.schemas.ts';
import { ApiError, requestJson } from '../api/api-client.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import type { ToolContext, ToolDefinition } from '../tools/tools.ts';
import { NATIONAL_TEXT, nationalText, type NationalTextKey } from './national.strings.ts';

type Status = Static<typeof StatusResponse>;
type Rejections = Static<typeof RejectionsResponse>;
type PushResult = Static<typeof PushResponse>;

const COUNTED: NationalTextKey[] = ['pending', 'held', 'sending', 'sent', 'rejected', 'failed'];

function formatTime(iso: string | null, language: 'vi' | 'en'): string {
  return iso ? new Date(iso).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) : '—';
}

function NationalTool({ context }: { context: ToolContext }) {
  const { language } = useT();
  const text = (key: NationalTextKey, values?: Record<string, unknown>) => nationalText(key, language, values);
  const [refresh, setRefresh] = useState(0);
  const [pushing, setPushing] = useState(false);
  const [retryFailed, setRetryFailed] = useState(false);
  const [pushError, setPushError] = useState<ApiError | null>(null);
  const [lastPush, setLastPush] = useState<PushResult | null>(null);
  const version = context.version + refresh;
  const status = useApi<Status>('/api/national/status', version);
  const rejections = useApi<Rejections>('/api/national/rejections?limit=50', version);

  const pushNow = async () => {
    setPushing(true);
    setPushError(null);
    try {
      setLastPush(await requestJson<PushResult>('/api/national/push', { method: 'POST', body: { retryFailed } }));
    } catch (error) {
      setPushError(error instanceof ApiError ? error : new ApiError(0, 'CLIENT', String(error)));
    } finally {
      setPushing(false);
      setRefresh((n) => n + 1);
    }
  };

  const s = status.data;
  return (
    <section className="panel national-tool" data-testid="national-tool" style={{ padding: '8px 12px', overflowY: 'auto' }}>
      <h2>{text('title')}</h2>
      {status.error && <ErrorNote error={status.error} />}
      {s && !s.configured && <p className="note" data-testid="national-not-configured">{text('notConfigured')}</p>}
      {s?.endpoint && <p className="muted">{text('endpoint')}: <code>{s.endpoint}</code></p>}
      {s && (
        <table className="national-counts" data-testid="national-counts">
          <tbody>
            {COUNTED.map((key) => (
              <tr key={key} data-testid={`national-count-${key}`}>
                <th scope="row">{text(key)}</th>
                <td>{s.counts[key as keyof Status['counts']].toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {s?.oldestPendingAt && <p className="muted">{text('oldestPending')} {formatTime(s.oldestPendingAt, language)}</p>}
      {s && (
        <p data-testid="national-last-run">
          <strong>{text('lastRun')}:</strong>{' '}
          {s.lastRun ? `${formatTime(s.lastRun.startedAt, language)} — ${text('runSummary', s.lastRun)}` : text('never')}
          {s.lastRun?.error && <span className="note error" role="alert">{s.lastRun.error}</span>}
        </p>
      )}
      {context.me.role === 'admin' && s?.configured && (
        <div className="national-push">
          <label><input type="checkbox" checked={retryFailed} onChange={(e) => setRetryFailed(e.target.checked)} /> {text('retryFailed')}</label>
          <button type="button" data-testid="national-push-now" disabled={pushing} onClick={pushNow}>{pushing ? text('pushing') : text('pushNow')}</button>
          {lastPush && <p data-testid="national-push-result">{text('runSummary', lastPush)}{lastPush.error ? ` — ${lastPush.error}` : ''}</p>}
          {pushError && <ErrorNote error={pushError} />}
        </div>
      )}
      <h3>{text('rejections')} {rejections.data ? `(${rejections.data.total})` : ''}</h3>
      {rejections.error && <ErrorNote error={rejections.error} />}
      {rejections.data && rejections.data.items.length === 0 && <p className="muted">{text('noRejections')}</p>}
      {rejections.data && rejections.data.items.length > 0 && (
        <table className="national-rejections" data-testid="national-rejections">
          <thead><tr><th>{text('record')}</th><th>{text('person')}</th><th>{text('reason')}</th></tr></thead>
          <tbody>
            {rejections.data.items.map((item) => (
              <tr key={item.outboxId} data-testid="national-rejection">
                <td>{text(item.eventKind as NationalTextKey)} {item.sourceCode}/{item.recordId}{item.recordVersion > 1 ? ` v${item.recordVersion}` : ''}</td>
                <td>{item.personId ?? '—'}</td>
                <td>
                  {item.httpStatus !== null && <span className="muted">HTTP {item.httpStatus} </span>}
                  {item.issues.map((issue, i) => (
                    <span key={i} className="national-issue">{issue.code}: {issue.diagnostics ?? ''}{issue.expression.length ? ` (${issue.expression.join(', ')})` : ''}</span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export const nationalTool: ToolDefinition = {
  id: 'national',
  label: NATIONAL_TEXT.tab,
  roles: ['admin', 'city_leader'],
  render: (context) => <NationalTool context={context} />,
};
