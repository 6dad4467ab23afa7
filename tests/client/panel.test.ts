import { describe, expect, it } from 'vitest';
import type { UnitChild } from '../../client/src/api/types.ts';
import { describeReasons } from '../../client/src/panel/reasons.ts';
import { buildPolylines, computeCoverageSeries, computePositivitySeries, computeWeeklyRateSeries, listDates } from '../../client/src/panel/series.ts';
import { rankCount, sortChildren } from '../../client/src/panel/sort-children.ts';

const day = (date: string, communityCases: number, tests = 0, positives = 0, dose1 = 0) => ({ date, communityCases, tests, positives, doses: [dose1, 0, 0, 0, 0] });

describe('trend series', () => {
  it('sums community cases over 14 days per 100k per week', () => {
    const series = computeWeeklyRateSeries([day('2021-10-01', 10), day('2021-10-14', 10), day('2021-10-15', 4)], 10_000, '2021-10-14', '2021-10-15');
    expect(series).toEqual([{ date: '2021-10-14', value: 100 }, { date: '2021-10-15', value: 70 }]);
  });

  it('gives gaps, not zeros, without a population or tests', () => {
    expect(computeWeeklyRateSeries([], null, '2021-10-01', '2021-10-01')).toEqual([{ date: '2021-10-01', value: null }]);
    expect(computePositivitySeries([], '2021-10-01', '2021-10-01')).toEqual([{ date: '2021-10-01', value: null }]);
  });

  it('gives a gap where a count was suppressed ("<5")', () => {
    const suppressed = { ...day('2021-10-14', 0), communityCases: '<5' as unknown as number };
    expect(computeWeeklyRateSeries([suppressed], 1000, '2021-10-14', '2021-10-14')).toEqual([{ date: '2021-10-14', value: null }]);
  });

  it('computes 7-day positivity', () => {
    const [p] = computePositivitySeries([day('2021-10-01', 0, 10, 1), day('2021-10-07', 0, 10, 3)], '2021-10-07', '2021-10-07');
    expect(p?.value).toBeCloseTo(0.2);
  });

  it('moves coverage back and forward from its anchor by first doses', () => {
    const series = computeCoverageSeries([day('2021-10-02', 0, 0, 0, 10), day('2021-10-03', 0, 0, 0, 20)], 100, 0.5, '2021-10-02', '2021-10-01', '2021-10-03');
    expect(series.map((p) => p.value)).toEqual([0.4, 0.5, 0.7]);
  });

  it('lists dates inclusively across a month end', () => {
    expect(listDates('2021-10-30', '2021-11-02')).toEqual(['2021-10-30', '2021-10-31', '2021-11-01', '2021-11-02']);
  });

  it('splits a polyline at gaps', () => {
    expect(buildPolylines([{ date: 'a', value: 1 }, { date: 'b', value: null }, { date: 'c', value: 0 }], 2, 10, 1)).toEqual(['0.0,0.0', '2.0,10.0']);
  });
});

const child = (id: number, name: string, tierIndex: number, cases7d: number, casesPer100kPerWeek: number | null): UnitChild =>
  ({ id, code: String(id), name, level: 'ward', population: 1000, tier: null, tierIndex, communityCases14d: 0, cases7d, casesPer100kPerWeek });

describe('children table order', () => {
  const rows = [child(1, 'Phường 10', 0, 5, 10), child(2, 'Phường 2', 4, 1, null), child(3, 'Phường 1', 3, 9, 200), child(4, 'Phường 3', -1, 0, 0)];
  it('puts the riskiest first, insufficient data below graded tiers and ungraded last', () => {
    expect(sortChildren(rows, 'tier', true, 4).map((r) => r.id)).toEqual([3, 1, 2, 4]);
  });
  it('sorts an indicator either way with nulls last', () => {
    expect(sortChildren(rows, 'casesPer100kPerWeek', true, 4).map((r) => r.id)).toEqual([3, 1, 4, 2]);
    expect(sortChildren(rows, 'casesPer100kPerWeek', false, 4).map((r) => r.id)).toEqual([4, 1, 3, 2]);
  });
  it('orders suppressed counts below shown ones', () => {
    expect([rankCount(3), rankCount('<5'), rankCount('≥5'), rankCount('?'), rankCount(null)]).toEqual([3, 0, 5, null, null]);
  });

  it('sorts names in Vietnamese order with numbers as numbers', () => {
    expect(sortChildren(rows, 'name', false, 4).map((r) => r.name)).toEqual(['Phường 1', 'Phường 2', 'Phường 3', 'Phường 10']);
  });
});

describe('reasons in plain words', () => {
  const reasons = [
    { kind: 'band', indicator: 'casesPer100kPerWeek', value: 294.01, valueUsed: 294, interval: '[150, ∞)', band: { level: 4 } },
    { kind: 'adjustment', description: { vi: 'tăng 1 cấp', en: 'one level up' }, applied: true, from: '3', to: '4' },
    { kind: 'something-new' },
    null,
  ];
  it('describes bands and adjustments in the language shown and skips what it does not know', () => {
    const tierLabel = (id: string) => `Cấp ${id}`;
    expect(describeReasons(reasons, { language: 'vi', tierLabel })).toEqual([
      'Ca mắc cộng đồng/100.000 dân/tuần (trung bình 14 ngày): 294, trong khoảng [150, ∞) → mức 4',
      'tăng 1 cấp: đã áp dụng (3 → 4)',
    ]);
    expect(describeReasons(reasons, { language: 'en', tierLabel })[1]).toBe('one level up: applied (3 → 4)');
  });
});
