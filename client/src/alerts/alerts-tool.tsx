// Tier-change alerts (issue 17): the caller's notifications (polled, and
// refetched on every live update), the units followed (a ward official's
// jurisdiction by default) and an optional signed webhook.
import { useEffect, useState } from 'react';
import { requestJson } from '../api/api-client.ts';
import type { SearchHit } from '../api/types.ts';
import { UnitPicker } from '../admin/unit-picker.tsx';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import type { ToolContext, ToolDefinition } from '../tools/tools.ts';
import { deliveryLine, webhookErrorText, type Delivery } from './alert-text.ts';
import { ALERTS_TEXT, alertsText, type AlertsTextKey } from './alerts.strings.ts';

interface AlertList { unread: number; items: Array<{ id: number; unit: { id: number; name: string; level: string }; ruleSet: string; from: string | null; to: string; day: string; read: boolean }> }
interface Follows { customised: boolean; units: Array<{ id: number; code: string; name: string; level: string }>; webhookUrl: string | null }
const POLL_MS = 5000;

/** A tier id shown by its label in the dashboard's legend when known. */
function tierLabel(tier: string | null, labels: ReadonlyMap<string, string>): string {
  return tier === null ? '—' : labels.get(tier) ?? tier;
}

function AlertsTool({ context }: { context: ToolContext }) {
  const { language } = useT();
  const text = (key: AlertsTextKey, values?: Record<string, unknown>) => alertsText(key, language, values);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  const version = context.version + tick;
  const alerts = useApi<AlertList>('/api/alerts', version);
  const [refresh, setRefresh] = useState(0);
  const follows = useApi<Follows>('/api/alerts/follows', refresh);
  const deliveries = useApi<{ items: Delivery[] }>(follows.data?.webhookUrl ? '/api/alerts/deliveries' : null, version + refresh);
  const legend = useApi<{ tiers: Array<{ id: string; label: { vi: string; en: string } }> }>(`/api/rule-sets/moh-4800`);
  const labels = new Map((legend.data?.tiers ?? []).map((t) => [t.id, t.label[language]]));
  const [url, setUrl] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  useEffect(() => { if (follows.data) setUrl(follows.data.webhookUrl ?? ''); }, [follows.data]);

  const run = async (fn: () => Promise<void>) => {
    setMessage(null);
    try { await fn(); } catch (e) { setMessage({ text: webhookErrorText(e, language), error: true }); }
    setRefresh((n) => n + 1);
  };
  const saveFollows = (ids: number[]) => run(async () => { await requestJson('/api/alerts/follows', { method: 'PUT', body: { unitIds: ids } }); });
  const ids = follows.data?.units.map((u) => u.id) ?? [];

  return (
    <section className="panel alerts-tool" data-testid="alerts-tool">
      <h2>{text('title')} {alerts.data && alerts.data.unread > 0 && <span className="alerts-badge" data-testid="alerts-unread">{alerts.data.unread}</span>}</h2>
      {alerts.error && <ErrorNote error={alerts.error} />}
      {alerts.data && alerts.data.items.length === 0 && <p className="muted">{text('none')}</p>}
      {alerts.data && alerts.data.unread > 0 && (
        <p role="status" className="note" data-testid="alerts-new">{text('unread', { n: alerts.data.unread })}{' '}
          <button type="button" onClick={() => void run(async () => { await requestJson('/api/alerts/read', { method: 'POST' }); setTick((n) => n + 1); })}>{text('markRead')}</button>
        </p>
      )}
      <ul className="small">
        {alerts.data?.items.map((a) => (
          <li key={a.id} data-testid="alert" data-unit-id={a.unit.id} style={{ fontWeight: a.read ? 'normal' : 600, cursor: 'pointer' }} onClick={() => context.onSelectUnit(a.unit.id)}>
            {text('change', { unit: a.unit.name, from: tierLabel(a.from, labels), to: tierLabel(a.to, labels), day: a.day })}
          </li>
        ))}
      </ul>
      <h3>{text('follows')} {follows.data && !follows.data.customised && <small>{text('byDefault')}</small>}</h3>
      {follows.data && follows.data.units.length === 0 && <p className="muted">{text('noFollows')}</p>}
      <ul className="small">
        {follows.data?.units.map((u) => (
          <li key={u.id} data-testid="alerts-follow">{u.name} <small>{u.code}</small>{' '}
            <button type="button" onClick={() => void saveFollows(ids.filter((id) => id !== u.id))}>{text('remove')}</button>
          </li>
        ))}
      </ul>
      <UnitPicker value={null} placeholder={text('addUnit')} onPick={(hit: SearchHit | null) => { if (hit && !ids.includes(hit.id)) void saveFollows([...ids, hit.id]); }} testId="alerts-add-unit" />
      <h3>{text('webhook')}</h3>
      <p className="small muted">{text('webhookHelp')}</p>
      <form className="admin-form" onSubmit={(e) => { e.preventDefault(); void run(async () => { const r = await requestJson<{ secret: string | null }>('/api/alerts/webhook', { method: 'PUT', body: { url: url.trim() || null } }); setSecret(r.secret); }); }}>
        <input type="url" data-testid="alerts-webhook-url" value={url} placeholder="https://…" onChange={(e) => setUrl(e.target.value)} />
        <span>
          <button type="submit" data-testid="alerts-webhook-save">{text('save')}</button>{' '}
          <button type="button" data-testid="alerts-webhook-test" disabled={!follows.data?.webhookUrl} onClick={() => void run(async () => {
            const r = await requestJson<{ status: number }>('/api/alerts/webhook/test', { method: 'POST' });
            setMessage({ text: text('testOk', { status: r.status }), error: false });
          })}>{text('test')}</button>
        </span>
      </form>
      {secret && <p className="note" data-testid="alerts-webhook-secret">{text('secret')} ({text('shownOnce')}): <code style={{ userSelect: 'all', wordBreak: 'break-all' }}>{secret}</code></p>}
      {deliveries.data && deliveries.data.items.length > 0 && (
        <>
          <h3>{text('deliveries')}</h3>
          <ul className="small">
            {deliveries.data.items.map((d) => <li key={d.id} data-testid="alerts-delivery" data-status={d.status} className={d.status === 'failed' ? 'error' : undefined}>{deliveryLine(d, text)}</li>)}
          </ul>
        </>
      )}
      {message && <p className={message.error ? 'note error' : 'note'} role={message.error ? 'alert' : 'status'} data-testid="alerts-message">{message.text}</p>}
    </section>
  );
}

export const alertsTool: ToolDefinition = {
  id: 'alerts',
  label: ALERTS_TEXT.tab,
  roles: ['city_leader', 'ward_official', 'planner', 'admin'],
  render: (context) => <AlertsTool context={context} />,
};
