// Under the map legend, for a ward official: the household tiers, and before
// the zoom from which household points are drawn a hint to zoom in.
import { HOUSEHOLD_TIERS } from '../../../geo/risk/households.ts';
import { useT } from '../i18n/language.tsx';
import './households.css';
import { pickText } from '../i18n/messages.ts';

export function HouseholdLegend({ zoom, householdZoom, onZoomIn }: { zoom: number; householdZoom: number; onZoomIn(): void }) {
  const { t, language } = useT();
  const shown = zoom >= householdZoom;
  return (
    <section className="household-legend" data-testid="household-legend" data-shown={shown}>
      <strong>{t('householdsLegend')}</strong>
      {!shown && <p className="small"><button type="button" className="link" data-testid="households-hint" onClick={onZoomIn}>{t('householdsHint')}</button></p>}
      <ul>
        {Object.entries(HOUSEHOLD_TIERS).map(([id, tier]) => (
          <li key={id} data-household-tier={id}><span className="swatch round" style={{ background: tier.colour }} />{pickText(tier.label, language)}</li>
        ))}
      </ul>
    </section>
  );
}
