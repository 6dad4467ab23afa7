import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../server/access/policy.ts';
import { createLevelAnswerCache, viewKeyOf } from '../../../server/risk/level-answer-cache.ts';

const caller = (role: Caller['role'], jurisdiction: Caller['jurisdiction'] = null, userId = 1): Caller =>
  ({ userId, username: `u${userId}`, role, jurisdiction, sourceId: null, via: 'session' });

describe('level answer cache (#15 point 8)', () => {
  it('computes one answer per version and key, even when many ask at once', async () => {
    const cache = createLevelAnswerCache();
    let calls = 0;
    const compute = (text: string) => async () => { calls += 1; await new Promise((r) => setTimeout(r, 5)); return text; };
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get(7, 'block|2021-09-30||city_leader|-', compute('a'))));
    expect(new Set(answers)).toEqual(new Set(['a']));
    expect(calls).toBe(1);
    expect(await cache.get(7, 'block|2021-09-30||planner|-', compute('b'))).toBe('b');
    expect(calls).toBe(2);
    // A new version drops every answer of the old one.
    expect(await cache.get(8, 'block|2021-09-30||city_leader|-', compute('c'))).toBe('c');
    expect(calls).toBe(3);
    // A request that read an older version is answered afresh and changes nothing kept.
    expect(await cache.get(7, 'block|2021-09-30||city_leader|-', compute('old'))).toBe('old');
    expect(await cache.get(8, 'block|2021-09-30||city_leader|-', compute('never'))).toBe('c');
    expect(cache.computed).toBe(4);
  });

  it('does not keep a failed computation', async () => {
    const cache = createLevelAnswerCache();
    await expect(cache.get(1, 'k', () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    expect(await cache.get(1, 'k', async () => 'back')).toBe('back');
  });

  it('keys views by role and jurisdiction: two officials of different wards never share an answer', () => {
    const ward1 = viewKeyOf(caller('ward_official', { unitId: 11, level: 'ward' }));
    const ward2 = viewKeyOf(caller('ward_official', { unitId: 12, level: 'ward' }));
    const district = viewKeyOf(caller('ward_official', { unitId: 11, level: 'district' }));
    expect(new Set([ward1, ward2, district, viewKeyOf(caller('city_leader')), viewKeyOf(caller('planner')), viewKeyOf(caller('admin'))]).size).toBe(6);
    // Two city leaders see the same list.
    expect(viewKeyOf(caller('city_leader', null, 1))).toBe(viewKeyOf(caller('city_leader', null, 2)));
  });
});
