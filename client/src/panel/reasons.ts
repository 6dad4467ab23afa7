// The risk engine's reasons (geo/risk/risk-result.ts) as short sentences in
// the language shown, built from their structured fields: indicator names
// from the message catalog, values and intervals in the locale, tier ids as
// the rule set's tier labels. Unknown kinds of reason are skipped; nothing
// here throws on unexpected shapes, and no raw field name reaches the page.
import { formatInterval, formatNumber, formatPercent } from '../i18n/format.ts';
import { MESSAGES, translate, type Language, type MessageKey } from '../i18n/messages.ts';

type Reason = Record<string, unknown>;
type Text = { vi: string; en: string };

const FRACTIONS = new Set(['positivity7d', 'coverage1Dose18', 'coverage1DoseTotal', 'fullCoverage18', 'fullCoverage50', 'fullCoverage65', 'fullCoverageTotal', 'boosterCoverage18']);
const WHOLE = new Set(['caseHouseholds7d', 'caseHouseholds14d', 'caseHouseholdsWithContact7d', 'caseHouseholdsWithContact14d', 'daysSinceLastCaseHousehold',
  'population', 'communityCases14d', 'communityCases7d', 'allCases14d', 'allCases7d', 'severeCases14d', 'deaths14d', 'testsPcr7d', 'positivePcr7d']);

/** The catalog name of an indicator, count or capacity input; a neutral word for one the catalog does not know. */
export function nameIndicator(indicator: unknown, language: Language): string {
  const key = `ind_${String(indicator)}` as MessageKey;
  return typeof indicator === 'string' && key in MESSAGES[language] ? translate(language, key) : translate(language, 'ind_unknown');
}

/** A value of an indicator in the locale: shares as percentages, counts whole, rates with one decimal. */
export function formatIndicatorValue(indicator: unknown, value: unknown, language: Language): string {
  if (typeof value === 'boolean') return translate(language, value ? 'yes' : 'no');
  if (typeof value === 'string') {
    const key = `capacity_${value}` as MessageKey;
    return key in MESSAGES[language] ? translate(language, key) : value;
  }
  if (typeof value !== 'number') return translate(language, 'unknownValue');
  if (FRACTIONS.has(String(indicator))) return formatPercent(value, language);
  return formatNumber(value, language, WHOLE.has(String(indicator)) ? 0 : 1);
}

const textOf = (text: unknown, language: Language): string =>
  text && typeof text === 'object' && language in text ? String((text as Text)[language]) : '';

export interface ReasonContext {
  language: Language;
  /** The rule set's label of a tier id (e.g. '4' → "Cấp 4 – Nguy cơ rất cao"). */
  tierLabel(id: string): string;
}

function describeOne(r: Reason, { language, tierLabel }: ReasonContext): string | null {
  const t = (key: MessageKey, values?: Record<string, string | number>) => translate(language, key, values);
  const tier = (id: unknown) => tierLabel(String(id));
  switch (r.kind) {
    case 'band': {
      const band = r.band as { level?: number } | undefined;
      const value = r.valueUsed ?? r.value;
      const interval = formatInterval(String(r.interval ?? ''), language, FRACTIONS.has(String(r.indicator)) ? 100 : 1);
      const values = { indicator: nameIndicator(r.indicator, language), value: formatIndicatorValue(r.indicator, value, language), interval, level: band?.level ?? '?' };
      return t(typeof value === 'number' ? 'reasonBand' : 'reasonBandWithheld', values);
    }
    case 'indicatorMissing':
      return t(r.optional ? 'reasonMissingOptional' : 'reasonMissing', { indicator: nameIndicator(r.indicator, language) });
    case 'combineMax': {
      const by = Array.isArray(r.decidedBy) ? r.decidedBy.map((i) => nameIndicator(i, language)).join(', ') : '';
      return t('reasonCombine', { level: String(r.level ?? '?'), indicators: by });
    }
    case 'matrix': {
      const basis = (r.basis ?? {}) as { indicator?: string; value?: unknown; atLeast?: number; capacity?: string };
      const text = basis.capacity
        ? t('reasonMatrixCapacity', { indicator: nameIndicator(basis.capacity, language), value: formatIndicatorValue(basis.capacity, basis.value, language) })
        : t('reasonMatrixBasis', { indicator: nameIndicator(basis.indicator, language), value: formatIndicatorValue(basis.indicator, basis.value, language), threshold: formatIndicatorValue(basis.indicator, basis.atLeast, language) });
      return t('reasonMatrix', { basis: r.assumed === true ? `${text} (${t('reasonAssumed')})` : text, tier: tier(r.tier) });
    }
    case 'adjustment': {
      const description = textOf(r.description, language);
      const stageTier = r.stage === 'tier';
      const show = (v: unknown) => (stageTier ? tier(v) : String(v));
      if (r.applied === true) return t('reasonAdjustmentApplied', { description, from: show(r.from), to: show(r.to) });
      const unknown = Array.isArray(r.checks) ? (r.checks as Array<{ subject?: string; value?: unknown }>).filter((c) => c.value === null).map((c) => nameIndicator(c.subject, language)) : [];
      const line = t('reasonAdjustmentNotApplied', { description });
      return unknown.length > 0 ? `${line} (${t('reasonMissing', { indicator: unknown.join(', ') })})` : line;
    }
    case 'tierFromLevel':
      return t('reasonTierFromLevel', { level: String(r.level ?? '?'), tier: tier(r.tier) });
    case 'rule':
      return r.matched === true ? t('reasonRuleMatched', { description: textOf(r.description, language), tier: tier(r.tier) }) : null;
    case 'shareRule':
      return r.matched === true ? t('reasonShareRule', { description: textOf(r.description, language), tier: tier(r.tier) }) : null;
    case 'otherwise':
      return t('reasonOtherwise', { tier: tier(r.tier) });
    case 'insufficientData': {
      const causes = Array.isArray(r.causes) ? r.causes.map((c) => textOf(c, language)).filter(Boolean).join('; ') : '';
      return causes ? t('reasonInsufficient', { causes }) : t('reasonInsufficientNoCause');
    }
    case 'childShares': {
      const byTier = Object.entries((r.childrenByTier ?? {}) as Record<string, number>).map(([id, n]) => `${tier(id)}: ${formatNumber(n, language, 0)}`).join('; ');
      return t('reasonChildShares', { withData: formatNumber(Number(r.childrenWithData ?? 0), language, 0), withoutData: formatNumber(Number(r.childrenWithoutData ?? 0), language, 0), byTier });
    }
    default:
      return null;
  }
}

/** One line per reason the engine gave (rules that did not match are left out). */
export function describeReasons(reasons: readonly unknown[], context: ReasonContext): string[] {
  const lines: string[] = [];
  for (const raw of reasons) {
    if (!raw || typeof raw !== 'object') continue;
    const line = describeOne(raw as Reason, context);
    if (line) lines.push(line);
  }
  return lines;
}
