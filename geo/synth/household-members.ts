/**
 * The members of one household with a plausible family structure: a head,
 * usually a spouse, children born when their mother was 18–42, sometimes the
 * head's parents, grandchildren when the head is old, other relatives to fill
 * the rest. Children take their father's family name; wives keep their own
 * (Vietnamese custom), so most but not all members share the head's name.
 */
import type { Random } from '../random.ts';
import { sampleAgeYears } from './age-pyramid.ts';
import type { SyntheticHousehold } from './households.ts';
import { sampleFamilyName, type Sex } from './names.ts';
import { generatePerson, type HouseholdContext, type HouseholdRole, type SyntheticPerson } from './person.ts';

const MAX_AGE_YEARS = 99;

/** A planned member before names and numbers are drawn. */
interface Slot { role: HouseholdRole; sex: Sex; ageYears: number; familyName?: string }

/**
 * Generates `household.size` people (head first) at `referenceDate`
 * (`YYYY-MM-DD`). Single-person households are adults 18–99, mostly young
 * (the pyramid's adult ages); heads of larger households are 22–85.
 */
export function generateHouseholdMembers(
  rng: Random, household: Pick<SyntheticHousehold, 'size' | 'familyName' | 'originProvinceCode'>, referenceDate: string,
): SyntheticPerson[] {
  const context: HouseholdContext = { familyName: household.familyName, originProvinceCode: household.originProvinceCode };
  return planMembers(rng, household.size, household.familyName).map((slot) =>
    generatePerson(rng, { referenceDate, household: context, ...slot }));
}

/** Roles, sexes, ages and inherited family names for a household of `size` (1–8, clamped). */
function planMembers(rng: Random, size: number, headFamilyName: string): Slot[] {
  const n = Math.max(1, Math.min(8, Math.round(size)));
  const headSex: Sex = rng.next() < 0.7 ? 'M' : 'F';
  const headAge = n === 1 ? sampleAgeYears(rng, undefined, 18, MAX_AGE_YEARS) : sampleAgeYears(rng, undefined, 22, 85);
  const slots: Slot[] = [{ role: 'head', sex: headSex, ageYears: headAge, familyName: headFamilyName }];
  const other: Sex = headSex === 'M' ? 'F' : 'M';
  let spouse: Slot | null = null;
  if (slots.length < n && rng.next() < 0.85) {
    const gap = Math.round(3 + rng.normal() * 3) * (headSex === 'M' ? -1 : 1);
    spouse = { role: 'spouse', sex: other, ageYears: clampAge(headAge + gap, 18), familyName: sampleFamilyName(rng) };
    slots.push(spouse);
  }
  const mother = headSex === 'F' ? slots[0] : spouse;
  const fatherName = headSex === 'M' || !spouse ? headFamilyName : (spouse.familyName as string);
  if (slots.length < n - 1 && headAge <= 55 && rng.next() < 0.3) {
    const parentAge = clampAge(headAge + rng.int(22, 35), 40);
    slots.push({ role: 'parent', sex: 'M', ageYears: parentAge, familyName: headFamilyName });
    if (slots.length < n - 1 && rng.next() < 0.6) {
      slots.push({ role: 'parent', sex: 'F', ageYears: clampAge(parentAge - rng.int(0, 5), 40), familyName: sampleFamilyName(rng) });
    }
  }
  const motherAge = mother ? mother.ageYears : headAge;
  const children: Slot[] = [];
  while (slots.length < n && motherAge - 18 >= 0 && rng.next() < 0.9) {
    const ageYears = motherAge - rng.int(18, 42);
    if (ageYears < 0) { if (children.length > 0 || motherAge < 18) break; continue; }
    const child: Slot = { role: 'child', sex: rng.next() < 0.51 ? 'M' : 'F', ageYears, familyName: fatherName };
    children.push(child);
    slots.push(child);
  }
  const adultSon = children.find((c) => c.sex === 'M' && c.ageYears >= 20);
  while (slots.length < n && adultSon && rng.next() < 0.8) {
    const ageYears = adultSon.ageYears - rng.int(20, 38);
    if (ageYears < 0) break;
    slots.push({ role: 'grandchild', sex: rng.next() < 0.51 ? 'M' : 'F', ageYears, familyName: fatherName });
  }
  while (slots.length < n) {
    slots.push({ role: 'relative', sex: rng.next() < 0.5 ? 'M' : 'F', ageYears: clampAge(headAge + Math.round(rng.normal() * 10), 14) });
  }
  return slots;
}

function clampAge(ageYears: number, minAge: number): number {
  return Math.max(minAge, Math.min(MAX_AGE_YEARS, ageYears));
}
