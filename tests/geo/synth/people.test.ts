import * as turf from '@turf/turf';
import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../geo/random.ts';
import { formatAddress } from '../../../geo/synth/addresses.ts';
import { computeAgeYears } from '../../../geo/synth/age-pyramid.ts';
import { generateHouseholdMembers } from '../../../geo/synth/household-members.ts';
import { generateHouseholds, HOUSEHOLD_SIZE_SHARES } from '../../../geo/synth/households.ts';
import { computeCenturySexDigit, MOBILE_PREFIXES } from '../../../geo/synth/identity.ts';
import { generatePerson, type SyntheticPerson } from '../../../geo/synth/person.ts';

const REF = '2021-10-01';
const ring: Position[] = [[106.68, 10.77], [106.7, 10.77], [106.7, 10.79], [106.68, 10.79], [106.68, 10.77]];
const ward: Polygon = { type: 'Polygon', coordinates: [ring] };
const people: SyntheticPerson[] = (() => {
  const rng = createRandom('people');
  return Array.from({ length: 10_000 }, () => generatePerson(rng, { referenceDate: REF }));
})();

describe('generatePerson', () => {
  it('is deterministic', () => {
    const rng = createRandom('people');
    expect(JSON.stringify(generatePerson(rng, { referenceDate: REF }))).toBe(JSON.stringify(people[0]));
  });

  it('draws family names with realistic shares', () => {
    const share = (name: string): number => people.filter((p) => p.familyName === name).length / people.length;
    expect(share('Nguyễn')).toBeGreaterThan(0.35);
    expect(share('Nguyễn')).toBeLessThan(0.41);
    expect(share('Trần')).toBeGreaterThan(0.09);
    expect(share('Trần')).toBeLessThan(0.13);
    expect(share('Lê')).toBeGreaterThan(0.08);
    expect(share('Lê')).toBeLessThan(0.11);
  });

  it('writes NFC full names in family–middle–given order', () => {
    for (const p of people.slice(0, 500)) {
      expect(p.fullName).toBe(`${p.familyName} ${p.middleName} ${p.givenName}`);
      expect(p.fullName).toBe(p.fullName.normalize('NFC'));
    }
    expect(people.some((p) => p.sex === 'F' && p.middleName === 'Thị')).toBe(true);
    expect(people.some((p) => p.sex === 'M' && p.middleName === 'Văn')).toBe(true);
    expect(people.some((p) => p.sex === 'M' && p.middleName === 'Thị')).toBe(false);
  });

  it('gives CCCDs consistent with birth date and sex, and none to most young children', () => {
    for (const p of people) {
      const age = computeAgeYears(p.birthDate, REF);
      if (p.nationalId === null) { expect(age).toBeLessThan(14); continue; }
      const year = Number(p.birthDate.slice(0, 4));
      expect(p.nationalId).toMatch(/^\d{12}$/);
      expect(p.nationalId.slice(0, 3)).toBe(p.birthProvinceCode);
      expect(Number(p.nationalId[3])).toBe(computeCenturySexDigit(year, p.sex));
      expect(p.nationalId.slice(4, 6)).toBe(String(year % 100).padStart(2, '0'));
    }
    const young = people.filter((p) => computeAgeYears(p.birthDate, REF) < 14);
    const withoutId = young.filter((p) => p.nationalId === null).length / young.length;
    expect(withoutId).toBeGreaterThan(0.6);
    expect(withoutId).toBeLessThan(0.8);
    expect(people.filter((p) => p.birthProvinceCode === '079').length / people.length).toBeGreaterThan(0.5);
  });

  it.each([
    [1985, 'M', 0], [1985, 'F', 1], [2005, 'M', 2], [2005, 'F', 3], [2100, 'F', 5],
  ] as const)('century/sex digit of %i %s is %i', (year, sex, digit) => {
    expect(computeCenturySexDigit(year, sex)).toBe(digit);
  });

  it('gives E.164 mobiles with current prefixes, none under 12', () => {
    const prefixes = new Set(MOBILE_PREFIXES.map(([p]) => p));
    for (const p of people) {
      if (computeAgeYears(p.birthDate, REF) < 12) expect(p.phone).toBeNull();
      if (p.phone === null) continue;
      expect(p.phone).toMatch(/^\+84\d{9}$/);
      expect(prefixes.has(`0${p.phone.slice(3, 5)}`)).toBe(true);
    }
  });

  it('honours fixed sex, age and family name', () => {
    const p = generatePerson(createRandom('fixed'), { referenceDate: REF, sex: 'F', ageYears: 70, familyName: 'Lý', role: 'parent' });
    expect([p.sex, computeAgeYears(p.birthDate, REF), p.familyName, p.role]).toEqual(['F', 70, 'Lý', 'parent']);
    expect(p.nationalId?.[3]).toBe('1');
  });
});

