/**
 * Synthetic phone numbers and citizen ID (CCCD) numbers that follow the
 * formats in shared/formats.md (Identity, Phones).
 */
import type { Random } from '../random.ts';
import type { Sex } from './names.ts';

/**
 * Current 10-digit mobile prefixes (after the 2018 renumbering) with weights
 * roughly following market share: Viettel ~55%, VinaPhone ~20%, MobiFone
 * ~20%, Vietnamobile, Gmobile and Itel the rest.
 */
export const MOBILE_PREFIXES: readonly (readonly [string, number])[] = [
  ['086', 4], ['096', 8], ['097', 8], ['098', 8], ['032', 3.5], ['033', 3.5], ['034', 3.5], ['035', 3.5],
  ['036', 3.5], ['037', 3.5], ['038', 3.5], ['039', 3.5],
  ['088', 2], ['091', 5], ['094', 5], ['081', 1.6], ['082', 1.6], ['083', 1.6], ['084', 1.6], ['085', 1.6],
  ['089', 2], ['090', 6], ['093', 5], ['070', 1.4], ['076', 1.4], ['077', 1.4], ['078', 1.4], ['079', 1.4],
  ['092', 1.5], ['056', 0.5], ['058', 0.5], ['099', 0.3], ['059', 0.2], ['087', 1],
];
const prefixWeights = MOBILE_PREFIXES.map(([, w]) => w);

/** A mobile number in E.164 (`+84` and 9 digits, i.e. a 10-digit national number without its 0). */
export function generatePhone(rng: Random): string {
  const prefix = (MOBILE_PREFIXES[rng.weighted(prefixWeights)] as readonly [string, number])[0];
  let rest = '';
  for (let i = 0; i < 7; i++) rest += String(rng.int(0, 9));
  return `+84${prefix.slice(1)}${rest}`;
}

/** Province code for people whose birth was registered in Ho Chi Minh City. */
export const HCMC_PROVINCE_CODE = '079';

/**
 * Birth provinces of migrants to Ho Chi Minh City (CCCD province codes) with
 * rough weights: the Mekong delta, the central coast and the north.
 */
export const MIGRANT_PROVINCE_CODES: readonly (readonly [string, number])[] = [
  ['080', 5], ['082', 5], ['083', 5], ['084', 4], ['086', 4], ['087', 4], ['089', 5], ['091', 4], ['092', 4],
  ['093', 3], ['094', 4], ['095', 3], ['096', 4], ['072', 3], ['074', 2], ['075', 3], ['077', 2], ['070', 1],
  ['060', 3], ['056', 2], ['054', 2], ['052', 4], ['051', 4], ['049', 3], ['048', 1], ['046', 2], ['044', 2],
  ['042', 3], ['040', 4], ['038', 4], ['036', 2], ['034', 2], ['031', 1], ['001', 3], ['066', 2],
];
const migrantWeights = MIGRANT_PROVINCE_CODES.map(([, w]) => w);

/** A birth province: `079` with probability `hcmcShare` (0–1), otherwise a migrant province. */
export function sampleBirthProvinceCode(rng: Random, hcmcShare: number): string {
  if (rng.next() < hcmcShare) return HCMC_PROVINCE_CODE;
  return (MIGRANT_PROVINCE_CODES[rng.weighted(migrantWeights)] as readonly [string, number])[0];
}

/**
 * The CCCD century/sex digit: 1900s male 0 female 1, 2000s 2/3, 2100s 4/5,
 * 2200s 6/7, 2300s 8/9. Throws RangeError for years outside 1900–2399.
 */
export function computeCenturySexDigit(birthYear: number, sex: Sex): number {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 4) throw new RangeError(`no CCCD century digit for ${birthYear}`);
  return century * 2 + (sex === 'F' ? 1 : 0);
}

/**
 * A 12-digit CCCD `PPP G YY RRRRRR`: province code (3 digits), century/sex
 * digit, last two digits of the birth year, 6 random digits.
 */
export function generateNationalId(rng: Random, birthYear: number, sex: Sex, provinceCode: string): string {
  if (!/^\d{3}$/.test(provinceCode)) throw new RangeError(`province code must be 3 digits: ${provinceCode}`);
  let serial = '';
  for (let i = 0; i < 6; i++) serial += String(rng.int(0, 9));
  return `${provinceCode}${computeCenturySexDigit(birthYear, sex)}${String(birthYear % 100).padStart(2, '0')}${serial}`;
}
