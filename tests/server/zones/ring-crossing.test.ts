import { kinks } from '@turf/turf';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFirstRingCrossing } from '../../../server/zones/ring-crossing.ts';

type Position = [number, number];
const close = (points: Position[]): Position[] => [...points, points[0]!];

/** A {n/k} star: every edge nearly a diameter, crossing most others (n² / 2 crossings in all). */
export function starRing(n: number, k: number, centre: Position = [106.7, 10.8], radius = 0.01): Position[] {
  const points = Array.from({ length: n }, (_, i): Position => {
    const angle = (2 * Math.PI * ((i * k) % n)) / n;
    return [centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle)];
  });
  return close(points);
}

describe('findFirstRingCrossing', () => {
  it.each([
    ['a square', close([[0, 0], [1, 0], [1, 1], [0, 1]]), null],
    ['a bow tie', close([[0, 0], [2, 2], [2, 0], [0, 2]]), [1, 1]],
    ['a vertex touching a far edge', close([[0, 0], [4, 0], [4, 4], [2, 0], [0, 4]]), [2, 0]],
    ['a triangle', close([[0, 0], [1, 0], [0, 1]]), null],
    ['a concave comb', close([[0, 0], [5, 0], [5, 3], [4, 3], [4, 1], [3, 1], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3]]), null],
  ] as const)('%s', (_name, ring, at) => {
    const found = findFirstRingCrossing(ring as unknown as Position[]);
    if (at === null) expect(found.kind).toBe('none');
    else expect(found).toMatchObject({ kind: 'crossing', at });
  });

  it('finds the same first crossing as turf kinks on random rings', () => {
    const point = fc.tuple(fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 })) as fc.Arbitrary<Position>;
    fc.assert(fc.property(fc.uniqueArray(point, { minLength: 3, maxLength: 12, selector: ([x, y]) => `${x},${y}` }), (points) => {
      const ring = close(points);
      const expected = kinks({ type: 'Polygon', coordinates: [ring] }).features[0]?.geometry.coordinates ?? null;
      const found = findFirstRingCrossing(ring);
      if (expected === null) expect(found.kind).toBe('none');
      else {
        expect(found.kind).toBe('crossing');
        if (found.kind === 'crossing') {
          expect(found.at[0]).toBeCloseTo(expected[0]!, 9);
          expect(found.at[1]).toBeCloseTo(expected[1]!, 9);
        }
      }
    }), { numRuns: 300 });
  });

  it('stops at the first crossing of a 6,000-point star instead of collecting 18 million', () => {
    const found = findFirstRingCrossing(starRing(6000, 2999));
    expect(found.kind).toBe('crossing');
  });

  it('refuses a ring whose segments overlap too much to check, instead of holding the loop', () => {
    // Long parallel diagonals: no crossing, but every box overlaps every other.
    const zigzag: Position[] = [];
    for (let i = 0; i < 4000; i++) zigzag.push(i % 2 === 0 ? [i * 0.001, 0] : [i * 0.001 + 100, 1]);
    const ring = close([...zigzag, [zigzag.at(-1)![0], 2], [0, 2]]);
    expect(findFirstRingCrossing(ring, 100_000)).toMatchObject({ kind: 'too-complex' });
  });
});