describe('generateHouseholds', () => {
  const households = generateHouseholds(createRandom('hh'), ward, 5000);

  it('places every household inside the polygon', () => {
    const feature = turf.polygon([ring]);
    expect(households.every((h) => turf.booleanPointInPolygon(h.position, feature))).toBe(true);
  });

  it('clusters households rather than spreading them uniformly', () => {
    const cells = new Map<string, number>();
    for (const h of households) {
      const key = `${Math.floor(((h.position[0] as number) - 106.68) / 0.002)},${Math.floor(((h.position[1] as number) - 10.77) / 0.002)}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    const counts = [...Array(100).keys()].map((i) => cells.get(`${i % 10},${Math.floor(i / 10)}`) ?? 0).sort((a, b) => a - b);
    expect((counts[95] as number) / Math.max(1, counts[50] as number)).toBeGreaterThan(2);
  });

  it('draws sizes 1–8 with a mean near 3.3', () => {
    expect(households.every((h) => Number.isInteger(h.size) && h.size >= 1 && h.size <= 8)).toBe(true);
    const mean = households.reduce((s, h) => s + h.size, 0) / households.length;
    expect(mean).toBeGreaterThan(3.2);
    expect(mean).toBeLessThan(3.45);
    expect(HOUSEHOLD_SIZE_SHARES.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
  });

  it('writes addresses in the city style', () => {
    for (const h of households.slice(0, 300)) {
      expect(h.houseNumber).toMatch(/^\d+(\/\d+){0,2}[A-C]?$/);
      expect(h.streetAddress).toBe(`${h.houseNumber} ${h.streetName}`);
    }
    expect(households.some((h) => h.houseNumber.includes('/'))).toBe(true);
    expect(formatAddress({ streetAddress: '123/4 Nguyễn Trãi', wardName: 'Phường 7', districtName: 'Quận 5' }))
      .toBe('123/4 Nguyễn Trãi, Phường 7, Quận 5, TP. Hồ Chí Minh');
    expect(formatAddress({ streetAddress: '5 Pasteur', groupName: 'Tổ dân phố 3', wardName: 'Phường Bến Nghé', districtName: 'Quận 1', cityName: 'TP.HCM' }))
      .toBe('5 Pasteur, Tổ dân phố 3, Phường Bến Nghé, Quận 1, TP.HCM');
  });

  it('is deterministic and handles zero households', () => {
    expect(JSON.stringify(generateHouseholds(createRandom('hh'), ward, 5000))).toBe(JSON.stringify(households));
    expect(generateHouseholds(createRandom('z'), ward, 0)).toEqual([]);
    expect(() => generateHouseholds(createRandom('z'), ward, -1)).toThrow(RangeError);
  });

  it('fills a tiny polygon without failing', () => {
    const tiny: Polygon = { type: 'Polygon', coordinates: [[[106.7, 10.7], [106.70001, 10.7], [106.70001, 10.70001], [106.7, 10.7]]] };
    const feature = turf.feature(tiny);
    expect(generateHouseholds(createRandom('t'), tiny, 50).every((h) => turf.booleanPointInPolygon(h.position, feature))).toBe(true);
  });
});

describe('generateHouseholdMembers', () => {
  const rng = createRandom('members');
  const households = generateHouseholds(rng, ward, 2000);
  const members = households.map((h) => generateHouseholdMembers(rng, h, REF));

  it('makes as many members as the household size, head first', () => {
    households.forEach((h, i) => {
      expect(members[i]).toHaveLength(h.size);
      expect(members[i]?.[0]?.role).toBe('head');
      expect(members[i]?.[0]?.familyName).toBe(h.familyName);
    });
  });

  it('mostly shares the head’s family name', () => {
    const all = members.flat();
    const shared = members.reduce((s, m, i) => s + m.filter((p) => p.familyName === households[i]?.familyName).length, 0);
    expect(shared / all.length).toBeGreaterThan(0.6);
    expect(shared / all.length).toBeLessThan(0.95);
  });

  it('has plausible ages: adult heads, children younger than their parents', () => {
    for (const m of members) {
      const ages = m.map((p) => computeAgeYears(p.birthDate, REF));
      expect(ages[0]).toBeGreaterThanOrEqual(18);
      const head = ages[0] as number;
      m.forEach((p, i) => {
        if (p.role === 'child') expect(ages[i]).toBeLessThanOrEqual(head - 10);
        if (p.role === 'parent') expect(ages[i]).toBeGreaterThan(head);
      });
    }
    const all = members.flat().map((p) => computeAgeYears(p.birthDate, REF));
    expect(all.filter((a) => a < 18).length / all.length).toBeGreaterThan(0.12);
    expect(all.filter((a) => a >= 65).length / all.length).toBeGreaterThan(0.03);
  });
});
