import { describe, expect, it } from 'vitest';
import { suppressChildren, suppressCount } from '../../../server/access/suppression.ts';

describe('small-number suppression', () => {
  it.each([
    [0, 0],
    [1, '<5'],
    [4, '<5'],
    [5, 5],
    [120, 120],
  ])('shows %i as %s', (value, shown) => {
    expect(suppressCount(value, 5)).toBe(shown);
  });

  it('hides a second child when one hidden child could be recovered from the total', () => {
    const values = [12, 3, 40, 7, 0];
    const shown = suppressChildren(values, 5);
    expect(shown).toEqual([12, '<5', 40, '≥5', 0]);
    // Differencing: total minus every shown number leaves two unknowns, never one.
    const total = values.reduce((s, v) => s + v, 0);
    const known = shown.filter((v): v is number => typeof v === 'number').reduce((s, v) => s + v, 0);
    expect(shown.filter((v) => typeof v === 'string')).toHaveLength(2);
    expect(total - known).toBe(10); // 3 + 7: the two hidden cells cannot be told apart
  });

  it('needs no second child when two are already hidden, and none when nothing is hidden', () => {
    expect(suppressChildren([1, 2, 30], 5)).toEqual(['<5', '<5', 30]);
    expect(suppressChildren([10, 20], 5)).toEqual([10, 20]);
  });

  it('follows the threshold setting', () => {
    expect(suppressChildren([9, 15, 30], 11)).toEqual(['<11', '≥11', 30]);
  });
});
