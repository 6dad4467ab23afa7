/**
 * COVID-19 vaccines and dose numbers. Each vaccine keeps a local brand code
 * beside its CVX and ICD-11 codes so nothing is lost in mapping.
 */
import { memoiseText } from './memo.ts';
import { fail, succeed, type NormaliseResult, type RepairFlag } from './quality-codes.ts';
import { compactKey, foldKey, isTooLong } from './text.ts';

/** A vaccine as riskmap stores it. */
export interface VaccineCode {
  /** Local brand code, stable across sources: 'AZ', 'PFIZER', … */
  brand: string;
  /** CVX code, or null when CVX has no code of its own for the product. */
  cvx: string | null;
  /** WHO ICD-11 code (chapter X extension). */
  icd11: string;
  /** Display name. */
  name: string;
}

/** One row of the vaccine table: the code record and the spellings that mean it (any case, accents, punctuation). */
export interface VaccineEntry {
  code: VaccineCode;
  synonyms: readonly string[];
}

/**
 * The vaccine table (formats.md). Hayat-Vax is Sinopharm's BBIBP made in the
 * UAE: CVX 510 names the same product, so it carries cvx null and is
 * listed before Sinopharm. Abdala has no CVX of its own (500 means "non-US,
 * unknown") and its ICD-11 code is the protein-subunit class XM5JC5.
 */
export const VACCINES: readonly VaccineEntry[] = [
  { code: { brand: 'AZ', cvx: '210', icd11: 'XM4YL8', name: 'AstraZeneca (Vaxzevria)' },
    synonyms: ['astrazeneca', 'astra zeneca', 'astra', 'vaxzevria', 'chadox1', 'chadox1 ncov 19', 'azd1222', 'covishield', 'az'] },
  { code: { brand: 'PFIZER', cvx: '208', icd11: 'XM8NQ0', name: 'Pfizer-BioNTech (Comirnaty)' },
    synonyms: ['pfizer', 'biontech', 'comirnaty', 'bnt162b2', 'pfizer biontech', 'pf'] },
  { code: { brand: 'MODERNA', cvx: '207', icd11: 'XM3DT5', name: 'Moderna (Spikevax)' },
    synonyms: ['moderna', 'spikevax', 'mrna 1273', 'mrna1273'] },
  { code: { brand: 'HAYAT', cvx: null, icd11: 'XM9FQ7', name: 'Hayat-Vax' },
    synonyms: ['hayat vax', 'hayatvax', 'hayat'] },
  { code: { brand: 'SINOPHARM', cvx: '510', icd11: 'XM8866', name: 'Sinopharm BBIBP (Vero Cell)' },
    synonyms: ['sinopharm', 'vero cell', 'verocell', 'vero', 'bbibp', 'bbibp corv', 'covilo'] },
  { code: { brand: 'SPUTNIK', cvx: '505', icd11: 'XM5ZJ4', name: 'Sputnik V (Gam-COVID-Vac)' },
    synonyms: ['sputnik v', 'sputnik', 'gam covid vac', 'gamaleya'] },
  { code: { brand: 'JANSSEN', cvx: '212', icd11: 'XM6QV1', name: 'Janssen (Johnson & Johnson)' },
    synonyms: ['janssen', 'johnson johnson', 'johnson and johnson', 'j j', 'jnj', 'ad26 cov2 s', 'jcovden'] },
  { code: { brand: 'ABDALA', cvx: null, icd11: 'XM5JC5', name: 'Abdala' },
    synonyms: ['abdala', 'cigb 66'] },
];

/** Synonyms this short must be the whole value ("AZ"), longer ones may be part of it ("Vắc xin AstraZeneca"). */
const EXACT_ONLY_LENGTH = 3;

/** Finds a vaccine by CVX or ICD-11 code; undefined when not a known code. */
function findByCode(text: string): VaccineEntry | undefined {
  const key = compactKey(text).replace(/^(cvx|icd11|icd)/, '').toUpperCase();
  return VACCINES.find((v) => v.code.cvx === key || v.code.icd11 === key);
}

/**
 * Normalises a vaccine name or code to its VaccineCode. Matching is on
 * accent-free, punctuation-free text: "AstraZeneca", "Astra", "AZ",
 * "ChAdOx1", "Vaxzevria", "Pfizer-BioNTech", "Comirnaty", "Moderna",
 * "Spikevax", "Vero Cell", "Verocell", "BBIBP", "Sputnik V",
 * "Gam-COVID-Vac", "Janssen", "J&J", "Hayat-Vax", "Abdala"; CVX codes
 * ("210", "CVX 208") and ICD-11 codes ("XM4YL8"). Text naming two vaccines
 * → VACCINE_AMBIGUOUS; nothing known → VACCINE_UNKNOWN (also CVX 500);
 * empty → FIELD_MISSING. Results are shared between equal inputs and frozen.
 */
