/**
 * Plain-words summary of a risk result in Vietnamese and English, built only
 * from its reasons (nothing is recomputed here).
 */
import { INDICATOR_CATALOG, type IndicatorName, type LocalText } from './indicator-catalog.ts';
import type { RiskReason, RiskResult } from './risk-result.ts';
import type { RuleSet } from './rule-set-schema.ts';

function formatValue(name: IndicatorName | null, value: number, lang: 'vi' | 'en'): string {
  const isFraction = name !== null && INDICATOR_CATALOG[name].kind === 'fraction';
  const shown = isFraction ? Number((value * 100).toFixed(1)) : Number(value.toFixed(2));
  const text = lang === 'vi' ? String(shown).replace('.', ',') : String(shown);
  return isFraction ? `${text}%` : text;
}

function tierName(ruleSet: RuleSet, id: string, lang: 'vi' | 'en'): string {
  return ruleSet.tiers.find((t) => t.id === id)?.label[lang] ?? id;
}

function describeReason(ruleSet: RuleSet, r: RiskReason, lang: 'vi' | 'en'): string | null {
  const vi = lang === 'vi';
  switch (r.kind) {
    case 'band': {
      const label = INDICATOR_CATALOG[r.indicator].label[lang];
      const rounded = r.valueUsed !== r.value
        ? ` → ${formatValue(r.indicator, r.valueUsed, lang)} (${vi ? 'làm tròn' : 'rounded'})` : '';
      return `${label} ${formatValue(r.indicator, r.value, lang)}${rounded} ${vi ? 'thuộc khoảng' : 'in band'} ${r.interval} → ${vi ? 'mức' : 'level'} ${r.band.level}`;
    }
    case 'indicatorMissing':
      return `${INDICATOR_CATALOG[r.indicator].label[lang]}: ${vi ? 'không có số liệu, bỏ qua' : 'unknown, skipped'}`;
    case 'matrix': {
      const basis = 'indicator' in r.basis
        ? (r.basis.value === null
          ? `${INDICATOR_CATALOG[r.basis.indicator].label[lang]} ${vi ? 'không rõ' : 'unknown'}`
          : `${INDICATOR_CATALOG[r.basis.indicator].label[lang]} ${formatValue(r.basis.indicator, r.basis.value, lang)} ${r.column === 'met' ? '≥' : '<'} ${formatValue(r.basis.indicator, r.basis.atLeast, lang)}`)
        : `${vi ? 'năng lực đáp ứng' : 'response capacity'} ${r.basis.value ?? (vi ? 'không rõ' : 'unknown')}`;
      const assumed = r.assumed ? (vi ? ` (giả định "${r.column}")` : ` (assumed "${r.column}")`) : '';
      return `${vi ? 'ma trận: mức' : 'matrix: level'} ${r.level}, ${basis}${assumed} → ${tierName(ruleSet, r.tier, lang)}`;
    }
    case 'adjustment':
      if (!r.applied) return null;
      return `${r.description[lang]} (${vi ? 'áp dụng' : 'applied'}: ${r.from} → ${r.to})`;
    case 'rule':
      return r.matched ? `${r.description[lang]} → ${tierName(ruleSet, r.tier, lang)}` : null;
    case 'otherwise':
      return `${vi ? 'không quy tắc nào khớp' : 'no rule matched'} → ${tierName(ruleSet, r.tier, lang)}`;
    case 'insufficientData': {
      const pop = r.population === null ? (vi ? 'không rõ' : 'unknown') : String(r.population);
      return `${vi ? 'không đủ dữ liệu' : 'insufficient data'}: ${r.causes.map((cause) => cause[lang]).join('; ')} (${vi ? 'dân số' : 'population'} ${pop})`;
    }
    case 'childShares':
      return vi
        ? `${r.childrenWithData} đơn vị con có dữ liệu, ${r.childrenWithoutData} không có`
        : `${r.childrenWithData} child units with data, ${r.childrenWithoutData} without`;
    case 'shareRule':
      return r.matched ? `${r.description[lang]} → ${tierName(ruleSet, r.tier, lang)}` : null;
    default:
      return null;
  }
}

/**
 * One or two sentences per language: the tier's label, then each band, the
 * matrix cell, applied adjustments, the matched rule or the insufficient-data
 * causes. Vietnamese uses a decimal comma; fractions are shown as percentages.
 */
export function buildSummary(ruleSet: RuleSet, result: RiskResult): LocalText {
  const build = (lang: 'vi' | 'en'): string => {
    const parts = result.reasons.map((r) => describeReason(ruleSet, r, lang)).filter((p): p is string => p !== null);
    return `${result.tierLabel[lang]}: ${parts.join('; ')}.`;
  };
  return { vi: build('vi'), en: build('en') };
}
