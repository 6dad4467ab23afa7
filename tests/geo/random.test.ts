import { describe, expect, it } from 'vitest';
import { createRandom } from '../../geo/random.ts';

describe('createRandom', () => {
  it('gives the same sequence for the same seed', () => {
    const a = createRandom('hcmc');
    const b = createRandom('hcmc');
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });
  it('gives different sequences for different seeds', () => {
    expect(createRandom(1).next()).not.toEqual(createRandom(2).next());
  });
  it('keeps int within inclusive bounds and reaches both ends', () => {
    const r = createRandom('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(r.int(1, 3));
    expect([...seen].sort()).toEqual([1, 2, 3]);
  });
  it('never picks a zero weight', () => {
    const r = createRandom('w');
    for (let i = 0; i < 500; i++) expect(r.weighted([0, 1, 0, 2])).not.toBe(0);
  });
  it('refuses an empty pick and all-zero weights', () => {
    const r = createRandom('e');
    expect(() => r.pick([])).toThrow(RangeError);
    expect(() => r.weighted([0, 0])).toThrow(RangeError);
  });
  it('forks independent but reproducible streams', () => {
    expect(createRandom('s').fork('x').next()).toEqual(createRandom('s').fork('x').next());
    expect(createRandom('s').fork('x').next()).not.toEqual(createRandom('s').fork('y').next());
  });
});
