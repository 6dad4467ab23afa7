import { describe, expect, it } from 'vitest';
import { checkDateRange, excelSerialToIso, expandTwoDigitYear, isValidDate, parseDate, parseDateTime } from '../../../geo/normalise/dates.ts';

describe('parseDate', () => {
  it.each([
    ['15/07/2021', '2021-07-15', []],
    ['5/7/2021', '2021-07-05', []],
    ['15-07-2021', '2021-07-15', []],
    ['15.07.2021', '2021-07-15', []],
    ['2021-07-15', '2021-07-15', []],
    ['2021/7/5', '2021-07-05', []],
    ['20210715', '2021-07-15', []],
    ['2021-07-15T08:30:00Z', '2021-07-15', ['DATE_TIME_ZONE_CONVERTED']],
    ['2021-07-15 08:30', '2021-07-15', []],
    ['15/07/21', '2021-07-15', ['DATE_TWO_DIGIT_YEAR']],
    ['1/1/75', '1975-01-01', ['DATE_TWO_DIGIT_YEAR']],
    ['29/02/2020', '2020-02-29', []],
    ['44392', '2021-07-15', ['DATE_EXCEL_SERIAL']],
    [' 15/07/2021 ', '2021-07-15', []],
  ])('%s → %s', (input, value, flags) => expect(parseDate(input)).toEqual({ ok: true, value, flags }));

  it.each([
    ['31/02/2021', 'DATE_UNPARSEABLE'], ['29/02/2021', 'DATE_UNPARSEABLE'], ['00/01/2021', 'DATE_UNPARSEABLE'],
    ['15/13/2021', 'DATE_UNPARSEABLE'], ['hôm qua', 'DATE_UNPARSEABLE'], ['2021', 'DATE_UNPARSEABLE'],
    ['2021-07-15T25:00', 'DATE_UNPARSEABLE'], ['', 'FIELD_MISSING'], ['1'.repeat(100), 'FIELD_TOO_LONG'],
  ])('%s → %s', (input, code) => {
    const r = parseDate(input);
    expect(r.ok ? null : r.error.code).toBe(code);
  });

  it.each([
    ['01/01/2030', { max: '2021-10-01' }, false],
    ['01/01/2091', { min: '2020-01-01', max: '2022-12-31' }, false],
    ['31/12/2019', { min: '2020-01-01' }, false],
    ['01/10/2021', { min: '2020-01-01', max: '2021-10-01' }, true],
  ])('range-checks %s against %j', (input, bounds, ok) => {
    const r = parseDate(input, bounds);
    expect(r.ok ? 'ok' : r.error.code).toBe(ok ? 'ok' : 'DATE_OUT_OF_RANGE');
  });

  it('uses latestYear for two-digit birth years', () => {
    expect(parseDate('01/01/25', { latestYear: 2021 })).toMatchObject({ ok: true, value: '1925-01-01' });
    expect(parseDate('01/01/21', { latestYear: 2021 })).toMatchObject({ ok: true, value: '2021-01-01' });
  });

  it('accepts a bare year only when asked', () => {
    expect(parseDate('1975', { allowYearOnly: true })).toEqual({ ok: true, value: '1975', flags: [] });
    expect(parseDate('2030', { allowYearOnly: true, max: '2021-10-01' })).toMatchObject({ ok: false, error: { code: 'DATE_OUT_OF_RANGE' } });
  });
});

describe('parseDateTime', () => {
  it.each([
    ['15/07/2021 14:30', '2021-07-15T14:30:00', []],
    ['15/07/2021 14h30', '2021-07-15T14:30:00', []],
    ['15/07/2021 9:05:07', '2021-07-15T09:05:07', []],
    ['2021-07-15T14:30:00+07:00', '2021-07-15T14:30:00', []],
    ['2021-07-15T20:30:00Z', '2021-07-16T03:30:00', ['DATE_TIME_ZONE_CONVERTED']],
    ['2021-07-15T14:30:00.123+0000', '2021-07-15T21:30:00', ['DATE_TIME_ZONE_CONVERTED']],
    ['15/07/2021', '2021-07-15T00:00:00', ['DATE_TIME_MISSING']],
    ['44392.75', '2021-07-15T18:00:00', ['DATE_EXCEL_SERIAL']],
  ])('%s → %s', (input, value, flags) => expect(parseDateTime(input)).toEqual({ ok: true, value, flags }));
});

describe('date helpers', () => {
  it.each([
    [1, '1900-01-01T00:00:00'], [59, '1900-02-28T00:00:00'], [60, null], [61, '1900-03-01T00:00:00'],
    [44392, '2021-07-15T00:00:00'], [44392.5, '2021-07-15T12:00:00'], [0, null], [-5, null], [3e6, null], [Number.NaN, null],
  ])('excelSerialToIso(%s) = %s', (serial, iso) => expect(excelSerialToIso(serial)).toBe(iso));
  it.each([
    [2000, 2, 29, true], [1900, 2, 29, false], [2021, 2, 29, false], [2021, 4, 31, false], [2021, 12, 31, true], [2021, 0, 1, false],
  ])('isValidDate(%s, %s, %s) = %s', (y, m, d, ok) => expect(isValidDate(y, m, d)).toBe(ok));
  it.each([[49, 2049, 2049], [50, 2049, 1950], [21, 2021, 2021], [22, 2021, 1922], [0, 2021, 2000]])(
    'expandTwoDigitYear(%s, %s) = %s', (yy, latest, year) => expect(expandTwoDigitYear(yy, latest)).toBe(year));
  it('checkDateRange is inclusive', () => {
    expect(checkDateRange('2021-10-01', { min: '2021-10-01', max: '2021-10-01' }).ok).toBe(true);
    expect(checkDateRange('2021-10-02T00:00:00', { max: '2021-10-01' }).ok).toBe(false);
  });
});
