/**
 * Household risk: flags computed from the members and the block, and a tier
 * derived from the flags.
 *
 * Tier mapping [cfg — a default chosen here, not from an official text]:
 * - `red` (đỏ): a member is an active case;
 * - `orange` (cam): a case in the same block in the last 14 days AND a
 *   vulnerable member (unvaccinated 65+ or an overdue second dose);
 * - `yellow` (vàng): any one of: case in the block in the last 14 days,
 *   unvaccinated member 65+, overdue second dose;
 * - `green` (xanh): no flag.
 */
import { toDayNumber } from './dates.ts';
import type { LocalText } from './indicator-catalog.ts';
import { DEFAULT_VACCINE_INTERVALS, type VaccineInterval } from './vaccine-intervals.ts';

/** One dose given to a member. */
export interface DoseRecord {
  /** ISO date. Doses after the assessment date or with an invalid date are ignored. */
  date: string;
  /** Vaccine code, as in the intervals table (e.g. `AZ`, `PFIZER`). */
  vaccine: string;
  /** 1 = first dose, 2 = second, … */
  doseNumber: number;
}

/** A household member as the flags need it (no personal data). */
export interface HouseholdMember {
  /** Age in whole years at the assessment date; null = unknown (never counted as 65+). */
  ageYears: number | null;
  /** Currently an active (not recovered) case. */
  activeCase: boolean;
  /** In a positive pooled sample and not yet individually retested (a pooled positive is never a case). Default false. */
  pendingRetest?: boolean;
  doses: readonly DoseRecord[];
}

/** Input of computeHouseholdFlags. */
export interface HouseholdFlagInput {
  /** Assessment date D (ISO). */
  assessmentDate: string;
  members: readonly HouseholdMember[];
  /** Date of the latest new case in the household's block (this household included); null = none on record. */
  lastCaseInBlockDate: string | null;
  /** Second-dose intervals; default DEFAULT_VACCINE_INTERVALS. */
  vaccineIntervals?: readonly VaccineInterval[];
  /** Extra days allowed after `maxDays` before a second dose is overdue; default 0. */
  overdueGraceDays?: number;
}

/** Household flags and the member counts behind them. */
export interface HouseholdFlags {
  activeCase: boolean;
  /** A member awaits an individual retest after a positive pooled sample. */
  pendingRetest: boolean;
  /** A new case in the same block within D-13 … D. */
  caseInBlock14d: boolean;
  unvaccinatedMember65: boolean;
  overdueSecondDose: boolean;
  membersUnvaccinated65: number;
  membersOverdueSecondDose: number;
  /** Members whose first dose has a vaccine code missing from the table (not flagged, counted). */
  membersUnknownVaccine: number;
  membersUnknownAge: number;
}

/** Household tier ids, lowest risk first. */
export type HouseholdTierId = 'green' | 'yellow' | 'orange' | 'red';

/** Labels and colours of the household tiers. */
export const HOUSEHOLD_TIERS: Record<HouseholdTierId, { order: number; label: LocalText; colour: string }> = {
  green: { order: 1, label: { vi: 'Xanh', en: 'Green' }, colour: '#2e7d32' },
  yellow: { order: 2, label: { vi: 'Vàng', en: 'Yellow' }, colour: '#f9a825' },
  orange: { order: 3, label: { vi: 'Cam', en: 'Orange' }, colour: '#ef6c00' },
  red: { order: 4, label: { vi: 'Đỏ', en: 'Red' }, colour: '#c62828' },
};

/** A household's tier with the flags that decided it (flag names, in plain English and Vietnamese). */
export interface HouseholdGrade {
  tier: HouseholdTierId;
  tierLabel: LocalText;
  colour: string;
  reasons: LocalText[];
}

function validDoses(doses: readonly DoseRecord[], d: number): { day: number; dose: DoseRecord }[] {
  return doses
    .map((dose) => ({ day: toDayNumber(dose.date), dose }))
    .filter((x): x is { day: number; dose: DoseRecord } => x.day !== null && x.day <= d)
    .sort((a, b) => a.day - b.day);
}

type DoseStatus = 'overdue' | 'ok' | 'unknownVaccine';

