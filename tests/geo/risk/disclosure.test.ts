import { describe, expect, it } from 'vitest';
import { hideCells, protectGroup, showShare, showWindow } from '../../../geo/risk/disclosure.ts';

// One city (1) with two districts (2, 3); district 2 has wards 4, 5, 6. One cell each unless stated.
const units = [{ id: 1, parentId: null }, { id: 2, parentId: 1 }, { id: 3, parentId: 1 }, { id: 4, parentId: 2 }, { id: 5, parentId: 2 }, { id: 6, parentId: 2 }];
const tree = (values: Record<number, number[]>, exact?: (id: number) => boolean) =>
  hideCells({ units, values: new Map(Object.entries(values).map(([k, v]) => [Number(k), v])), cells: Object.values(values)[0]!.length, threshold: 5, ...(exact ? { exact } : {}) });

describe('one suppression rule over cells', () => {
  it.each([
    // values, hidden, exact, totalHidden → hidden after
    [[12, 3, 40, 7, 0], [false, true, false, false, false], [false, false, false, false, false], false, [true, true, false, false, false]], // partner: the smallest of at least 9 (12), not 7
    [[3, 6, 0], [true, false, false], [false, false, false], false, [true, true, false]], // only 6 can pair (below 9: the largest)
    [[3, 2, 10], [true, true, false], [false, false, false], false, [true, true, false]], // two hidden already
    [[6, 8, 0], [false, false, false], [false, false, false], true, [false, true, false]], // hidden total: hide the largest child
    [[0, 0, 0], [false, false, false], [false, false, false], true, [false, false, false]],
  ])('protects a group %j', (values, hidden, exact, totalHidden, expected) => {
    expect(protectGroup(values, hidden, exact, totalHidden, 5)).toEqual(expected);
  });

  it('asks for the total to be hidden when the only other children are known exactly', () => {
    expect(protectGroup([3, 20], [true, false], [false, true], false, 5)).toBeNull();
  });

  it('hides a second ward when one ward is small under a shown district, and never leaves one hidden child under a shown total', () => {
    const hidden = tree({ 1: [30], 2: [20], 3: [10], 4: [2], 5: [9], 6: [9] });
    expect([4, 5, 6].map((id) => hidden.get(id)![0])).toEqual([true, true, false]);
    expect(hidden.get(1)![0]).toBe(false);
  });

  it('hides a child under a hidden parent so the children do not add up to it', () => {
    // District 3 is small (hidden); district 2 then needs a partner; ward 4, the largest, is hidden under it.
    const hidden = tree({ 1: [24], 2: [20], 3: [4], 4: [10], 5: [5], 6: [5] });
    expect(hidden.get(3)![0]).toBe(true);
    expect(hidden.get(2)![0]).toBe(true);
    expect(hidden.get(4)![0]).toBe(true);
  });

  it('hides the parent when a ward official knows every other child exactly', () => {
    const exact = (id: number) => id === 5 || id === 6;
    const hidden = tree({ 1: [30], 2: [20], 3: [10], 4: [2], 5: [9], 6: [9] }, exact);
    expect(hidden.get(4)![0]).toBe(true);
    expect(hidden.get(2)![0]).toBe(true); // forced: 20 − 9 − 9 would give ward 4
    expect(hidden.get(3)![0]).toBe(true); // and district 3 pairs with it under the shown city
  });

  it('shows a window exactly only when no day in it is hidden', () => {
    const values = [0, 6, 2, 7, 0, 0, 5, 9];
    const hidden = [false, false, true, false, false, false, false, false];
    expect(showWindow(values, hidden, 3, 7, 5)).toBe(21);
    expect(showWindow(values, hidden, 1, 7, 5)).toBe('≥5');
    expect(showWindow([0, 2, 0], [false, true, false], 0, 2, 5)).toBe('<5');
  });

  it.each([
    [0.5, 100, 0.5], [0.98, 100, null], [0.02, 100, null], [1, 100, 1], [0.95, 100, 0.95], [null, 100, null], [0.3, null, 0.3],
  ])('shows a share %s of %s people as %s', (share, population, shown) => {
    expect(showShare(share, population, 5)).toBe(shown);
  });
});
