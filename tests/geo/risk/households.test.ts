import { describe, expect, it } from 'vitest';
import { computeHouseholdFlags, gradeHousehold, type HouseholdFlags, type HouseholdMember } from '../../../geo/risk/households.ts';

const D = '2021-10-01';
const adult = (doses: HouseholdMember['doses'] = [], ageYears: number | null = 40, activeCase = false): HouseholdMember => ({ ageYears, activeCase, doses });

describe('computeHouseholdFlags', () => {
  it.each([
    { what: 'AZ dose 1 exactly 84 days ago: not overdue', vaccine: 'AZ', date: '2021-07-09', overdue: false },
    { what: 'AZ dose 1 85 days ago: overdue', vaccine: 'AZ', date: '2021-07-08', overdue: true },
    { what: 'Pfizer 21 days: not overdue', vaccine: 'PFIZER', date: '2021-09-10', overdue: false },
    { what: 'Pfizer 22 days: overdue', vaccine: 'PFIZER', date: '2021-09-09', overdue: true },
    { what: 'Moderna 29 days: overdue', vaccine: 'MODERNA', date: '2021-09-02', overdue: true },
    { what: 'Sinopharm 28 days: not overdue', vaccine: 'SINOPHARM', date: '2021-09-03', overdue: false },
    { what: 'Abdala 15 days: overdue', vaccine: 'ABDALA', date: '2021-09-16', overdue: true },
    { what: 'Janssen single dose: never overdue', vaccine: 'JANSSEN', date: '2021-01-01', overdue: false },
    { what: 'unknown vaccine: not flagged', vaccine: 'XYZ', date: '2021-01-01', overdue: false },
  ])('$what', ({ vaccine, date, overdue }) => {
    const flags = computeHouseholdFlags({ assessmentDate: D, members: [adult([{ date, vaccine, doseNumber: 1 }])], lastCaseInBlockDate: null });
    expect(flags.overdueSecondDose).toBe(overdue);
  });
  it('a second dose clears the overdue flag; doses after D are ignored', () => {
    const done = adult([{ date: '2021-06-01', vaccine: 'AZ', doseNumber: 1 }, { date: '2021-08-20', vaccine: 'AZ', doseNumber: 2 }]);
    const future = adult([{ date: '2021-06-01', vaccine: 'AZ', doseNumber: 1 }, { date: '2021-10-02', vaccine: 'AZ', doseNumber: 2 }]);
    const flags = computeHouseholdFlags({ assessmentDate: D, members: [done, future], lastCaseInBlockDate: null });
    expect(flags.membersOverdueSecondDose).toBe(1);
  });
  it('grace days move the overdue day', () => {
    const flags = computeHouseholdFlags({ assessmentDate: D, members: [adult([{ date: '2021-09-09', vaccine: 'PFIZER', doseNumber: 1 }])],
      lastCaseInBlockDate: null, overdueGraceDays: 7 });
    expect(flags.overdueSecondDose).toBe(false);
  });
  it.each([
    { what: 'case in block 13 days ago', date: '2021-09-18', flag: true },
    { what: 'case in block 14 days ago', date: '2021-09-17', flag: false },
    { what: 'case in block after D', date: '2021-10-02', flag: false },
    { what: 'no case on record', date: null, flag: false },
  ])('$what → caseInBlock14d $flag', ({ date, flag }) => {
    expect(computeHouseholdFlags({ assessmentDate: D, members: [], lastCaseInBlockDate: date }).caseInBlock14d).toBe(flag);
  });
  it.each([
    { what: '65 unvaccinated', age: 65, doses: [], flag: true },
    { what: '64 unvaccinated', age: 64, doses: [], flag: false },
    { what: '70 with a dose', age: 70, doses: [{ date: '2021-09-01', vaccine: 'AZ', doseNumber: 1 }], flag: false },
    { what: 'age unknown', age: null, doses: [], flag: false },
  ])('$what → unvaccinatedMember65 $flag', ({ age, doses, flag }) => {
    expect(computeHouseholdFlags({ assessmentDate: D, members: [adult(doses, age)], lastCaseInBlockDate: null }).unvaccinatedMember65).toBe(flag);
  });
  it('flags an active case', () => {
    expect(computeHouseholdFlags({ assessmentDate: D, members: [adult([], 30, true)], lastCaseInBlockDate: null }).activeCase).toBe(true);
  });
});

describe('gradeHousehold', () => {
  const none: HouseholdFlags = { activeCase: false, pendingRetest: false, caseInBlock14d: false, unvaccinatedMember65: false, overdueSecondDose: false,
    membersUnvaccinated65: 0, membersOverdueSecondDose: 0, membersUnknownVaccine: 0, membersUnknownAge: 0 };
  it.each([
    { what: 'no flag', flags: {}, tier: 'green' },
    { what: 'case in block only', flags: { caseInBlock14d: true }, tier: 'yellow' },
    { what: 'unvaccinated 65+ only', flags: { unvaccinatedMember65: true }, tier: 'yellow' },
    { what: 'overdue dose only', flags: { overdueSecondDose: true }, tier: 'yellow' },
    { what: 'case in block + unvaccinated 65+', flags: { caseInBlock14d: true, unvaccinatedMember65: true }, tier: 'orange' },
    { what: 'case in block + overdue', flags: { caseInBlock14d: true, overdueSecondDose: true }, tier: 'orange' },
    { what: 'active case', flags: { activeCase: true }, tier: 'red' },
  ])('$what → $tier', ({ flags, tier }) => {
    const grade = gradeHousehold({ ...none, ...flags });
    expect(grade.tier).toBe(tier);
    expect(grade.reasons.length).toBe(Object.keys(flags).length);
  });
});
