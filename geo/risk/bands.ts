/**
 * Bands: rounding before banding, finding the band a value falls in, writing
 * a band as an interval, and checking that a list of bands covers [0, ∞)
 * exactly once.
 */
import type { Band, IndicatorRule } from './rule-set-schema.ts';

/** Edge convention of a band list: `lowerInclusive` = [from, to); `upperInclusive` = (from, to], a band from 0 also includes 0. */
export type EdgeConvention = IndicatorRule['edges'];

/**
 * Rounds half up to `decimals` places (values are non-negative), as published
 * figures are rounded before banding; `decimals` null returns the value unchanged.
 * 8.75 → 9, 19.5 → 20, 3.81 → 4. Float noise is removed first (1.005 at 2 decimals → 1.01).
 */
export function roundForBanding(value: number, decimals: number | null): number {
  if (decimals === null) return value;
  const factor = 10 ** decimals;
  return Math.round(Number((value * factor).toPrecision(12))) / factor;
}

/** True if `value` is in `band` under the convention. Negative values are in no band. */
export function isInBand(value: number, band: Band, edges: EdgeConvention): boolean {
  if (edges === 'lowerInclusive') return value >= band.from && (band.to === null || value < band.to);
  const aboveFrom = value > band.from || (band.from === 0 && value === 0);
  return aboveFrom && (band.to === null || value <= band.to);
}

/** The first band containing `value`, or null (only if the bands are invalid or the value is negative or not finite). */
export function findBand(value: number, bands: readonly Band[], edges: EdgeConvention): Band | null {
  if (!Number.isFinite(value)) return null;
  return bands.find((band) => isInBand(value, band, edges)) ?? null;
}

/** A band as an interval: `[20, 50)`, `[150, ∞)`, `(1, 10]`, `[0, 1]` (upper-inclusive band from 0). */
export function formatBand(band: Pick<Band, 'from' | 'to'>, edges: EdgeConvention): string {
  const to = band.to === null ? '∞' : String(band.to);
  if (edges === 'lowerInclusive') return `[${band.from}, ${to})`;
  const open = band.from === 0 ? '[' : '(';
  return `${open}${band.from}, ${to}${band.to === null ? ')' : ']'}`;
}

/**
 * Problems with a band list as plain sentences (empty if it covers [0, ∞)
 * exactly once): overlaps, gaps, not starting at 0, not reaching ∞, empty bands.
 * `name` is the indicator name used in the messages.
 */
export function checkBandCoverage(name: string, bands: readonly Band[], edges: EdgeConvention): string[] {
  if (bands.length === 0) return [`bands for ${name} are empty: nothing covers [0, ∞)`];
  const problems: string[] = [];
  const fmt = (b: Pick<Band, 'from' | 'to'>): string => formatBand(b, edges);
  for (const band of bands) {
    if (band.to !== null && band.to <= band.from) {
      problems.push(`band ${fmt(band)} of ${name} is empty: its upper edge must be above its lower edge`);
    }
  }
  const sorted = [...bands].sort((a, b) => a.from - b.from || (a.to ?? Infinity) - (b.to ?? Infinity));
  const first = sorted[0] as Band;
  if (first.from > 0) problems.push(`bands for ${name} do not start at 0: nothing covers ${fmt({ from: 0, to: first.from })}`);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1] as Band;
    const next = sorted[i] as Band;
    const prevTo = prev.to ?? Infinity;
    if (next.from < prevTo) {
      problems.push(`bands for ${name} overlap: ${fmt(prev)} and ${fmt(next)}`);
    } else if (next.from > prevTo) {
      problems.push(`bands for ${name} leave a gap: nothing covers ${fmt({ from: prevTo, to: next.from })}`);
    }
  }
  const maxTo = sorted.reduce<number | null>((m, b) => (b.to === null || m === null ? null : Math.max(m, b.to)), 0);
  if (maxTo !== null) problems.push(`bands for ${name} stop at ${maxTo}: nothing covers values above ${maxTo} (the last band needs "to": null)`);
  return problems;
}
