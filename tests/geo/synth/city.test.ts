import { describe, expect, it } from 'vitest';
import { generateSyntheticCity, type SyntheticCityOptions } from '../../../geo/synth/city.ts';
import { measureCoverage } from '../../../geo/synth/coverage.ts';

const TOLERANCE = 1e-6;
const options: SyntheticCityOptions = {
  seed: 'test-city', districtCount: 8, wardCount: 60, population: 1_000_000, center: [106.7, 10.78], radiusKm: 15,
};
const city = generateSyntheticCity(options);

describe('generateSyntheticCity', () => {
  it('is deterministic byte for byte', () => {
    expect(JSON.stringify(generateSyntheticCity(options))).toBe(JSON.stringify(city));
  });

  it('changes with the seed', () => {
    expect(JSON.stringify(generateSyntheticCity({ ...options, seed: 'other' }))).not.toBe(JSON.stringify(city));
  });

  it('makes the requested numbers of units', () => {
    expect(city.districts).toHaveLength(8);
    expect(city.wards).toHaveLength(60);
    expect(city.districts.every((d) => city.wards.some((w) => w.parentCode === d.code))).toBe(true);
  });

  it('tiles the outline with districts', () => {
    const report = measureCoverage(city.outline, city.districts.map((d) => d.geometry));
    expect(report.gapRatio).toBeLessThan(TOLERANCE);
    expect(report.overlapRatio).toBeLessThan(TOLERANCE);
    expect(report.outsideRatio).toBeLessThan(TOLERANCE);
  });

  it.each(city.districts.map((d) => [d.code, d] as const))('tiles district %s with its wards', (_code, district) => {
    const wards = city.wards.filter((w) => w.parentCode === district.code).map((w) => w.geometry);
    const report = measureCoverage(district.geometry, wards);
    expect(report.gapRatio).toBeLessThan(TOLERANCE);
    expect(report.overlapRatio).toBeLessThan(TOLERANCE);
    expect(report.outsideRatio).toBeLessThan(TOLERANCE);
  });

  it('sums populations exactly up the hierarchy', () => {
    expect(city.districts.reduce((s, d) => s + d.population, 0)).toBe(1_000_000);
    for (const d of city.districts) {
      expect(city.wards.filter((w) => w.parentCode === d.code).reduce((s, w) => s + w.population, 0)).toBe(d.population);
    }
  });

  it('makes the centre denser than the edge', () => {
    const density = (d: (typeof city.districts)[number]): number => d.population / measureCoverage(d.geometry, []).parentAreaM2;
    expect(density(city.districts[0]!)).toBeGreaterThan(3 * density(city.districts[city.districts.length - 1]!));
  });

  it('uses synthetic codes and Vietnamese names, unique', () => {
    expect(city.districts.map((d) => d.code)).toEqual(['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S007', 'S008']);
    expect(city.wards[0]?.code).toBe('S00001');
    expect(city.wards.every((w) => /^S\d{5}$/.test(w.code) && w.synthetic && w.level === 'ward')).toBe(true);
    expect(city.districts[0]?.name).toBe('Quận 1');
    expect(city.districts.at(-1)?.name).toMatch(/^Huyện /);
    expect(new Set(city.wards.map((w) => w.code)).size).toBe(60);
    for (const d of city.districts) {
      const names = city.wards.filter((w) => w.parentCode === d.code).map((w) => w.name);
      expect(new Set(names).size).toBe(names.length);
      expect(names.every((n) => /^(Phường|Xã|Thị trấn) /.test(n) && n === n.normalize('NFC'))).toBe(true);
    }
  });

  it('gives every district the same ward count with wardsPerDistrict', () => {
    const c = generateSyntheticCity({ ...options, wardCount: undefined, wardsPerDistrict: 3, districtCount: 4, population: 0 });
    expect(c.wards).toHaveLength(12);
    expect(c.wards.every((w) => w.population === 0)).toBe(true);
  });

  it('handles one district with one ward: both equal the outline', () => {
    const c = generateSyntheticCity({ ...options, districtCount: 1, wardCount: 1 });
    expect(measureCoverage(c.outline, [c.districts[0]!.geometry]).gapRatio).toBeLessThan(TOLERANCE);
    expect(measureCoverage(c.districts[0]!.geometry, [c.wards[0]!.geometry]).gapRatio).toBeLessThan(TOLERANCE);
  });

  it.each([
    ['no districts', { districtCount: 0 }],
    ['fewer wards than districts', { wardCount: 3 }],
    ['no ward count', { wardCount: undefined }],
    ['negative population', { population: -1 }],
    ['zero radius', { radiusKm: 0 }],
  ])('refuses %s', (_label, patch) => {
    expect(() => generateSyntheticCity({ ...options, ...patch })).toThrow(RangeError);
  });
});
