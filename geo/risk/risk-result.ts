/**
 * Types of the engine's input and output: what evaluateRisk and
 * rollUpChildTiers take and return. Every result carries its reasons.
 */
import type { ComparisonCheck, CapacityInput } from './conditions.ts';
import type { CountValues, IndicatorName, IndicatorValues, LocalText } from './indicator-catalog.ts';
import type { EdgeConvention } from './bands.ts';

/** Input of evaluateRisk for one unit at one assessment date. */
export interface RiskInput {
  /** Indicator values from computeIndicators (missing or null = unknown). */
  indicators: Partial<IndicatorValues>;
  /** Total population; null = unknown. Checked against the set's minimum population. */
  population: number | null;
  /** Raw counts from computeIndicators; reported with "insufficient data" and used by minimum-count rules. */
  counts?: Partial<CountValues>;
  /** Tier id the unit had at the previous assessment (for "may not be lowered" rules); null/omitted = unknown. */
  previousTierId?: string | null;
  /** Capacity figures a health department enters; omitted fields are unknown. */
  capacity?: CapacityInput;
}

/** Why a result is what it is; one entry per step, in the order the engine took them. */
export type RiskReason =
  | {
      kind: 'band';
      indicator: IndicatorName;
      /** Value as given. */
      value: number;
      /** Value after the rule set's rounding (what was banded). */
      valueUsed: number;
      roundDecimals: number | null;
      windowDays: number;
      band: { from: number; to: number | null; level: number };
      edges: EdgeConvention;
      /** The band as an interval, e.g. `[0, 20)`. */
      interval: string;
    }
  | { kind: 'indicatorMissing'; indicator: IndicatorName; optional: boolean }
  | { kind: 'combineMax'; level: number; decidedBy: IndicatorName[] }
  | {
      kind: 'adjustment';
      id: string;
      stage: 'level' | 'tier';
      applied: boolean;
      /** Level (stage `level`) or tier id (stage `tier`) before and after. */
      from: number | string;
      to: number | string;
      description: LocalText;
      checks: ComparisonCheck[];
      /** Plain English: why it was or was not applied. */
      why: string;
    }
  | {
      kind: 'matrix';
      level: number;
      column: string;
      /** What chose the column: an indicator check or the capacity input. */
      basis: { indicator: IndicatorName; value: number | null; atLeast: number } | { capacity: 'responseCapacity'; value: string | null };
      /** True when the input was unknown and the set's `whenUnknown` column was used. */
      assumed: boolean;
      tier: string;
    }
  | { kind: 'tierFromLevel'; level: number; tier: string }
  | { kind: 'rule'; index: number; tier: string; matched: boolean; description: LocalText; checks: ComparisonCheck[] }
  | { kind: 'otherwise'; tier: string }
  | {
      kind: 'insufficientData';
      /** Causes in both languages, e.g. `{ vi: 'dân số 0 không lớn hơn 0', en: 'population 0 is not above 0' }`. */
      causes: LocalText[];
      population: number | null;
      counts: Partial<CountValues>;
      missingIndicators: IndicatorName[];
    }
  | {
      kind: 'childShares';
      /** Children with data per tier id, children without data, and unknown tier ids given. */
      childrenByTier: Record<string, number>;
      childrenWithData: number;
      childrenWithoutData: number;
      unknownTierIds: string[];
    }
  | {
      kind: 'shareRule';
      index: number;
      tier: string;
      matched: boolean;
      description: LocalText;
      tests: { atLeastTier: string; count: number; sharePercent: number; minSharePercent: number | null; minCount: number | null; holds: boolean }[];
    };

/** Result of evaluateRisk or rollUpChildTiers. */
export interface RiskResult {
  ruleSetId: string;
  ruleSetVersion: string;
  /** Tier id (the insufficient-data tier's id when `insufficientData`). */
  tier: string;
  /** 1 = lowest risk; null when `insufficientData`. */
  tierOrder: number | null;
  tierLabel: LocalText;
  /** CSS colour `#rrggbb` of the tier. */
  colour: string;
  insufficientData: boolean;
  reasons: RiskReason[];
  /** The reasons in one or two plain sentences, in Vietnamese and English. */
  summary: LocalText;
}
