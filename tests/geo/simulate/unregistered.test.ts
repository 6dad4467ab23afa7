import { describe, expect, it } from 'vitest';
import type { TrueEvent, TrueTestEvent } from '../../../geo/simulate/events.ts';
import { DEFAULT_PARAMETERS, mergeParameters } from '../../../geo/simulate/parameters.ts';
import { validateParameters } from '../../../geo/simulate/validate-parameters.ts';
import { summariseTruth } from '../../../geo/simulate/truth-summary.ts';
import { addUnregisteredResidents, isUnregistered } from '../../../geo/simulate/unregistered.ts';
import { buildTestCity } from './test-city.ts';

describe('addUnregisteredResidents', () => {
  const city = buildTestCity(3000);

  it('adds residents outside the register as the given share, keeping every registered person and household where it was', () => {
    const grown = addUnregisteredResidents(city, 0.15, 's', '2021-09-30', '2021-07-03');
    const added = grown.people.slice(city.people.length);
    expect(added.length / grown.people.length).toBeCloseTo(0.15, 3);
    expect(grown.people.slice(0, city.people.length)).toEqual(city.people);
    expect(grown.households.slice(0, city.households.length)).toEqual(city.households);
    expect(added.every((p) => isUnregistered(p) && p.personId === null && p.identity.nationalId === null)).toBe(true);
    expect(city.people.some(isUnregistered)).toBe(false);
  });

  it('rents them rooms off a registered house: same street, block, group and ward, an alley number of their own', () => {
    const grown = addUnregisteredResidents(city, 0.15, 's', '2021-09-30', '2021-07-03');
    for (const h of grown.households.slice(city.households.length)) {
      const hostKey = h.key.slice(2, h.key.lastIndexOf('/'));
      const host = city.households.find((x) => x.key === hostKey)!;
      expect([h.ward, h.group, h.block]).toEqual([host.ward, host.group, host.block]);
      const [hostHouse, ...rest] = host.address.split(' ');
      expect(h.address).toMatch(new RegExp(`^${hostHouse!.replace(/[/]/g, '\\/')}/9\\d+ `));
      expect(h.address.slice(h.address.indexOf(' ') + 1)).toBe(rest.join(' '));
      expect(h.members.length).toBeGreaterThan(0);
    }
  });

  it.each([[0], [-0.1]])('adds nobody with share %s; is deterministic for a seed', (share) => {
    expect(addUnregisteredResidents(city, share, 's', '2021-09-30', '2021-07-03')).toBe(city);
    expect(addUnregisteredResidents(city, 0.1, 'x', '2021-09-30', '2021-07-03')).toEqual(addUnregisteredResidents(city, 0.1, 'x', '2021-09-30', '2021-07-03'));
  });

  it('has a default of 15% and refuses a share of 1 or more, naming it', () => {
    expect(DEFAULT_PARAMETERS.residents.unregisteredShare).toBe(0.15);
    expect(() => validateParameters(mergeParameters({ residents: { unregisteredShare: 1 } }))).toThrow(/residents\.unregisteredShare/);
  });
});

describe('summariseTruth', () => {
  const city = buildTestCity(3000);
  const test = (person: number, sampleDay: number, extra: Partial<TrueTestEvent> = {}): TrueEvent => ({
    kind: 'test', person, sampleDay, sampleMinute: 600, resultDay: sampleDay + 1, resultMinute: 600, method: 'pcr', pooled: false,
    sampleId: null, result: 'positive', setting: 'symptomatic', classification: 'community', ...extra,
  });

  it.each([
    ['an individual RT-PCR positive is a case on its sample day', [test(1, 5)], ['2021-07-08']],
    ['a pooled positive is no case', [test(1, 5, { pooled: true })], []],
    ['a negative is no case', [test(1, 5, { result: 'negative' })], []],
    ['an antigen positive before 20 Aug 2021 is no case; from then on it is', [test(1, 5, { method: 'antigen' }), test(2, 50, { method: 'antigen' })], ['2021-08-22']],
    ['a second positive within 90 days is the same episode', [test(1, 5), test(1, 30)], ['2021-07-08']],
    ['one case per person, each in day order', [test(2, 9), test(1, 5)], ['2021-07-08', '2021-07-12']],
  ])('%s', (_, events, days) => {
    const truth = summariseTruth(city, events, '2021-07-03', '2021-09-30');
    expect(truth.cases.map((c) => c.day)).toEqual(days);
  });

  it('counts everyone where they live, registered or not, and each case in its district, ward, group and block', () => {
    const grown = addUnregisteredResidents(city, 0.2, 's', '2021-09-30', '2021-07-03');
    const person = grown.people.length - 1;
    const truth = summariseTruth(grown, [test(person, 3)], '2021-07-03', '2021-09-30');
    expect(truth.people).toEqual({ registered: city.people.length, unregistered: grown.people.length - city.people.length });
    const districts = Object.values(truth.units).filter((u) => u.level === 'district');
    expect(districts.reduce((s, u) => s + u.people, 0)).toBe(grown.people.length);
    const h = grown.households[grown.people[person]!.household]!;
    const ward = grown.wards[h.ward]!;
    expect(truth.cases[0]?.units).toEqual([ward.districtCode, ward.code, grown.groups[h.group]!.code, grown.blocks[h.block]!.code]);
  });
});
