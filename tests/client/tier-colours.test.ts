import { describe, expect, it } from 'vitest';
import { computeLuminance, computeTierFill, pickTextColour, TIER_DISPLAY } from '../../client/src/map/tier-colours.ts';

/** Simulates deuteranopia (Machado et al. 2009, severity 1) on linear-ish sRGB, good enough to compare tiers. */
function deuteranopia([r, g, b]: readonly number[]): number[] {
  const m = [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ];
  return m.map((row) => Math.min(255, Math.max(0, (row[0] as number) * (r ?? 0) + (row[1] as number) * (g ?? 0) + (row[2] as number) * (b ?? 0))));
}

describe('tier colours', () => {
  it('darken steadily from tier 2 to tier 4, so tiers differ even in grey', () => {
    const l = ['2', '3', '4'].map((t) => computeLuminance(TIER_DISPLAY[t]!.rgb));
    expect(l[0]).toBeGreaterThan(l[1]!);
    expect(l[1]).toBeGreaterThan(l[2]!);
  });

  it('keep every pair of tiers apart for a deuteranope reader', () => {
    const tiers = ['1', '2', '3', '4', 'insufficient'];
    for (const a of tiers) {
      for (const b of tiers) {
        if (a >= b) continue;
        const [ca, cb] = [deuteranopia(TIER_DISPLAY[a]!.rgb), deuteranopia(TIER_DISPLAY[b]!.rgb)];
        const distance = Math.hypot(...ca.map((v, i) => v - (cb[i] as number)));
        expect({ pair: `${a}/${b}`, apart: distance > 40 }).toEqual({ pair: `${a}/${b}`, apart: true });
      }
    }
  });

  it.each([
    ['1', 200, [26, 150, 120, 200]],
    ['4', 255, [165, 15, 40, 255]],
    [null, 100, [225, 230, 235, 100]],
    ['unknown', 200, [225, 230, 235, 200]],
  ] as const)('fills tier %s with alpha %i', (tier, alpha, expected) => {
    expect(computeTierFill(tier, alpha)).toEqual(expected);
  });

  it("uses a city rule set's own colour for tiers it does not know", () => {
    expect(computeTierFill('5', 255, '#102030')).toEqual([16, 32, 48, 255]);
  });

  it('picks readable label colours', () => {
    expect(pickTextColour(TIER_DISPLAY['2']!.rgb)).toBe('black');
    expect(pickTextColour(TIER_DISPLAY['4']!.rgb)).toBe('white');
  });
});
