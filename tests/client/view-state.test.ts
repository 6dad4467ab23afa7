import { describe, expect, it } from 'vitest';
import { translate, MESSAGES } from '../../client/src/i18n/messages.ts';
import { parseLiveChange } from '../../client/src/live/use-live.ts';
import { findChangedTiers, snapshotTiers } from '../../client/src/state/use-map-tiers.ts';
import { formatViewUrl, parseViewUrl } from '../../client/src/state/view-url.ts';
import { clampToData, computeDateTicks, stepDate } from '../../client/src/time/step-date.ts';

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
  it('steps by day or week and stops at either end (no wrap)', () => {
    expect(stepDate('2021-10-30', 1, '2021-10-01', '2021-10-31')).toBe('2021-10-31');
    expect(stepDate('2021-10-31', 1, '2021-10-01', '2021-10-31')).toBe('2021-10-31');
    expect(stepDate('2021-10-28', 7, '2021-10-01', '2021-10-31')).toBe('2021-10-31');
    expect(stepDate('2021-10-03', -7, '2021-10-01', '2021-10-31')).toBe('2021-10-01');
  });

  it('holds a date within the data and says on which side it fell', () => {
    expect(clampToData('2021-08-01', '2021-08-02', '2021-09-30')).toEqual({ date: '2021-08-02', side: 'before' });
    expect(clampToData('2021-10-01', '2021-08-02', '2021-09-30')).toEqual({ date: '2021-09-30', side: 'after' });
    expect(clampToData('2021-08-02', '2021-08-02', '2021-09-30')).toBeNull();
    expect(clampToData('2000-01-01', null, '2021-09-30')).toBeNull();
  });

  it('labels the slider from the first to the last day of data', () => {
    const ticks = computeDateTicks('2021-08-02', '2021-09-30');
    expect(ticks[0]).toEqual({ date: '2021-08-02', offset: 0, label: '02/08' });
    expect(ticks.at(-1)).toEqual({ date: '2021-09-30', offset: 59, label: '30/09' });
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(6);
    for (const tick of ticks.slice(1, -1)) expect(new Date(`${tick.date}T00:00:00Z`).getUTCDay()).toBe(1);
    const offsets = ticks.map((t) => t.offset);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    // A long span is ticked at month starts; a single day has one tick.
    expect(computeDateTicks('2021-01-10', '2021-12-20').slice(1, -1).every((t) => t.date.endsWith('-01'))).toBe(true);
    expect(computeDateTicks('2021-08-02', '2021-08-02')).toHaveLength(1);
    // A narrow slider: one tick between the ends, away from both.
    const narrow = computeDateTicks('2021-08-15', '2021-11-14', 3, 0.3);
    expect(narrow).toHaveLength(3);
    expect(narrow[1]!.offset / narrow[2]!.offset).toBeGreaterThan(0.3);
    expect(narrow[1]!.offset / narrow[2]!.offset).toBeLessThan(0.7);
  });

  it('has every message in both languages and fills placeholders', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.vi).sort());
    expect(translate('vi', 'updatedAgo', { seconds: 5 })).toBe('Cập nhật 5 giây trước');
  });
});
