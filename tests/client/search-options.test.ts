import { describe, expect, it } from 'vitest';
import { listSearchOptions, moveActive } from '../../client/src/search/search-options.ts';

const unit = (id: number) => ({ id, code: `c${id}`, name: `Phường ${id}`, level: 'ward', bbox: null, path: [] });
const result = {
  units: [unit(1), unit(2)],
  households: [{ id: 7, address: '1 Lê Lợi', blockId: 3, position: null }, { id: 8, address: '2 Lê Lợi', blockId: 3, position: [106.7, 10.8] as [number, number] }],
};

describe('search options and arrow keys', () => {
  const options = listSearchOptions(result);

  it('lists units, then addresses; an address without a position cannot be picked', () => {
    expect(options.map((o) => o.key)).toEqual(['u1', 'u2', 'h7', 'h8']);
    expect(options.map((o) => o.disabled)).toEqual([false, false, true, false]);
  });

  it('moves down from nothing to the first, skips disabled options and wraps', () => {
    expect(moveActive(options, -1, 1)).toBe(0);
    expect(moveActive(options, 1, 1)).toBe(3);
    expect(moveActive(options, 3, 1)).toBe(0);
    expect(moveActive(options, -1, -1)).toBe(3);
    expect(moveActive(options, 3, -1)).toBe(1);
  });

  it('has nothing to move to in an empty or all-disabled list', () => {
    expect(moveActive([], -1, 1)).toBe(-1);
    expect(moveActive(listSearchOptions({ units: [], households: [result.households[0]!] }), -1, 1)).toBe(-1);
  });
});
