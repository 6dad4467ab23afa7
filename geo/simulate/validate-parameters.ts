/**
 * Checks simulation parameters and refuses the first problem with a
 * SimulationParameterError naming the parameter (`epidemic.blockRatePerDay
 * must be ≥ 0, got -1`). Nothing is clamped or repaired silently.
 */
import { SimulationParameterError, type SimulationParameters } from './parameters.ts';
import { isIsoDate } from './calendar.ts';

const KNOWN_BRANDS = new Set(['AZ', 'PFIZER', 'MODERNA', 'SINOPHARM', 'SPUTNIK', 'ABDALA', 'HAYAT', 'JANSSEN']);

function nonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new SimulationParameterError(name, `must be a number ≥ 0, got ${value}`);
}

function share(name: string, value: number, detail = 'must be a share between 0 and 1'): void {
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new SimulationParameterError(name, `${detail}, got ${value}`);
}

function date(name: string, value: string): void {
  if (!isIsoDate(value)) throw new SimulationParameterError(name, `must be a date as YYYY-MM-DD, got "${value}"`);
}

function range(name: string, value: readonly [number, number], min = 0): void {
  const [a, b] = value;
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < min || b < a) {
    throw new SimulationParameterError(name, `must be whole numbers [min, max] with ${min} ≤ min ≤ max, got [${a}, ${b}]`);
  }
}

function checkEpidemic(p: SimulationParameters['epidemic']): void {
  share('epidemic.initialInfectedShare', p.initialInfectedShare);
  share('epidemic.hotSpotActiveShare', p.hotSpotActiveShare);
  nonNegative('epidemic.hotSpotMultiplier', p.hotSpotMultiplier);
  if (!Number.isInteger(p.hotSpotDays) || p.hotSpotDays < 1) throw new SimulationParameterError('epidemic.hotSpotDays', `must be a whole number ≥ 1, got ${p.hotSpotDays}`);
  for (const key of ['householdRatePerDay', 'blockRatePerDay', 'groupRatePerDay', 'wardRatePerDay', 'cityRatePerDay', 'importedPer100kPerDay'] as const) {
    nonNegative(`epidemic.${key}`, p[key]);
  }
  range('epidemic.latentDays', p.latentDays, 1);
  range('epidemic.infectiousDays', p.infectiousDays, 1);
  share('epidemic.symptomaticShare', p.symptomaticShare);
  share('epidemic.susceptibilityAfterDose1', p.susceptibilityAfterDose1);
  share('epidemic.susceptibilityFullyVaccinated', p.susceptibilityFullyVaccinated);
  if (!Number.isInteger(p.groupBlockade.days) || p.groupBlockade.days < 0) throw new SimulationParameterError('epidemic.groupBlockade.days', `must be a whole number ≥ 0, got ${p.groupBlockade.days}`);
  nonNegative('epidemic.groupBlockade.contactMultiplier', p.groupBlockade.contactMultiplier);
  p.outsideHazard.forEach((point, i) => {
    date(`epidemic.outsideHazard[${i}].date`, point.date);
    nonNegative(`epidemic.outsideHazard[${i}].perDay`, point.perDay);
    const previous = p.outsideHazard[i - 1];
    if (previous && previous.date >= point.date) throw new SimulationParameterError(`epidemic.outsideHazard[${i}].date`, 'must come after the point before it');
  });
  p.contactPhases.forEach((phase, i) => {
    date(`epidemic.contactPhases[${i}].from`, phase.from);
    nonNegative(`epidemic.contactPhases[${i}].contactMultiplier`, phase.contactMultiplier);
    const previous = p.contactPhases[i - 1];
    if (previous && previous.from >= phase.from) throw new SimulationParameterError(`epidemic.contactPhases[${i}].from`, 'must come after the phase before it');
  });
}

