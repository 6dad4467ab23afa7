/**
 * The Fellegi–Sunter linkage model as data: for every compared field and
 * agreement level, m = P(level | same person) and u = P(level | different
 * people); the weight of a level is log2(m / u). Two thresholds on the
 * summed weight decide link / review / new.
 */
import type { AgreementLevel } from './compare.ts';

/** The person fields compared. */
export const LINKAGE_FIELDS = ['idHash', 'nameKey', 'givenName', 'familyName', 'birthDate', 'sex', 'phone', 'addressKey'] as const;
/** One compared field. */
export type LinkageField = (typeof LINKAGE_FIELDS)[number];

/** m and u for one agreement level (probabilities in (0, 1]). */
export interface MU {
  m: number;
  u: number;
}

/** m/u per level for one field; a field without 'partial' treats partial as disagree. */
export interface FieldModel {
  agree: MU;
  partial?: MU;
  disagree: MU;
}

/** A full model: per-field m/u and the decision thresholds (log2 units). */
export interface LinkageModel {
  fields: Readonly<Record<LinkageField, FieldModel>>;
  /** Score at or above which a pair is the same person. */
  linkThreshold: number;
  /** Score at or above which (and below link) a pair goes to a person for review. */
  reviewThreshold: number;
}

/**
 * Default weights for Ho Chi Minh City records. u values are chance
 * agreement among candidate pairs: the family name agrees by chance about
 * one time in six (about 38% of people are Nguyễn), sex one time in two; a
 * phone or address agrees for members of one household, so their u is
 * higher than for random pairs. nameKey and givenName are correlated (the
 * key contains the given name); the weights are set conservatively for it.
 * With these weights same-sex twins sharing a household (phone, address,
 * birth date; different given names) score about 17: review, not link.
 * Thresholds were checked on the synthetic population in the tests.
 */
export const DEFAULT_LINKAGE_MODEL: LinkageModel = {
  fields: {
    idHash: { agree: { m: 0.97, u: 1e-6 }, disagree: { m: 0.03, u: 0.999999 } },
    nameKey: { agree: { m: 0.88, u: 2e-3 }, partial: { m: 0.09, u: 5e-3 }, disagree: { m: 0.01, u: 0.993 } },
    givenName: { agree: { m: 0.92, u: 0.03 }, partial: { m: 0.06, u: 0.01 }, disagree: { m: 0.02, u: 0.96 } },
    familyName: { agree: { m: 0.95, u: 0.17 }, partial: { m: 0.03, u: 0.01 }, disagree: { m: 0.02, u: 0.82 } },
    birthDate: { agree: { m: 0.92, u: 1e-4 }, partial: { m: 0.06, u: 2e-3 }, disagree: { m: 0.02, u: 0.9979 } },
    sex: { agree: { m: 0.98, u: 0.5 }, disagree: { m: 0.02, u: 0.5 } },
    phone: { agree: { m: 0.8, u: 0.01 }, disagree: { m: 0.2, u: 0.99 } },
    addressKey: { agree: { m: 0.85, u: 0.01 }, disagree: { m: 0.15, u: 0.99 } },
  },
  linkThreshold: 20,
  reviewThreshold: 12,
};

/** The weight (log2 m/u) of one level of one field; 0 for 'missing'. */
export function weightOf(model: FieldModel, level: AgreementLevel): number {
  if (level === 'missing') return 0;
  const mu = level === 'partial' ? (model.partial ?? model.disagree) : model[level];
  return Math.log2(mu.m / mu.u);
}
