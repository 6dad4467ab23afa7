import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../geo/random.ts';
import { daysBetween } from '../../../geo/simulate/calendar.ts';
import { toNationalPhone, toOldPhonePrefix } from '../../../geo/simulate/dirt.ts';
import { simulateHistory } from '../../../geo/simulate/history.ts';
import { mergeParameters } from '../../../geo/simulate/parameters.ts';
import { buildSubmissions, type SimRecord } from '../../../geo/simulate/records.ts';
import { createSources, DIRT_KINDS, type DirtKind } from '../../../geo/simulate/sources.ts';
import { buildTestCity } from './test-city.ts';

const params = mergeParameters({ startDate: '2021-08-01', endDate: '2021-09-10' });
const RATE = 0.1;

function build() {
  const population = buildTestCity(6_000, 1, 2, params.startDate);
  const history = simulateHistory(population, params, 'dirt');
  const sources = createSources(population, createRandom('sources/dirt')).map((s, i) => ({
    ...s, dirt: Object.fromEntries(DIRT_KINDS.map((k) => [k, RATE])) as Record<DirtKind, number>, sendsFilesTwice: i === 0,
  }));
  const lastDay = daysBetween(params.startDate, params.endDate);
  return { population, sources, lastDay, submissions: buildSubmissions(population, sources, history.events, params, 'dirt', lastDay) };
}

/** Observed share within 4 binomial standard deviations of RATE. */
function expectRate(label: string, hits: number, eligible: number) {
  expect(eligible, label).toBeGreaterThan(1000);
  const sd = Math.sqrt((RATE * (1 - RATE)) / eligible);
  expect(Math.abs(hits / eligible - RATE), `${label}: ${hits}/${eligible}`).toBeLessThan(4 * sd);
}

describe('dirt at its configured rate (every site set to 10% of each kind)', () => {
  const { submissions, lastDay } = build();
  const all = submissions.filter((s) => s.repeatOf === null).flatMap((s) => s.records);
  // The first copy of every event: version 1, not the duplicate copy.
  const primary = all.filter((r) => r.version === 1 && !r.dirt.includes('duplicate'));
  const has = (r: SimRecord, d: DirtKind) => r.dirt.includes(d);

  it('leaves IDs empty', () => {
    const eligible = primary.filter((r) => r.truth.nationalId !== null);
    expectRate('missingId', eligible.filter((r) => has(r, 'missingId')).length, eligible.length);
    expect(eligible.filter((r) => has(r, 'missingId')).every((r) => r.values.nationalId === null)).toBe(true);
  });

  it('mistypes one digit and drops leading zeros', () => {
    const withId = primary.filter((r) => r.truth.nationalId !== null && !has(r, 'missingId'));
    expectRate('mistypedId', withId.filter((r) => has(r, 'mistypedId')).length, withId.length);
    expectRate('lostLeadingZero', withId.filter((r) => has(r, 'lostLeadingZero')).length, withId.length);
    for (const r of withId.filter((x) => has(x, 'mistypedId') && !has(x, 'lostLeadingZero') && !has(x, 'lateCorrection'))) {
      const diff = [...(r.values.nationalId as string)].filter((c, i) => c !== r.truth.nationalId?.[i]).length;
      expect(diff).toBe(1);
    }
    expect(withId.filter((r) => has(r, 'lostLeadingZero')).every((r) => /^[1-9]\d{9,10}$/.test(r.values.nationalId as string))).toBe(true);
  });

  it('writes names without diacritics and in capitals', () => {
    expectRate('nameNoDiacritics', primary.filter((r) => has(r, 'nameNoDiacritics')).length, primary.length);
    expectRate('nameAllCaps', primary.filter((r) => has(r, 'nameAllCaps')).length, primary.length);
    expect(primary.filter((r) => has(r, 'nameNoDiacritics')).every((r) => !/[\u0300-\u036fđĐ]/.test(r.values.fullName.normalize('NFD')))).toBe(true);
    expect(primary.filter((r) => has(r, 'nameAllCaps')).every((r) => r.values.fullName === r.values.fullName.toLocaleUpperCase('vi'))).toBe(true);
  });

  it('writes old 11-digit phone prefixes where the number had one', () => {
    const eligible = primary.filter((r) => r.truth.phone !== null && toOldPhonePrefix(toNationalPhone(r.truth.phone)) !== toNationalPhone(r.truth.phone));
    expectRate('oldPhonePrefix', eligible.filter((r) => has(r, 'oldPhonePrefix')).length, eligible.length);
    expect(eligible.filter((r) => has(r, 'oldPhonePrefix')).every((r) => /^01\d{9}$/.test(r.values.phone as string))).toBe(true);
  });

  it('repeats rows in the same submission', () => {
    const eligible = primary.filter((r) => !has(r, 'lateCorrection'));
    const copies = all.filter((r) => has(r, 'duplicate'));
    expectRate('duplicate', copies.length, eligible.length);
    for (const s of submissions) {
      for (const copy of s.records.filter((r) => has(r, 'duplicate'))) expect(s.records.filter((r) => r.values.recordId === copy.values.recordId)).toHaveLength(2);
    }
  });

  it('resubmits late with a correction under the same record id', () => {
    const eligible = primary.filter((r) => r.day <= lastDay - 5);
    expectRate('lateCorrection', eligible.filter((r) => has(r, 'lateCorrection')).length, eligible.length);
    const versions = new Map(all.filter((r) => r.version === 2).map((r) => [`${r.sourceCode}|${r.values.recordId}`, r]));
    for (const first of primary.filter((r) => has(r, 'lateCorrection'))) {
      const second = versions.get(`${first.sourceCode}|${first.values.recordId}`);
      expect(second, first.values.recordId).toBeDefined();
      expect(second!.day).toBeGreaterThan(first.day);
      expect([first.values.nationalId, first.values.birthDate]).not.toEqual([second!.values.nationalId, second!.values.birthDate]);
    }
  });

  it('sends a site’s every file twice when that is its habit', () => {
    const again = submissions.filter((s) => s.repeatOf !== null);
    expect(again.length).toBeGreaterThan(0);
    for (const s of again) expect(submissions.find((o) => o.id === s.repeatOf)?.records).toEqual(s.records);
  });
});