function checkTesting(p: SimulationParameters['testing'], params: SimulationParameters): void {
  for (const key of ['symptomaticTestedShare', 'symptomaticAntigenShare', 'facilityQuarantineShare', 'businessWorkerShare', 'pcrSensitivity', 'antigenSensitivity', 'pcrFalsePositiveRate', 'antigenFalsePositiveRate'] as const) {
    share(`testing.${key}`, p[key]);
  }
  range('testing.symptomToTestDays', p.symptomToTestDays);
  range('testing.pcrResultDelayDays', p.pcrResultDelayDays);
  range('testing.poolSize', p.poolSize, 1);
  if (!Number.isInteger(p.facilityQuarantineDays) || p.facilityQuarantineDays < 1) throw new SimulationParameterError('testing.facilityQuarantineDays', `must be a whole number ≥ 1, got ${p.facilityQuarantineDays}`);
  if (!Number.isInteger(p.businessTestIntervalDays) || p.businessTestIntervalDays < 1) throw new SimulationParameterError('testing.businessTestIntervalDays', `must be a whole number ≥ 1, got ${p.businessTestIntervalDays}`);
  nonNegative('testing.pcrTailDays', p.pcrTailDays);
  p.sweeps.forEach((sweep, i) => {
    const name = `testing.sweeps[${i}]`;
    date(`${name}.from`, sweep.from);
    date(`${name}.to`, sweep.to);
    if (sweep.to < sweep.from) throw new SimulationParameterError(`${name}.to`, `(${sweep.to}) ends before ${name}.from (${sweep.from})`);
    if (!Number.isInteger(sweep.intervalDays) || sweep.intervalDays < 1) throw new SimulationParameterError(`${name}.intervalDays`, `must be a whole number ≥ 1, got ${sweep.intervalDays}`);
    share(`${name}.coverage`, sweep.coverage);
    if (sweep.method !== 'pcr-pooled' && sweep.method !== 'antigen') throw new SimulationParameterError(`${name}.method`, `must be 'pcr-pooled' or 'antigen', got "${String(sweep.method)}"`);
  });
  void params;
}

function checkVaccination(p: SimulationParameters['vaccination']): void {
  date('vaccination.from', p.from);
  share('vaccination.firstDoseShare18plus', p.firstDoseShare18plus, 'must be at most 1 (more first doses than people aged 18+) and at least 0');
  share('vaccination.firstDoseShare12to17', p.firstDoseShare12to17, 'must be at most 1 (more first doses than people aged 12–17) and at least 0');
  share('vaccination.onTimeShare', p.onTimeShare);
  share('vaccination.mobileTeamShare65plus', p.mobileTeamShare65plus);
  if (p.vaccines.length === 0) throw new SimulationParameterError('vaccination.vaccines', 'must list at least one vaccine');
  let total = 0;
  p.vaccines.forEach((v, i) => {
    if (!KNOWN_BRANDS.has(v.brand)) throw new SimulationParameterError(`vaccination.vaccines[${i}].brand`, `must be one of ${[...KNOWN_BRANDS].join(', ')}, got "${v.brand}"`);
    share(`vaccination.vaccines[${i}].share`, v.share);
    v.doseIntervalsDays.forEach((interval, j) => range(`vaccination.vaccines[${i}].doseIntervalsDays[${j}]`, interval, 1));
    if (v.labels.length === 0) throw new SimulationParameterError(`vaccination.vaccines[${i}].labels`, 'must hold at least one name');
    total += v.share;
  });
  if (Math.abs(total - 1) > 1e-6) throw new SimulationParameterError('vaccination.vaccines[].share', `must add up to 1, got ${total.toFixed(4)}`);
}

/**
 * Throws SimulationParameterError for the first parameter out of range:
 * negative rates, shares outside [0, 1], a date range ending before it
 * starts, more doses than people, vaccine shares not adding up to 1.
 */
export function validateParameters(params: SimulationParameters): void {
  date('startDate', params.startDate);
  date('endDate', params.endDate);
  if (params.endDate < params.startDate) throw new SimulationParameterError('endDate', `(${params.endDate}) ends before startDate (${params.startDate})`);
  checkEpidemic(params.epidemic);
  checkTesting(params.testing, params);
  checkVaccination(params.vaccination);
  share('residents.unregisteredShare', params.residents.unregisteredShare);
  if (params.residents.unregisteredShare >= 1) throw new SimulationParameterError('residents.unregisteredShare', 'must be below 1 (someone must be in the register)');
}
