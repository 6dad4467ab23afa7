// One household as a ward official reads it: address, members, flags, tier.
// Used by the map popup and, compact, by the block's household list.
import { useT } from '../i18n/language.tsx';
import { formatNumber } from '../i18n/format.ts';
import { pickText, type MessageKey } from '../i18n/messages.ts';
import { listRaisedFlags, type BlockHousehold } from './household-types.ts';

export function HouseholdCard({ household, address }: { household: Pick<BlockHousehold, 'householdId' | 'members' | 'tier' | 'colour' | 'tierLabel' | 'flags'>; address: string | null }) {
  const { t, language } = useT();
  const flags = listRaisedFlags(household.flags as Record<string, unknown>);
  return (
    <div className="household-card" data-testid="household-card" data-household-id={household.householdId} data-tier={household.tier}>
      <h3>{t('householdTitle')}</h3>
      <dl>
        <div><dt>{t('householdAddress')}</dt><dd data-testid="household-address">{address ?? '—'}</dd></div>
        <div><dt>{t('householdMembers')}</dt><dd data-testid="household-members">{formatNumber(household.members, language, 0)}</dd></div>
        <div>
          <dt>{t('householdTier')}</dt>
          <dd data-testid="household-tier"><span className="swatch" style={{ background: household.colour }} /> {pickText(household.tierLabel, language)}</dd>
        </div>
      </dl>
      <h4>{t('householdFlags')}</h4>
      {flags.length === 0 ? <p className="muted small">{t('householdNoFlags')}</p> : (
        <ul className="household-flags" data-testid="household-flags">
          {flags.map((key) => <li key={key} data-flag={key}>{t(`flag_${key}` as MessageKey)}</li>)}
        </ul>
      )}
    </div>
  );
}
