import { describe, expect, it } from 'vitest';
import { computeLuminance, pickLegendColours, shortenTierLabel, TIER_DISPLAY } from '../../client/src/map/tier-colours.ts';

const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

describe('legend colours', () => {
  it("keep the Ministry's four tiers and the insufficient grey", () => {
    expect(pickLegendColours([{ id: '1' }, { id: '2' }, { id: '3' }, { id: '4' }, { id: 'insufficient' }]))
      .toEqual(['1', '2', '3', '4', 'insufficient'].map((id) => TIER_DISPLAY[id]!.hex));
  });

  it("spread another set's five tiers along the ramp, darkening from the second tier on", () => {
    const colours = pickLegendColours([{ id: 'xanh' }, { id: 'can-xanh' }, { id: 'vang' }, { id: 'cam' }, { id: 'do' }, { id: 'insufficient' }]);
    expect(colours[0]).toBe(TIER_DISPLAY['1']!.hex);
    expect(colours[4]).toBe(TIER_DISPLAY['4']!.hex);
    expect(colours[5]).toBe(TIER_DISPLAY.insufficient!.hex);
    const l = colours.slice(2, 5).map((c) => computeLuminance(rgb(c)));
    expect(l[0]).toBeGreaterThan(l[1]!);
    expect(l[1]).toBeGreaterThan(l[2]!);
    expect(new Set(colours).size).toBe(colours.length);
  });

  it('shortens tier labels to their level name', () => {
    expect(shortenTierLabel('Cấp 3 – Nguy cơ cao (cam)')).toBe('Cấp 3');
    expect(shortenTierLabel('Xanh')).toBe('Xanh');
  });
});
