// #16 pts 4–5 in the client: numbers in the locale, API errors from code and
// details, reasons from structured data, and the case windows a caller may see.
import { describe, expect, it } from 'vitest';
import { describeApiError } from '../../client/src/i18n/api-error.ts';
import { formatDate, formatInterval, formatNumber, formatPercent } from '../../client/src/i18n/format.ts';
import { MESSAGES } from '../../client/src/i18n/messages.ts';
import { pickCaseWindows } from '../../client/src/panel/case-windows.ts';
import { describeReasons } from '../../client/src/panel/reasons.ts';
import { listDates } from '../../client/src/panel/series.ts';
import { listRaisedFlags } from '../../client/src/households/household-types.ts';
import { findLevelRuleSet, formatGradingQuery, isLevelNotGraded, parseGradingValue, pickInitialGrading } from '../../client/src/state/grading.ts';

const CAMEL_CASE = /\b[a-z]+[A-Z][A-Za-z0-9]*\b/;

describe('numbers, percentages and dates in the language\'s locale', () => {
  it.each([
    ['vi', 0.397, '39,7%', 1401.94, '1.401,9', '2021-10-31', '31/10/2021'],
    ['en', 0.397, '39.7%', 1401.94, '1,401.9', '2021-10-31', '31 Oct 2021'],
  ] as const)('%s', (language, share, percent, rate, number, iso, date) => {
    expect(formatPercent(share, language)).toBe(percent);
    expect(formatNumber(rate, language)).toBe(number);
    expect(formatDate(iso, language)).toBe(date);
    expect(formatPercent(null, language)).toBe('—');
  });

  it('writes band intervals in the locale, shares as percentages', () => {
    expect(formatInterval('[1000, ∞)', 'vi')).toBe('[1.000, ∞)');
    expect(formatInterval('[0.7, 0.9)', 'vi', 100)).toBe('[70%, 90%)');
  });
});

describe('API errors from their code and details', () => {
  it('renders a self-crossing zone in Vietnamese with the point in the locale', () => {
    const text = describeApiError({ status: 400, code: 'ZONE_SELF_INTERSECTION', details: { path: 'geometry polygon 0 ring 0', at: [106.71, 10.79], crossings: 1 } }, 'vi');
    expect(text).toBe('Đa giác tự cắt chính nó tại điểm 10,79000° B, 106,71000° Đ. Hãy vẽ lại sao cho các cạnh không cắt nhau.');
  });

  it('names the levels a rule set grades when it does not grade the one asked', () => {
    const error = { status: 400, code: 'RULE_SET_LEVEL_NOT_GRADED', details: { ruleSetId: 'hcmc-2716', levels: ['neighbourhood', 'block'], level: 'city' } };
    expect(describeApiError(error, 'vi', () => 'Kế hoạch 2716')).toBe('Quy định Kế hoạch 2716 không đánh giá cấp thành phố; quy định này chỉ đánh giá: tổ dân phố, khối.');
    expect(describeApiError(error, 'en', () => 'Plan 2716')).toBe('Rule set Plan 2716 does not grade the city level; it grades: residential group, block.');
  });

  it('falls back to a sentence with the code for a code it does not know, and to the network text with no answer', () => {
    expect(describeApiError({ status: 418, code: 'TEAPOT', details: null }, 'vi')).toBe('Lỗi khi tải dữ liệu (mã TEAPOT).');
    expect(describeApiError({ status: 0, code: 'NETWORK', details: null }, 'vi')).toBe('Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.');
  });

  it('has a message for every server error code in both languages', async () => {
    const { ERRORS } = await import('../../server/errors.ts');
    for (const code of Object.keys(ERRORS)) {
      for (const language of ['vi', 'en'] as const) expect({ code, language, has: `err_${code}` in MESSAGES[language] }).toEqual({ code, language, has: true });
    }
  });
});