export function normaliseVaccine(raw: string | undefined): NormaliseResult<VaccineCode> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING', 'The vaccine is empty.');
  if (isTooLong(raw, 200)) return fail('FIELD_TOO_LONG', 'The vaccine name is longer than 200 characters.');
  return normaliseVaccineOnce(raw);
}

const normaliseVaccineOnce = memoiseText(normaliseVaccineText);

/** normaliseVaccine of a non-blank cell within the length limit. */
function normaliseVaccineText(raw: string): NormaliseResult<VaccineCode> {
  const byCode = findByCode(raw);
  if (byCode !== undefined) return succeed({ ...byCode.code });
  const key = ` ${foldKey(raw.replace(/&/g, ' '))} `;
  const compact = compactKey(raw);
  const found = VACCINES.filter((v) =>
    v.synonyms.some((s) =>
      s.replace(/ /g, '').length <= EXACT_ONLY_LENGTH ? compact === s.replace(/ /g, '') || key.includes(` ${s} `) : compact.includes(s.replace(/ /g, '')),
    ),
  );
  const brands = found.some((v) => v.code.brand === 'HAYAT') ? found.filter((v) => v.code.brand !== 'SINOPHARM') : found;
  if (brands.length > 1) return fail('VACCINE_AMBIGUOUS', `"${raw.trim().slice(0, 60)}" names ${brands.map((b) => b.code.brand).join(' and ')}.`);
  const one = brands[0];
  if (one === undefined) return fail('VACCINE_UNKNOWN', `"${raw.trim().slice(0, 60)}" is not a known vaccine.`);
  return succeed({ ...one.code });
}

/** Vietnamese number words a dose may be written with (folded). */
const NUMBER_WORDS: Readonly<Record<string, number>> = { mot: 1, hai: 2, ba: 3, bon: 4, tu: 4, nam: 5 };
const BOOSTER = /\b(nhac lai|nhac|booster|tang cuong|bo sung)\b/;

/** Highest dose number accepted (two primary doses, three boosters). */
export const MAX_DOSE_NUMBER = 5;

/**
 * Reads a dose number: "1", "1.0", "Mũi 1", "mui 2", "M2", "dose 3", "lần
 * 2", "mũi thứ hai". A booster ("nhắc lại", "booster", "tăng cường") with
 * no number is dose 3 (flag DOSE_BOOSTER_ASSUMED; after a one-dose Janssen
 * primary this overcounts by one); a booster numbered 1 or 2 ("nhắc lại
 * lần 1", "booster 2") is dose 2 + n, one numbered 3+ ("mũi 3 nhắc lại")
 * keeps its number (flag DOSE_BOOSTER_NUMBERED). Valid 1–5; 0, 6, 9 → DOSE_OUT_OF_RANGE; no number
 * → DOSE_UNPARSEABLE; empty → FIELD_MISSING. Results are shared between
 * equal inputs and frozen.
 */
export function normaliseDoseNumber(raw: string | undefined): NormaliseResult<number> {
  if (raw === undefined || raw.trim() === '') return fail('FIELD_MISSING', 'The dose number is empty.');
  if (isTooLong(raw, 100)) return fail('FIELD_TOO_LONG', 'The dose number is longer than 100 characters.');
  return normaliseDoseNumberOnce(raw);
}

const normaliseDoseNumberOnce = memoiseText(normaliseDoseNumberText);

/** normaliseDoseNumber of a non-blank cell within the length limit. */
function normaliseDoseNumberText(raw: string): NormaliseResult<number> {
  const key = foldKey(raw.replace(/(\d)[.,]0+\b/g, '$1'));
  const flags: RepairFlag[] = [];
  const digits = key.match(/\d+/g);
  const words = key.split(' ').map((w) => NUMBER_WORDS[w]).filter((n): n is number => n !== undefined);
  if ((digits?.length ?? 0) + words.length > 1 && !BOOSTER.test(key)) {
    return fail('DOSE_UNPARSEABLE', `"${raw.trim().slice(0, 40)}" holds more than one number.`);
  }
  let n = digits?.[0] !== undefined ? Number(digits[0]) : words[0];
  if (BOOSTER.test(key)) {
    flags.push(n === undefined ? 'DOSE_BOOSTER_ASSUMED' : 'DOSE_BOOSTER_NUMBERED');
    n = n === undefined ? 3 : n <= 2 ? 2 + n : n;
  }
  if (n !== undefined && /^\s*[-\u2212]\s*\d/.test(raw)) n = -n;
  if (n === undefined) return fail('DOSE_UNPARSEABLE', `"${raw.trim().slice(0, 40)}" has no dose number.`);
  if (n < 1 || n > MAX_DOSE_NUMBER) return fail('DOSE_OUT_OF_RANGE', `Dose ${n} is outside 1–${MAX_DOSE_NUMBER}.`, { dose: n });
  return succeed(n, flags);
}