function secondDoseStatus(doses: { day: number; dose: DoseRecord }[], d: number,
  table: readonly VaccineInterval[], graceDays: number): DoseStatus {
  if (doses.length === 0 || doses.some((x) => x.dose.doseNumber >= 2)) return 'ok';
  const first = doses[0] as { day: number; dose: DoseRecord };
  const interval = table.find((v) => v.code === first.dose.vaccine);
  if (!interval) return 'unknownVaccine';
  if (interval.primaryDoses < 2) return 'ok';
  return d - first.day > interval.maxDays + graceDays ? 'overdue' : 'ok';
}

/**
 * Flags of one household at date D. A member is unvaccinated when no valid
 * dose is dated on or before D. A second dose is overdue when a member has
 * only dose-1 records, the first dose's vaccine expects 2+ doses, and more
 * than `maxDays + overdueGraceDays` days have passed since it (AZ: overdue
 * from day 85 after dose 1 with the default table and grace 0). Invalid D:
 * every flag false except `activeCase`.
 */
export function computeHouseholdFlags(input: HouseholdFlagInput): HouseholdFlags {
  const d = toDayNumber(input.assessmentDate);
  const table = input.vaccineIntervals ?? DEFAULT_VACCINE_INTERVALS;
  const graceDays = input.overdueGraceDays ?? 0;
  const flags: HouseholdFlags = {
    activeCase: input.members.some((m) => m.activeCase), pendingRetest: input.members.some((m) => m.pendingRetest === true), caseInBlock14d: false, unvaccinatedMember65: false,
    overdueSecondDose: false, membersUnvaccinated65: 0, membersOverdueSecondDose: 0, membersUnknownVaccine: 0, membersUnknownAge: 0,
  };
  if (d === null) return flags;
  const lastCase = input.lastCaseInBlockDate === null ? null : toDayNumber(input.lastCaseInBlockDate);
  flags.caseInBlock14d = lastCase !== null && lastCase <= d && lastCase > d - 14;
  for (const member of input.members) {
    const doses = validDoses(member.doses, d);
    if (member.ageYears === null || !Number.isFinite(member.ageYears)) flags.membersUnknownAge++;
    else if (member.ageYears >= 65 && doses.length === 0) flags.membersUnvaccinated65++;
    const status = secondDoseStatus(doses, d, table, graceDays);
    if (status === 'overdue') flags.membersOverdueSecondDose++;
    if (status === 'unknownVaccine') flags.membersUnknownVaccine++;
  }
  flags.unvaccinatedMember65 = flags.membersUnvaccinated65 > 0;
  flags.overdueSecondDose = flags.membersOverdueSecondDose > 0;
  return flags;
}

/** The household tier from its flags (mapping in the file comment), with the flags that decided it. */
export function gradeHousehold(flags: HouseholdFlags): HouseholdGrade {
  const reasons: LocalText[] = [];
  if (flags.activeCase) reasons.push({ vi: 'có người đang mắc bệnh', en: 'a member is an active case' });
  if (flags.pendingRetest) reasons.push({ vi: 'có người chờ xét nghiệm lại cá nhân sau mẫu gộp dương tính', en: 'a member awaits an individual retest after a positive pooled sample' });
  if (flags.caseInBlock14d) reasons.push({ vi: 'có ca mắc trong tổ/khối trong 14 ngày qua', en: 'a case in the same block in the last 14 days' });
  if (flags.unvaccinatedMember65) reasons.push({ vi: 'có người từ 65 tuổi chưa tiêm', en: 'an unvaccinated member aged 65+' });
  if (flags.overdueSecondDose) reasons.push({ vi: 'có người quá hạn tiêm mũi 2', en: 'a member overdue for the second dose' });
  const vulnerable = flags.unvaccinatedMember65 || flags.overdueSecondDose;
  const tier: HouseholdTierId = flags.activeCase ? 'red'
    : flags.caseInBlock14d && vulnerable ? 'orange'
      : flags.caseInBlock14d || vulnerable || flags.pendingRetest ? 'yellow'
        : 'green';
  const info = HOUSEHOLD_TIERS[tier];
  return { tier, tierLabel: info.label, colour: info.colour, reasons };
}
