import { describe, expect, it } from 'vitest';
import { outsideHazardOn } from '../../../geo/simulate/outbreak.ts';
import { DEFAULT_PARAMETERS, mergeParameters, SimulationParameterError, type DeepPartial, type SimulationParameters } from '../../../geo/simulate/parameters.ts';
import { validateParameters } from '../../../geo/simulate/validate-parameters.ts';

const refused: Array<[string, DeepPartial<SimulationParameters>, string, RegExp]> = [
  ['a negative household rate', { epidemic: { householdRatePerDay: -0.1 } }, 'epidemic.householdRatePerDay', /must be a number ≥ 0, got -0.1/],
  ['a negative city rate', { epidemic: { cityRatePerDay: -1 } }, 'epidemic.cityRatePerDay', /≥ 0/],
  ['a negative import rate', { epidemic: { importedPer100kPerDay: -3 } }, 'epidemic.importedPer100kPerDay', /≥ 0/],
  ['a date range ending before it starts', { startDate: '2021-09-30', endDate: '2021-07-01' }, 'endDate', /ends before startDate/],
  ['a start date that is no date', { startDate: '2021-02-30' }, 'startDate', /YYYY-MM-DD/],
  ['more first doses than adults', { vaccination: { firstDoseShare18plus: 1.2 } }, 'vaccination.firstDoseShare18plus', /more first doses than people aged 18\+/],
  ['more doses than teenagers', { vaccination: { firstDoseShare12to17: 3 } }, 'vaccination.firstDoseShare12to17', /more first doses than people aged 12–17/],
  ['a share above 1', { testing: { pcrSensitivity: 1.5 } }, 'testing.pcrSensitivity', /between 0 and 1/],
  ['a latent period with min above max', { epidemic: { latentDays: [5, 2] } }, 'epidemic.latentDays', /min ≤ max/],
  ['a pool of 0 samples', { testing: { poolSize: [0, 10] } }, 'testing.poolSize', /1 ≤ min/],
  ['a sweep ending before it starts', { testing: { sweeps: [{ from: '2021-08-10', to: '2021-08-01', intervalDays: 7, method: 'antigen', coverage: 0.5, wards: 'all' }] } }, 'testing.sweeps[0].to', /ends before/],
  ['a sweep every 0 days', { testing: { sweeps: [{ from: '2021-08-01', to: '2021-08-10', intervalDays: 0, method: 'antigen', coverage: 0.5, wards: 'all' }] } }, 'testing.sweeps[0].intervalDays', /≥ 1/],
  ['vaccine shares adding to 0.9', { vaccination: { vaccines: [{ brand: 'AZ', share: 0.9, doseIntervalsDays: [[56, 84]], labels: ['AZ'] }] } }, 'vaccination.vaccines[].share', /add up to 1/],
  ['an unknown vaccine', { vaccination: { vaccines: [{ brand: 'XYZ', share: 1, doseIntervalsDays: [], labels: ['x'] }] } }, 'vaccination.vaccines[0].brand', /one of/],
  ['outside-hazard points out of order', { epidemic: { outsideHazard: [{ date: '2021-08-01', perDay: 0.001 }, { date: '2021-08-01', perDay: 0.002 }] } }, 'epidemic.outsideHazard[1].date', /after the point before/],
  ['a negative outside hazard', { epidemic: { outsideHazard: [{ date: '2021-08-01', perDay: -0.001 }] } }, 'epidemic.outsideHazard[0].perDay', /≥ 0/],
  ['an outside-hazard point that is no date', { epidemic: { outsideHazard: [{ date: '1/8/2021', perDay: 0.001 }] } }, 'epidemic.outsideHazard[0].date', /YYYY-MM-DD/],
  ['a blockade of half a day', { epidemic: { groupBlockade: { days: 0.5 } } }, 'epidemic.groupBlockade.days', /whole number ≥ 0/],
  ['a negative blockade multiplier', { epidemic: { groupBlockade: { contactMultiplier: -1 } } }, 'epidemic.groupBlockade.contactMultiplier', /≥ 0/],
  ['a hot-spot share above 1', { epidemic: { hotSpotActiveShare: 1.5 } }, 'epidemic.hotSpotActiveShare', /between 0 and 1/],
  ['contact phases out of order', { epidemic: { contactPhases: [{ from: '2021-08-01', contactMultiplier: 1, note: '' }, { from: '2021-07-01', contactMultiplier: 1, note: '' }] } }, 'epidemic.contactPhases[1].from', /after the phase before/],
];

describe('validateParameters', () => {
  it('accepts the defaults', () => {
    expect(() => validateParameters(DEFAULT_PARAMETERS)).not.toThrow();
  });

  it.each(refused)('refuses %s, naming %s', (_label, overrides, parameter, message) => {
    const attempt = () => validateParameters(mergeParameters(overrides));
    expect(attempt).toThrow(SimulationParameterError);
    try {
      attempt();
    } catch (error) {
      expect((error as SimulationParameterError).parameter).toBe(parameter);
      expect((error as Error).message).toContain(`parameter ${parameter} `);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('documents HCMC 2021 vaccine shares that add to 1, AstraZeneca and Vero Cell the largest', () => {
    const shares = DEFAULT_PARAMETERS.vaccination.vaccines.map((v) => [v.brand, v.share] as const).sort((a, b) => b[1] - a[1]);
    expect(shares.slice(0, 2).map(([b]) => b)).toEqual(['AZ', 'SINOPHARM']);
    expect(shares.reduce((s, [, x]) => s + x, 0)).toBeCloseTo(1, 9);
  });

  it('keeps each vaccine at its real dose interval', () => {
    const interval = (brand: string) => DEFAULT_PARAMETERS.vaccination.vaccines.find((v) => v.brand === brand)?.doseIntervalsDays;
    expect(interval('AZ')).toEqual([[56, 84]]);
    expect(interval('PFIZER')).toEqual([[21, 21]]);
    expect(interval('MODERNA')).toEqual([[28, 28]]);
    expect(interval('SINOPHARM')).toEqual([[21, 28]]);
    expect(interval('SPUTNIK')).toEqual([[21, 21]]);
    expect(interval('ABDALA')).toEqual([[14, 14], [14, 14]]);
  });
});

describe('outsideHazardOn', () => {
  const params = mergeParameters({ epidemic: { outsideHazard: [{ date: '2021-08-01', perDay: 0.001 }, { date: '2021-08-11', perDay: 0.002 }] } });
  it.each([
    ['2021-07-01', 0.001], // flat before the first point
    ['2021-08-01', 0.001],
    ['2021-08-06', 0.0015], // linear between points
    ['2021-08-11', 0.002],
    ['2021-09-30', 0.002], // flat after the last
  ])('on %s is %f', (date, expected) => {
    expect(outsideHazardOn(params, date)).toBeCloseTo(expected, 12);
  });
  it('is 0 with no points', () => {
    expect(outsideHazardOn(mergeParameters({ epidemic: { outsideHazard: [] } }), '2021-08-01')).toBe(0);
  });
});
