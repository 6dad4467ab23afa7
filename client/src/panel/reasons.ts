// The risk engine's reasons as short sentences for people, in the language
// shown. Unknown kinds of reason are skipped (the summary above still says
// everything); nothing here throws on unexpected shapes.
import type { Language } from '../i18n/messages.ts';

type Reason = Record<string, unknown>;

const INDICATOR_NAMES: Record<string, { vi: string; en: string }> = {
  casesPer100kPerWeek: { vi: 'Ca cộng đồng/100.000 dân/tuần', en: 'Community cases per 100k per week' },
  coverage1Dose18: { vi: 'Tỷ lệ từ 18 tuổi tiêm ≥1 mũi', en: 'Adults 18+ with ≥1 dose' },
  fullCoverage65: { vi: 'Tỷ lệ từ 65 tuổi tiêm đủ liều', en: 'People 65+ fully vaccinated' },
  caseHouseholds14d: { vi: 'Hộ có F0 trong 14 ngày', en: 'Case households in 14 days' },
  daysSinceLastCaseHousehold: { vi: 'Số ngày từ hộ F0 gần nhất', en: 'Days since the last case household' },
};

const nameOf = (indicator: unknown, language: Language) =>
  typeof indicator === 'string' ? (INDICATOR_NAMES[indicator]?.[language] ?? indicator) : '';

const formatNumber = (value: unknown, language: Language) =>
  typeof value === 'number' ? value.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: value < 1 ? 3 : 1 }) : '—';

const textOf = (text: unknown, language: Language) =>
  text && typeof text === 'object' && language in text ? String((text as Record<string, unknown>)[language]) : '';

/** One line per reason the engine gave. */
export function describeReasons(reasons: readonly unknown[], language: Language): string[] {
  const lines: string[] = [];
  for (const raw of reasons) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Reason;
    const band = r.band as { level?: number } | undefined;
    if (r.kind === 'band') {
      const level = language === 'vi' ? `mức ${band?.level ?? '?'}` : `level ${band?.level ?? '?'}`;
      lines.push(`${nameOf(r.indicator, language)}: ${formatNumber(r.valueUsed ?? r.value, language)} ∈ ${String(r.interval ?? '')} → ${level}`);
    } else if (r.kind === 'matrix') {
      const basis = r.basis as { indicator?: string; value?: number | null; atLeast?: number } | undefined;
      const percent = typeof basis?.value === 'number' ? `${formatNumber(basis.value * 100, language)}%` : language === 'vi' ? 'chưa rõ' : 'unknown';
      const threshold = typeof basis?.atLeast === 'number' ? `${formatNumber(basis.atLeast * 100, language)}%` : '';
      lines.push(`${nameOf(basis?.indicator, language)}: ${percent} (${language === 'vi' ? 'ngưỡng' : 'threshold'} ${threshold}) → ${language === 'vi' ? 'cấp' : 'tier'} ${String(r.tier ?? '?')}`);
    } else if (r.kind === 'adjustment') {
      const applied = r.applied === true;
      const state = applied ? (language === 'vi' ? 'đã áp dụng' : 'applied') : language === 'vi' ? 'không áp dụng' : 'not applied';
      lines.push(`${textOf(r.description, language)} — ${state}${applied ? ` (${String(r.from)} → ${String(r.to)})` : ''}`);
    } else if (r.kind === 'rule' || r.kind === 'firstMatch') {
      const description = textOf(r.description, language);
      if (description) lines.push(description);
    } else if (r.kind === 'insufficient') {
      lines.push(textOf(r.description, language) || (language === 'vi' ? 'Không đủ dữ liệu để đánh giá' : 'Not enough data to grade'));
    }
  }
  return lines;
}
