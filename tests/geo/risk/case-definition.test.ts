import { describe, expect, it } from 'vitest';
import { confirmsCase, DEFAULT_CASE_DEFINITION, parseCaseDefinition } from '../../../geo/risk/index.ts';

describe('case definition', () => {
  it.each([
    { count: 'cityMap', method: 'pcr', pooled: false, date: '2021-07-01', confirms: true },
    { count: 'cityMap', method: 'pcr', pooled: true, date: '2021-09-01', confirms: false },
    { count: 'cityMap', method: 'antigen', pooled: false, date: '2021-08-19', confirms: false },
    { count: 'cityMap', method: 'antigen', pooled: false, date: '2021-08-20', confirms: true },
    { count: 'cityMap', method: 'antigen', pooled: true, date: '2021-08-20', confirms: false },
    { count: 'national', method: 'antigen', pooled: false, date: '2021-09-20', confirms: false },
    { count: 'national', method: 'pcr', pooled: false, date: '2021-09-20', confirms: true },
    { count: 'national', method: 'pcr', pooled: true, date: '2021-09-20', confirms: false },
    { count: 'cityMap', method: 'pcr', pooled: false, date: '2021-02-30', confirms: false },
  ] as const)('$count: $method pooled=$pooled on $date confirms=$confirms', ({ count, method, pooled, date, confirms }) => {
    expect(confirmsCase(DEFAULT_CASE_DEFINITION, count, { method, pooled, date })).toBe(confirms);
  });

  it('names every problem of a bad definition', () => {
    expect(() => parseCaseDefinition({
      id: 'x', pendingRetestDays: 0,
      counts: { cityMap: { versions: [{ from: '2021-09-01', confirmedBy: ['pcr'] }, { from: '2021-08-01', confirmedBy: ['blood'] }] } },
    })).toThrow(/pendingRetestDays[\s\S]*versions\/1\/confirmedBy[\s\S]*versions\/1\/from[\s\S]*national\/versions/);
  });
});
