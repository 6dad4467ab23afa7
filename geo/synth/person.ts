/**
 * One synthetic person: name, sex, birth date, phone and CCCD, consistent
 * with each other (the CCCD's century/sex digit and year match the birth
 * date and sex).
 */
import type { Random } from '../random.ts';
import { HCMC_2019_PYRAMID, parseIsoDate, sampleAgeYears, sampleBirthDateForAge } from './age-pyramid.ts';
import { generateNationalId, generatePhone, sampleBirthProvinceCode } from './identity.ts';
import { composeFullName, sampleFamilyName, sampleGivenName, sampleMiddleName, type Sex } from './names.ts';

/** A person's place in their household. */
export type HouseholdRole = 'head' | 'spouse' | 'child' | 'grandchild' | 'parent' | 'relative';

/** What a person takes from their household. */
export interface HouseholdContext {
  /** The head's family name, which most members share. */
  familyName: string;
  /** CCCD province code of the family's home province (`079` for a Saigon family). */
  originProvinceCode: string;
}

/** A generated person. Strings are NFC; `birthDate` is `YYYY-MM-DD`. */
export interface SyntheticPerson {
  familyName: string;
  middleName: string;
  givenName: string;
  fullName: string;
  sex: Sex;
  birthDate: string;
  /** E.164 (`+84…`), or null: no phone under 12, some teenagers and elderly people without one. */
  phone: string | null;
  /** 12-digit CCCD, or null: 70% of children under 14 have none (cards were issued from 14). */
  nationalId: string | null;
  /** CCCD province code of birth registration (first 3 digits of `nationalId`). */
  birthProvinceCode: string;
  role: HouseholdRole | null;
}

/** Constraints for `generatePerson`; anything left out is drawn at random. */
export interface PersonOptions {
  /** `YYYY-MM-DD`: ages are counted at this date. */
  referenceDate: string;
  household?: HouseholdContext;
  sex?: Sex;
  /** Completed years at `referenceDate` (0–120). Default: drawn from the HCMC 2019 pyramid. */
  ageYears?: number;
  /** Default: the household's name with probability 0.85, else drawn from the shares. */
  familyName?: string;
  role?: HouseholdRole;
}

/** Probability of having a mobile phone by age in years. */
function computePhoneProbability(ageYears: number): number {
  if (ageYears < 12) return 0;
  if (ageYears < 18) return 0.6;
  if (ageYears < 70) return 0.97;
  return 0.6;
}

/**
 * Generates one person. Children (under 18) are mostly registered in
 * Ho Chi Minh City (079, 85%); adults take the household's origin province
 * with probability 0.7, else 079 with 55%, else a migrant province.
 */
export function generatePerson(rng: Random, options: PersonOptions): SyntheticPerson {
  const { referenceDate, household } = options;
  const sex: Sex = options.sex ?? (rng.next() < 0.5 ? 'M' : 'F');
  const ageYears = options.ageYears ?? sampleAgeYears(rng, HCMC_2019_PYRAMID);
  if (!(Number.isInteger(ageYears) && ageYears >= 0 && ageYears <= 120)) throw new RangeError(`age out of range: ${ageYears}`);
  const birthDate = sampleBirthDateForAge(rng, referenceDate, ageYears);
  const birthYear = parseIsoDate(birthDate).year;
  const familyName = options.familyName
    ?? (household && rng.next() < 0.85 ? household.familyName : sampleFamilyName(rng));
  const middleName = sampleMiddleName(rng, sex, birthYear);
  const givenName = sampleGivenName(rng, sex);
  let birthProvinceCode: string;
  if (ageYears < 18) birthProvinceCode = sampleBirthProvinceCode(rng, 0.85);
  else if (household && rng.next() < 0.7) birthProvinceCode = household.originProvinceCode;
  else birthProvinceCode = sampleBirthProvinceCode(rng, 0.55);
  const hasId = ageYears >= 14 || rng.next() < 0.3;
  const hasPhone = rng.next() < computePhoneProbability(ageYears);
  return {
    familyName, middleName, givenName,
    fullName: composeFullName(familyName, middleName, givenName),
    sex, birthDate,
    phone: hasPhone ? generatePhone(rng) : null,
    nationalId: hasId ? generateNationalId(rng, birthYear, sex, birthProvinceCode) : null,
    birthProvinceCode,
    role: options.role ?? null,
  };
}
