/**
 * Scores a candidate pair of person records and decides link / review /
 * new, with every field's contribution so the decision can be explained.
 */
import { compareBirthDates, compareExact, compareKeys, type AgreementLevel } from './compare.ts';
import { DEFAULT_LINKAGE_MODEL, LINKAGE_FIELDS, weightOf, type LinkageField, type LinkageModel } from './model.ts';

/**
 * The fields of a person used for linkage. Names are accent-free keys
 * (`buildNameLinkageKey`, `foldKey`); birthDate "YYYY-MM-DD" or "YYYY";
 * phone E.164; idHash a keyed hash of the ID number; addressKey from
 * `buildAddressKey`. Any may be null.
 */
export interface LinkagePerson {
  nameKey?: string | null;
  givenName?: string | null;
  familyName?: string | null;
  birthDate?: string | null;
  sex?: string | null;
  phone?: string | null;
  idHash?: string | null;
  addressKey?: string | null;
}

/** One field's part of a score. */
export interface FieldContribution {
  field: LinkageField;
  level: AgreementLevel;
  /** log2(m/u) of the level; 0 when missing. */
  weight: number;
}

/** The decision for a pair: same person, ask a person, or a new person. */
export type LinkDecision = 'link' | 'review' | 'new';

/** The score of a pair and how it was reached. */
export interface PairScore {
  /** Sum of field weights (log2 likelihood ratio). */
  score: number;
  decision: LinkDecision;
  contributions: FieldContribution[];
}

/** Compares one field of two records. */
export function compareField(field: LinkageField, a: LinkagePerson, b: LinkagePerson): AgreementLevel {
  switch (field) {
    case 'birthDate':
      return compareBirthDates(a.birthDate, b.birthDate);
    case 'nameKey':
      return compareKeys(a.nameKey, b.nameKey, 2);
    case 'givenName':
    case 'familyName':
      return compareKeys(a[field], b[field], 1);
    default:
      return compareExact(a[field], b[field]);
  }
}

/**
 * Scores a pair Fellegi–Sunter style: each field's agreement level adds
 * log2(m/u) from the model (missing adds 0); the total is compared with
 * the model's thresholds: ≥ link → 'link', ≥ review → 'review', else 'new'.
 * Two empty records score 0 ('new' with the default model).
 */
export function scorePair(a: LinkagePerson, b: LinkagePerson, model: LinkageModel = DEFAULT_LINKAGE_MODEL): PairScore {
  const contributions = LINKAGE_FIELDS.map((field): FieldContribution => {
    const level = compareField(field, a, b);
    return { field, level, weight: weightOf(model.fields[field], level) };
  });
  const score = contributions.reduce((sum, c) => sum + c.weight, 0);
  return { score, decision: decideLink(score, model), contributions };
}

/** Maps a score to a decision with the model's thresholds. */
export function decideLink(score: number, model: LinkageModel = DEFAULT_LINKAGE_MODEL): LinkDecision {
  if (score >= model.linkThreshold) return 'link';
  if (score >= model.reviewThreshold) return 'review';
  return 'new';
}
