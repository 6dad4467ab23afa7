import { describe, expect, it } from 'vitest';
import { translate, MESSAGES } from '../../client/src/i18n/messages.ts';
import { parseLiveChange } from '../../client/src/live/use-live.ts';
import { findChangedTiers, snapshotTiers } from '../../client/src/state/use-map-tiers.ts';
import { formatViewUrl, parseViewUrl } from '../../client/src/state/view-url.ts';
import { stepDate } from '../../client/src/time/step-date.ts';

describe('view in the URL', () => {
  it('round-trips a view', () => {
    const view = { unitId: 12, date: '2021-10-31', ruleSet: 'hcmc-2716', language: 'en' as const, zoom: 14.5, center: [106.7, 10.78] as [number, number] };
    expect(parseViewUrl(`?${formatViewUrl(view)}`)).toEqual({ view, problems: [] });
  });

  it.each(['2021-13-45', '2021-02-30', '21-10-01', 'yesterday'])('refuses the date %s without throwing', (date) => {
    expect(parseViewUrl(`?date=${date}`).view.date).toBeNull();
  });

  it('reports unusable values instead of throwing, and keeps the rest', () => {
    const { view, problems } = parseViewUrl('?unit=abc&date=2021-02-30&z=99&c=500,1&lang=fr&rs=moh-4800');
    expect(view).toEqual({ unitId: null, date: null, ruleSet: 'moh-4800', language: null, zoom: null, center: null });
    expect(problems.map((p) => p.param)).toEqual(['unit', 'date', 'rs', 'lang', 'z', 'c'].filter((p) => p !== 'rs'));
  });
});

describe('live changes', () => {
  it('finds units whose tier changed for the same level, date and rule set only', () => {
    const before = snapshotTiers('ward|2021-10-31|moh-4800', { id: [1, 2, 3], tier: [0, 1, 2] });
    expect(findChangedTiers(before, 'ward|2021-10-31|moh-4800', { id: [1, 2, 3], tier: [0, 3, 2] })).toEqual([2]);
    expect(findChangedTiers(before, 'ward|2021-10-30|moh-4800', { id: [1, 2, 3], tier: [3, 3, 3] })).toEqual([]);
    expect(findChangedTiers(null, 'x', { id: [1], tier: [1] })).toEqual([]);
  });

  it('parses events and skips malformed ones', () => {
    expect(parseLiveChange('refresh', '{"id":5,"units":[1],"tiers":[[1,"moh-4800","3","2021-10-31"]],"days":["2021-10-31","2021-10-31"]}'))
      .toEqual({ id: 5, kind: 'refresh', units: [1], tiers: [[1, 'moh-4800', '3', '2021-10-31']], days: ['2021-10-31', '2021-10-31'] });
    expect(parseLiveChange('refresh', 'not json')).toBeNull();
    expect(parseLiveChange('reset', '{"reason":"x"}')?.units).toBeNull();
  });
});

describe('player and messages', () => {
  it('steps by day or week and wraps at the end', () => {
    expect(stepDate('2021-10-30', 1, '2021-10-01', '2021-10-31')).toBe('2021-10-31');
    expect(stepDate('2021-10-31', 1, '2021-10-01', '2021-10-31')).toBe('2021-10-01');
    expect(stepDate('2021-10-03', -7, '2021-10-01', '2021-10-31')).toBe('2021-10-01');
  });

  it('has every message in both languages and fills placeholders', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.vi).sort());
    expect(translate('vi', 'updatedAgo', { seconds: 5 })).toBe('Cập nhật 5 giây trước');
  });
});
