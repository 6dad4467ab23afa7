// The tier palette lives in geo/risk/tier-palette.ts so the dashboard and the
// reports draw tiers in the same colours.
export * from '../../../geo/risk/tier-palette.ts';