describe('reasons from structured data', () => {
  const tierLabel = (id: string) => ({ 3: 'Cấp 3 – Nguy cơ cao (cam)', 4: 'Cấp 4 – Nguy cơ rất cao (đỏ)' }[id] ?? id);
  const reasons = [
    { kind: 'band', indicator: 'casesPer100k7d', value: null, valueUsed: null, interval: '[100, ∞)', band: { level: 4 } },
    { kind: 'band', indicator: 'positivity7d', value: 0.39, valueUsed: 0.39, interval: '[0.2, 1]', band: { level: 4 } },
    { kind: 'matrix', level: 3, column: 'notMet', basis: { indicator: 'coverage1Dose18', value: null, atLeast: 0.7 }, assumed: true, tier: '3' },
    { kind: 'insufficientData', causes: [{ vi: 'dân số 792 dưới mức tối thiểu 1000', en: 'population 792 is below the minimum 1000' }] },
    { kind: 'rule', matched: false, tier: '4', description: { vi: 'không khớp', en: 'no match' } },
  ];

  it('names indicators, formats values and tiers, says "withheld" and "assumed" in words, and has no raw name or doubled prefix', () => {
    const lines = describeReasons(reasons, { language: 'vi', tierLabel });
    expect(lines).toEqual([
      'Ca mắc mới/100.000 dân trong 7 ngày: giá trị được ẩn (số nhỏ), trong khoảng [100, ∞) → mức 4',
      'Tỷ lệ xét nghiệm PCR dương tính (7 ngày): 39,0%, trong khoảng [20%, 100%] → mức 4',
      'Tỷ lệ người từ 18 tuổi tiêm ít nhất 1 mũi: chưa rõ (ngưỡng 70,0%) (chưa có số liệu, giả định theo quy định) → Cấp 3 – Nguy cơ cao (cam)',
      'Không đủ dữ liệu để đánh giá: dân số 792 dưới mức tối thiểu 1000',
    ]);
    for (const line of lines) expect(line).not.toMatch(CAMEL_CASE);
  });
});

describe('case windows the caller may see', () => {
  const days = (values: Array<number | string>) => values.map((cases, i) => ({ date: `2021-10-0${i + 1}`, cases }));

  it('draws days when none is withheld', () => {
    const windows = pickCaseWindows(days([1, 0, 7]), undefined, '2021-10-01', '2021-10-03', listDates);
    expect(windows).toMatchObject({ mode: 'daily', threshold: null });
    expect(windows.bars.map((b) => b.value)).toEqual([1, 0, 7]);
  });

  it('draws weeks when a day is withheld and the API gives weeks, keeping withheld weeks as withheld', () => {
    const weeks = [{ from: '2021-09-27', to: '2021-10-03', cases: '<5' }, { from: '2021-10-04', to: '2021-10-10', cases: 12 }];
    const windows = pickCaseWindows(days([1, '<5', 7]), weeks, '2021-10-01', '2021-10-09', listDates);
    expect(windows).toMatchObject({ mode: 'weekly', threshold: 5 });
    expect(windows.bars.map((b) => [b.value, b.withheld])).toEqual([[null, '<5'], [12, null]]);
  });

  it('draws nothing (and the panel says why) when a day is withheld and there are no weeks', () => {
    expect(pickCaseWindows(days([1, '<5']), undefined, '2021-10-01', '2021-10-02', listDates)).toEqual({ mode: 'none', bars: [], threshold: 5 });
  });
});

describe('grading and households', () => {
  const profiles = [{ id: 'hcmc-2021', name: { vi: '', en: '' }, isDefault: true, problems: [], levels: { ward: 'moh-4800', block: 'hcmc-2716' } }];
  it('grades each level by the profile, or every level by a chosen rule set', () => {
    const grading = pickInitialGrading({ ruleSet: null });
    expect(formatGradingQuery(grading)).toBe('viewProfile=hcmc-2021');
    expect(findLevelRuleSet(grading, profiles, 'block')).toBe('hcmc-2716');
    expect(findLevelRuleSet(parseGradingValue('moh-218'), profiles, 'block')).toBe('moh-218');
    expect(pickInitialGrading({ ruleSet: 'hcmc-2716' })).toEqual({ kind: 'ruleSet', id: 'hcmc-2716' });
    const sets = [{ id: 'hcmc-2716', name: { vi: '', en: '' }, levels: ['neighbourhood', 'block'], effectiveFrom: '2021-01-01', effectiveTo: null }];
    expect(isLevelNotGraded('hcmc-2716', sets, 'ward')).toBe(true);
    expect(isLevelNotGraded('hcmc-2716', sets, 'block')).toBe(false);
  });

  it('lists raised flags in order, pending retest optional', () => {
    expect(listRaisedFlags({ overdueSecondDose: true, activeCase: true })).toEqual(['activeCase', 'overdueSecondDose']);
    expect(listRaisedFlags({ pendingRetest: true, caseInBlock14d: false })).toEqual(['pendingRetest']);
  });
});
