// The form a ward official creates a round with: name, zone (the selected
// unit, their whole area, or a saved zone), household flags and an optional
// tier threshold.
import { describeApiError } from '../i18n/api-error.ts';
import { useState } from 'react';
import type { Static } from 'typebox';
import type { RoundResponse } from '../../../server/aid/aid.schemas.ts';
import { ApiError, requestJson } from '../api/api-client.ts';
import type { UnitColumns } from '../api/types.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import type { ToolContext } from '../tools/tools.ts';
import { aidText } from './aid.strings.ts';

type Round = Static<typeof RoundResponse>;
const FLAGS = ['activeCase', 'caseInBlock14d', 'unvaccinatedMember65', 'overdueSecondDose'] as const;
type Flag = (typeof FLAGS)[number];
const TIER_LEVELS = ['block', 'neighbourhood', 'ward'] as const;
/** One option a line (the shared stylesheet has no rule for this form). */
const LINE = { display: 'block', margin: '2px 0' } as const;

export function CreateRoundForm({ context, onCreated }: { context: ToolContext; onCreated(round: Round): void }) {
  const { language, t } = useT();
  const text = (key: Parameters<typeof aidText>[0], values?: Record<string, unknown>) => aidText(key, language, values);
  const own = context.me.jurisdiction?.unitId ?? null;
  const [name, setName] = useState('');
  const [zone, setZone] = useState<'selected' | 'own' | 'saved'>(own !== null ? 'own' : 'selected');
  const [zoneId, setZoneId] = useState<number | null>(null);
  const [flags, setFlags] = useState<Set<Flag>>(new Set(['activeCase', 'caseInBlock14d']));
  const [useTier, setUseTier] = useState(false);
  const [tierLevel, setTierLevel] = useState<(typeof TIER_LEVELS)[number]>('block');
  const [atLeast, setAtLeast] = useState<string>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const zones = useApi<{ zones: { id: number; name: string }[] }>('/api/zones');
  const legend = useApi<UnitColumns>(useTier ? `/api/units?level=ward&date=${context.date}&ruleSet=${encodeURIComponent(context.ruleSet)}` : null);
  const tiers = legend.data?.tiers.slice(0, -1) ?? [];
  const selected = useApi<{ unit: { name: string; level: string } }>(context.selectedId !== null ? `/api/units/${context.selectedId}?date=${context.date}` : null);
  const selectedName = context.selectedId === null ? '—' : (selected.data?.unit.name ?? `#${context.selectedId}`);
  // The city is never a zone (the API refuses it); other units outside the caller's area are refused with a message naming them.
  const selectable = context.selectedId !== null && selected.data?.unit.level !== 'city';

  const toggle = (flag: Flag) => setFlags((current) => {
    const next = new Set(current);
    if (next.has(flag)) next.delete(flag); else next.add(flag);
    return next;
  });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const where = zone === 'saved' ? { zoneId: zoneId ?? undefined } : { unitIds: [zone === 'selected' || own === null ? context.selectedId : own] };
    const criteria = {
      flags: [...flags],
      tier: useTier && (atLeast || tiers[0]) ? { ruleSet: context.ruleSet, level: tierLevel, atLeast: atLeast || (tiers[0]?.id ?? '') } : null,
    };
    try {
      const round = await requestJson<Round>('/api/aid-rounds', { method: 'POST', body: { name: name.trim() || text('defaultName', { date: context.date }), date: context.date, criteria, ...where } });
      onCreated(round);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'CLIENT', String(caught)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="aid-create" data-testid="aid-create-form" onSubmit={submit}>
      <h3>{text('newRound')}</h3>
      <label style={LINE}>{text('name')} <input data-testid="aid-name" value={name} placeholder={text('defaultName', { date: context.date })} onChange={(e) => setName(e.target.value)} /></label>
      <fieldset>
        <legend>{text('zone')}</legend>
        <label style={LINE}><input type="radio" name="aid-zone" data-testid="aid-zone-selected" checked={zone === 'selected'} disabled={!selectable} onChange={() => setZone('selected')} /> {text('zoneSelected', { name: selectedName })}</label>
        <label style={LINE}><input type="radio" name="aid-zone" data-testid="aid-zone-own" checked={zone === 'own'} disabled={own === null} onChange={() => setZone('own')} /> {text('zoneOwn')}</label>
        {zones.data && zones.data.zones.length > 0 && (
          <label style={LINE}>
            <input type="radio" name="aid-zone" checked={zone === 'saved'} onChange={() => setZone('saved')} /> {text('zoneSaved')}{' '}
            <select value={zoneId ?? ''} onChange={(e) => { setZoneId(Number(e.target.value)); setZone('saved'); }}>
              <option value="" disabled>—</option>
              {zones.data.zones.map((z) => <option key={z.id} value={z.id}>{z.name}</option>)}
            </select>
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>{text('criteria')}</legend>
        {FLAGS.map((flag) => (
          <label key={flag} style={LINE}><input type="checkbox" data-testid={`aid-flag-${flag}`} checked={flags.has(flag)} onChange={() => toggle(flag)} /> {text(flag)}</label>
        ))}
        <label style={LINE}>
          <input type="checkbox" data-testid="aid-tier" checked={useTier} onChange={(e) => setUseTier(e.target.checked)} /> {text('tierAtLeast')}{' '}
          <select value={tierLevel} disabled={!useTier} onChange={(e) => setTierLevel(e.target.value as (typeof TIER_LEVELS)[number])}>
            {TIER_LEVELS.map((l) => <option key={l} value={l}>{t(l)}</option>)}
          </select>{' '}
          {text('tierOrAbove')}{' '}
          <select value={atLeast || (tiers[0]?.id ?? '')} disabled={!useTier} onChange={(e) => setAtLeast(e.target.value)}>
            {tiers.map((t) => <option key={t.id} value={t.id}>{t.label[language]}</option>)}
          </select>
        </label>
      </fieldset>
      <button type="submit" data-testid="aid-create" disabled={busy || (zone === 'saved' && zoneId === null)}>{busy ? text('creating') : text('create')}</button>
      {error && <p className="note error" role="alert" data-testid="aid-create-error">{describeApiError(error, language)}</p>}
      {legend.error && <ErrorNote error={legend.error} />}
    </form>
  );
}
