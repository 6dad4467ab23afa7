// The data-quality section: per district or ward, the shares of records
// unplaced, held, rejected and late and the last data day, as a table and as
// an extra layer on the map, so a leader sees where the map is blind.
import { useEffect, useState } from 'react';
import type { Static } from 'typebox';
import type { QualityResponse } from '../../../server/desk/desk.schemas.ts';
import { useT } from '../i18n/language.tsx';
import { ErrorNote } from '../panel/error-note.tsx';
import { useApi } from '../state/use-api.ts';
import type { ToolContext } from '../tools/tools.ts';
import { deskText, type DeskTextKey } from './desk.strings.ts';
import { QUALITY_LAYER_KEY, blindLabel, buildQualityLayers, daysBetween, type QualityPoint } from './quality-layers.ts';

type Quality = Static<typeof QualityResponse>;
/** A unit whose last data day is this many days before the city's is stale. */
const STALE_DAYS = 3;

const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`);

export function QualitySection({ context }: { context: ToolContext }) {
  const { language, t } = useT();
  const text = (key: DeskTextKey, values?: Record<string, unknown>) => deskText(key, language, values);
  const [level, setLevel] = useState<'district' | 'ward'>('district');
  const [shown, setShown] = useState(true);
  const quality = useApi<Quality>(`/api/desk/quality?level=${level}`, context.version);
  const { controller } = context;
  const lastDay = context.config.lastDataDay;

  useEffect(() => {
    if (!controller) return;
    const points: QualityPoint[] = (quality.data?.units ?? [])
      .filter((u): u is typeof u & { position: [number, number] } => u.position !== null)
      .map((u) => ({ unitId: u.unitId, position: u.position, blindShare: u.blindShare, stale: u.lastDataDay === null || (lastDay !== null && daysBetween(u.lastDataDay, lastDay) > STALE_DAYS) }));
    controller.setExtraLayers(QUALITY_LAYER_KEY, shown ? buildQualityLayers(points) : []);
  }, [controller, quality.data, shown, lastDay]);
  useEffect(() => () => controller?.setExtraLayers(QUALITY_LAYER_KEY, []), [controller]);

  return (
    <div data-testid="desk-quality">
      <h3>{text('qualityTitle')}</h3>
      <label><input type="checkbox" checked={shown} data-testid="desk-quality-show" onChange={(e) => setShown(e.target.checked)} /> {text('qualityShow')}</label>{' '}
      <label>{text('qualityLevel')}{' '}
        <select value={level} data-testid="desk-quality-level" onChange={(e) => setLevel(e.target.value as 'district' | 'ward')}>
          <option value="district">{t('district')}</option><option value="ward">{t('ward')}</option>
        </select>
      </label>
      <p className="small muted">{text('qualityLegend')}</p>
      {quality.error && <ErrorNote error={quality.error} />}
      {quality.data && (
        <table className="desk-table" data-testid="desk-quality-table">
          <thead><tr><th>{text('qualityUnit')}</th><th>{text('qualityBlind')}</th><th>{text('unplaced')}</th><th>{text('held')}</th><th>{text('rejectedShort')}</th><th>{text('late')}</th><th>{text('qualityFresh')}</th></tr></thead>
          <tbody>
            {quality.data.units.map((u) => (
              <tr key={u.unitId} data-testid="desk-quality-unit" data-unit-id={u.unitId} onClick={() => context.onSelectUnit(u.unitId)} style={{ cursor: 'pointer' }}>
                <th scope="row">{u.name}</th><td><strong>{blindLabel(u.blindShare)}</strong></td><td>{pct(u.unplacedShare)}</td><td>{pct(u.heldShare)}</td><td>{pct(u.rejectedShare)}</td><td>{pct(u.lateShare)}</td><td><small>{u.lastDataDay ?? '—'}</small></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
