// Display colours for risk tiers: the one palette of the dashboard (via
// client/src/map/tier-colours.ts) and of every report format (PDF map,
// legend, table and charts; XLSX cells), so a tier looks the same
// everywhere. Pure, no I/O. The Ministry's names stay (xanh, vàng,
// cam, đỏ) but the shades are chosen for colour-blind readers: lightness
// falls steadily from tier 1 to tier 4 (so tiers differ in grey too), tier 1
// leans blue-green ("xanh" is both in Vietnamese) so it never reads like
// orange under deuteranopia, and every colour is backed by text in the
// legend, tooltips and panel. "Insufficient data" is neutral grey, drawn
// with a hatch so it is not mistaken for a light tier.

export type Rgba = [number, number, number, number];

/** Tier ids as the rule sets name them (MoH 4800: '1'…'4'), plus the engine's 'insufficient'. */
export const TIER_DISPLAY: Readonly<Record<string, { rgb: [number, number, number]; hex: string }>> = {
  '1': { rgb: [26, 150, 120], hex: '#1a9678' },
  '2': { rgb: [250, 215, 80], hex: '#fad750' },
  '3': { rgb: [240, 120, 40], hex: '#f07828' },
  '4': { rgb: [165, 15, 40], hex: '#a50f28' },
  insufficient: { rgb: [170, 170, 170], hex: '#aaaaaa' },
};

/** Units with no tier yet (nothing computed for the date). */
export const NO_TIER_RGB: [number, number, number] = [225, 230, 235];

/**
 * Fill colour of a unit for a tier id (null = not computed), with an alpha
 * 0–255. Unknown ids (a city's own rule set with more tiers) fall back to
 * the colour the rule set gives, when passed, else to no-tier grey.
 */
export function computeTierFill(tier: string | null | undefined, alpha = 200, ruleSetColour?: string): Rgba {
  const known = tier ? TIER_DISPLAY[tier] : undefined;
  if (known) return [...known.rgb, alpha];
  if (tier && ruleSetColour && /^#[0-9a-f]{6}$/i.test(ruleSetColour)) {
    const n = Number.parseInt(ruleSetColour.slice(1), 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
  }
  return [...NO_TIER_RGB, alpha];
}

/** Relative luminance (WCAG) of an sRGB colour, 0 (black) to 1 (white). */
export function computeLuminance([r, g, b]: readonly number[]): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r ?? 0) + 0.7152 * channel(g ?? 0) + 0.0722 * channel(b ?? 0);
}

/** Black or white, whichever reads better on the tier's colour (for labels on the map). */
export function pickTextColour(fill: readonly number[]): 'black' | 'white' {
  return computeLuminance(fill) > 0.35 ? 'black' : 'white';
}

/** Colour-blind-safe anchors, light teal to dark red, for rule sets whose tier ids we do not know. */
const RAMP: readonly [number, number, number][] = [TIER_DISPLAY['1']!.rgb, TIER_DISPLAY['2']!.rgb, TIER_DISPLAY['3']!.rgb, TIER_DISPLAY['4']!.rgb];

function sampleRamp(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const [a, b] = [RAMP[i] as number[], RAMP[i + 1] as number[]];
  const f = x - i;
  return [0, 1, 2].map((k) => Math.round((a[k] as number) + ((b[k] as number) - (a[k] as number)) * f)) as [number, number, number];
}

const toHex = (rgb: readonly number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/**
 * The display colour (hex) of each entry of a rule set's legend, in legend
 * order (tiers by order, then the insufficient tier last, as /api/units
 * gives it). Tier ids of the Ministry's scheme keep their colours; other
 * sets' tiers are spread along the same light-to-dark ramp by position, so
 * a five-tier set stays ordered in lightness too.
 */
export function pickLegendColours(legend: readonly { id: string }[]): string[] {
  const graded = legend.filter((t) => t.id !== 'insufficient');
  const known = graded.length === 4 && graded.every((t) => TIER_DISPLAY[t.id] !== undefined);
  return legend.map((entry) => {
    if (entry.id === 'insufficient') return TIER_DISPLAY.insufficient!.hex;
    if (known) return TIER_DISPLAY[entry.id]!.hex;
    const position = graded.findIndex((t) => t.id === entry.id);
    return toHex(sampleRamp(graded.length <= 1 ? 0 : position / (graded.length - 1)));
  });
}

/** Hex of the no-tier grey. */
export const NO_TIER_HEX = toHex(NO_TIER_RGB);

/** The short name of a tier label: "Cấp 3 – Nguy cơ cao (cam)" → "Cấp 3". */
export function shortenTierLabel(label: string): string {
  return label.split(' – ')[0] ?? label;
}
