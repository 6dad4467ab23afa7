import { describe, expect, it } from 'vitest';
import { childLevelOf, computeHouseholdZoom, computeLevelZooms, pickLevelAtZoom, selectedUnitMinZoom, zoomForWidth } from '../../client/src/map/level-zoom.ts';

const DEMO_BBOX: [number, number, number, number] = [106.686, 10.767, 106.715, 10.793];
const DEMO_COUNTS = { city: 1, district: 4, ward: 24, neighbourhood: 117, block: 457 };
const HCMC_BBOX: [number, number, number, number] = [106.36, 10.37, 107.03, 11.16];
const HCMC_COUNTS = { city: 1, district: 22, ward: 312, neighbourhood: 20000, block: 120000 };

describe('level by zoom', () => {
  it('covers every zoom with contiguous ranges, coarse to fine', () => {
    for (const [bbox, counts] of [[DEMO_BBOX, DEMO_COUNTS], [HCMC_BBOX, HCMC_COUNTS]] as const) {
      const z = computeLevelZooms(bbox, counts);
      expect(z.district[0]).toBe(0);
      expect(z.ward[0]).toBe(z.district[1]);
      expect(z.neighbourhood[0]).toBe(z.ward[1]);
      expect(z.block[0]).toBe(z.neighbourhood[1]);
      expect(z.block[1]).toBeGreaterThan(20);
    }
  });

  it('switches to wards at a lower zoom in a large city than in a small one', () => {
    expect(computeLevelZooms(HCMC_BBOX, HCMC_COUNTS).ward[0]).toBeLessThan(computeLevelZooms(DEMO_BBOX, DEMO_COUNTS).ward[0] - 2);
  });

  it('never draws a level below the zoom its tiles start at', () => {
    const z = computeLevelZooms(HCMC_BBOX, HCMC_COUNTS);
    expect(z.ward[0]).toBeGreaterThanOrEqual(9);
    expect(z.neighbourhood[0]).toBeGreaterThanOrEqual(12);
    expect(z.block[0]).toBeGreaterThanOrEqual(14);
  });

  it('skips levels with no units', () => {
    const z = computeLevelZooms(DEMO_BBOX, { district: 4, ward: 24 });
    expect(z.neighbourhood).toEqual([0, 0]);
    expect(z.ward[1]).toBe(21);
  });

  it('picks the level of a zoom', () => {
    const z = computeLevelZooms(DEMO_BBOX, DEMO_COUNTS);
    expect(pickLevelAtZoom(z, 3)).toBe('district');
    expect(pickLevelAtZoom(z, z.ward[0])).toBe('ward');
    expect(pickLevelAtZoom(z, z.block[0] + 0.1)).toBe('block');
  });

  it('draws households from z15 at the earliest', () => {
    expect(computeHouseholdZoom(DEMO_BBOX, DEMO_COUNTS)).toBeGreaterThanOrEqual(15);
  });

  it('computes the zoom at which a width fills a number of pixels', () => {
    expect(zoomForWidth(360, 512)).toBeCloseTo(0);
    expect(zoomForWidth(180, 512)).toBeCloseTo(1);
  });

  it.each([['city', 'district'], ['ward', 'neighbourhood'], ['block', null], ['nonsense', null]] as const)('the child level of %s is %s', (level, child) => {
    expect(childLevelOf(level)).toBe(child);
  });
});

describe('zoom for a selected unit', () => {
  const z = computeLevelZooms(DEMO_BBOX, DEMO_COUNTS);
  it.each([['city', 'district'], ['district', 'ward'], ['ward', 'neighbourhood'], ['neighbourhood', 'block'], ['block', 'block']] as const)(
    'a %s is shown at least at the zoom the %s level is drawn', (level, shown) => {
      const zoom = selectedUnitMinZoom(z, level);
      expect(pickLevelAtZoom(z, zoom)).toBe(shown);
    });
  it('asks nothing of an unknown level', () => {
    expect(selectedUnitMinZoom(z, 'nonsense')).toBe(0);
  });
});
