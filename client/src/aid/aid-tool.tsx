// The aid tool: the rounds the caller may see; for ward officials a form to
// create one and the household list to tick deliveries off; for everyone the
// round's progress per unit, in the panel and on the map. Deliveries marked
// elsewhere (another official, another tab) arrive as 'aid' live events of the
// open round and refetch the summary, progress and household list.
import { formatDate } from '../i18n/format.ts';
import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { ProgressResponse, RoundResponse, RoundsResponse } from '../../../server/aid/aid.schemas.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import type { ToolContext, ToolDefinition } from '../tools/tools.ts';
import { AID_TEXT, aidText, type AidTextKey } from './aid.strings.ts';
import { CreateRoundForm } from './create-round-form.tsx';
import { AID_LAYER_KEY, buildAidProgressLayers, progressLabel, type ProgressPoint } from './progress-layers.ts';
import { RoundHouseholds } from './round-households.tsx';

type Round = Static<typeof RoundResponse>;
type Rounds = Static<typeof RoundsResponse>;
type Progress = Static<typeof ProgressResponse>;
const LEVELS = ['block', 'neighbourhood', 'ward', 'district'] as const;

function AidTool({ context }: { context: ToolContext }) {
  const { language, t } = useT();
  const text = (key: AidTextKey, values?: Record<string, unknown>) => aidText(key, language, values);
  const official = context.me.role === 'ward_official';
  const [refresh, setRefresh] = useState(0);
  const [roundId, setRoundId] = useState<number | null>(null);
  const [level, setLevel] = useState<(typeof LEVELS)[number]>(official ? 'block' : 'ward');
  const [delivered, setDelivered] = useState(0);
  useEffect(() => (roundId === null ? undefined : context.subscribeAid((change) => {
    if (change.roundId === roundId) setDelivered((n) => n + 1);
  })), [roundId, context.subscribeAid]);
  const version = context.version + refresh + delivered;
  const rounds = useApi<Rounds>('/api/aid-rounds', version);
  const round = useApi<Round>(roundId === null ? null : `/api/aid-rounds/${roundId}`, version);
  const progress = useApi<Progress>(roundId === null ? null : `/api/aid-rounds/${roundId}/progress?level=${level}`, version);

  useEffect(() => {
    if (roundId === null && rounds.data && rounds.data.rounds.length > 0) setRoundId(rounds.data.rounds[0]!.id);
  }, [rounds.data, roundId]);

  const { controller } = context;
  useEffect(() => {
    if (!controller) return;
    const points: ProgressPoint[] = (progress.data?.units ?? [])
      .filter((u): u is typeof u & { position: [number, number] } => u.position !== null)
      .map((u) => ({ unitId: u.unitId, position: u.position, total: u.total, delivered: u.delivered }));
    controller.setExtraLayers(AID_LAYER_KEY, roundId === null ? [] : buildAidProgressLayers(points));
  }, [controller, progress.data, roundId]);
  useEffect(() => () => controller?.setExtraLayers(AID_LAYER_KEY, []), [controller]);

  const r = round.data;
  return (
    <section className="panel aid-tool" data-testid="aid-tool">
      <h2>{text('title')}</h2>
      {rounds.error && <ErrorNote error={rounds.error} />}
      <h3>{text('rounds')}</h3>
      {rounds.data && rounds.data.rounds.length === 0 && <p className="muted">{text('noRounds')}</p>}
      {rounds.data && rounds.data.rounds.length > 0 && (
        <select data-testid="aid-round-select" value={roundId ?? ''} onChange={(e) => setRoundId(Number(e.target.value))}>
          {rounds.data.rounds.map((x) => <option key={x.id} value={x.id}>{x.name} — {x.date}</option>)}
        </select>
      )}
      {r && (
        <div className="aid-round" data-testid="aid-round" data-round-id={r.id}>
          <p data-testid="aid-summary"><strong>{text('summary', { delivered: r.deliveredCount, total: r.householdCount })}</strong></p>
          <p className="muted">{text('createdBy', { user: r.createdBy, date: formatDate(r.date, language) })}</p>
        </div>
      )}
      {roundId !== null && (
        <>
          <h3>{text('progress')}</h3>
          <label>{text('level')}{' '}
            <select data-testid="aid-level" value={level} onChange={(e) => setLevel(e.target.value as (typeof LEVELS)[number])}>
              {LEVELS.map((l) => <option key={l} value={l}>{t(l)}</option>)}
            </select>
          </label>
          {progress.error && <ErrorNote error={progress.error} />}
          {progress.data && (
            <table className="aid-progress" data-testid="aid-progress">
              <tbody>
                {progress.data.units.map((u) => (
                  <tr key={u.unitId} data-testid="aid-progress-unit" data-unit-id={u.unitId} onClick={() => context.onSelectUnit(u.unitId)}>
                    <th scope="row">{u.name}</th><td>{progressLabel(u)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {roundId !== null && r?.canListHouseholds && (
        <RoundHouseholds roundId={roundId} selectedId={context.selectedId} version={version} onChanged={() => setRefresh((n) => n + 1)} onLocate={context.onLocateHousehold} />
      )}
      {r && !r.canListHouseholds && <p className="note">{text('progressOnly')}</p>}
      {(official || context.me.role === 'admin') && <CreateRoundForm context={context} onCreated={(created) => { setRoundId(created.id); setRefresh((n) => n + 1); }} />}
    </section>
  );
}

export const aidTool: ToolDefinition = {
  id: 'aid',
  label: AID_TEXT.tab,
  roles: ['ward_official', 'admin', 'city_leader', 'planner'],
  render: (context) => <AidTool context={context} />,
};
