/**
 * The rule-set document: a risk model as data. This TypeBox schema is the
 * single source of the document's shape (the server can serve and check it
 * as JSON Schema); the `RuleSet` type is derived from it. Meaning of the
 * fields beyond their shape is in README.md and checked by validateRuleSet.
 */
import Type from 'typebox';
import { COUNT_NAMES, INDICATOR_NAMES } from './indicator-catalog.ts';

/** Administrative levels a rule set may apply to, largest first. */
export const UNIT_LEVELS = ['city', 'district', 'ward', 'neighbourhood', 'block'] as const;
/** An administrative level. */
export type UnitLevel = (typeof UNIT_LEVELS)[number];

const LocalTextSchema = Type.Object({ vi: Type.String(), en: Type.String() }, { additionalProperties: false });
const IndicatorNameSchema = Type.Enum(INDICATOR_NAMES);
const CountNameSchema = Type.Enum(COUNT_NAMES);
const OpSchema = Type.Enum(['<', '<=', '>', '>=', '=='] as const);

/** A tier of the scale; `order` 1 is the lowest risk. */
export const TierSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  order: Type.Integer({ minimum: 1 }),
  label: LocalTextSchema,
  /** CSS colour, `#rrggbb`. */
  colour: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
}, { additionalProperties: false });

/** One band of an indicator. `to: null` means no upper edge (∞). */
export const BandSchema = Type.Object({
  from: Type.Number({ minimum: 0 }),
  to: Type.Union([Type.Number(), Type.Null()]),
  level: Type.Integer({ minimum: 1 }),
}, { additionalProperties: false });

/**
 * An indicator the model uses. `edges`: `lowerInclusive` = bands are [from, to);
 * `upperInclusive` = bands are (from, to], except that a band starting at 0
 * includes 0. `roundDecimals`: round half up to this many decimals before
 * banding (0 = whole numbers, as MoH publishes); null = no rounding.
 * `bands` null = the indicator is only used in conditions or the matrix.
 * `optional`: a missing value is skipped instead of making the result "insufficient data".
 */
export const IndicatorRuleSchema = Type.Object({
  indicator: IndicatorNameSchema,
  windowDays: Type.Integer({ minimum: 0 }),
  roundDecimals: Type.Union([Type.Integer({ minimum: 0, maximum: 6 }), Type.Null()]),
  edges: Type.Enum(['lowerInclusive', 'upperInclusive'] as const),
  bands: Type.Union([Type.Array(BandSchema), Type.Null()]),
  optional: Type.Boolean(),
}, { additionalProperties: false });

const IndicatorComparisonSchema = Type.Object(
  { indicator: IndicatorNameSchema, op: OpSchema, value: Type.Number() },
  { additionalProperties: false },
);
const CountComparisonSchema = Type.Object(
  { count: CountNameSchema, op: OpSchema, value: Type.Number() },
  { additionalProperties: false },
);
const CapacityComparisonSchema = Type.Object(
  { capacity: Type.Literal('treatmentCapacityMet'), equals: Type.Boolean() },
  { additionalProperties: false },
);
/** A single test on an indicator, a raw count or a capacity input. An unknown value never satisfies it. */
export const ComparisonSchema = Type.Union([IndicatorComparisonSchema, CountComparisonSchema, CapacityComparisonSchema]);
/** A comparison, or all / any of a list of comparisons. */
export const ConditionSchema = Type.Union([
  ComparisonSchema,
  Type.Object({ all: Type.Array(ComparisonSchema, { minItems: 1 }) }, { additionalProperties: false }),
  Type.Object({ any: Type.Array(ComparisonSchema, { minItems: 1 }) }, { additionalProperties: false }),
]);

/**
 * A rule applied after combining. `raise`: +`by` levels when `when` holds and
 * `unless` does not, never past the top. `notBelowPrevious`: when `when`
 * holds, the result may not be lower than the previous tier given in the input.
 */
export const AdjustmentSchema = Type.Union([
  Type.Object({
    id: Type.String({ minLength: 1 }),
    kind: Type.Literal('raise'),
    by: Type.Integer({ minimum: 1 }),
    when: ConditionSchema,
    unless: Type.Union([ConditionSchema, Type.Null()]),
    description: LocalTextSchema,
  }, { additionalProperties: false }),
  Type.Object({
    id: Type.String({ minLength: 1 }),
    kind: Type.Literal('notBelowPrevious'),
    when: ConditionSchema,
    description: LocalTextSchema,
  }, { additionalProperties: false }),
]);

/**
 * Level × column → tier id. Column from an indicator (`met` if value ≥ atLeast,
 * else `notMet`) or from the `responseCapacity` input (high / medium / low).
 * `cells[level - 1][i]` is the tier for level and `columns[i]`.
 */
export const MatrixSchema = Type.Object({
  column: Type.Union([
    Type.Object({
      indicator: IndicatorNameSchema,
      atLeast: Type.Number(),
      whenUnknown: Type.Enum(['met', 'notMet'] as const),
    }, { additionalProperties: false }),
    Type.Object({
      capacity: Type.Literal('responseCapacity'),
      whenUnknown: Type.Enum(['high', 'medium', 'low'] as const),
    }, { additionalProperties: false }),
  ]),
  columns: Type.Array(Type.String()),
  cells: Type.Array(Type.Array(Type.String())),
}, { additionalProperties: false });

/** One child-share test: at least `minSharePercent` % (or `minCount`) of children with data are at `atLeastTier` or above. */
export const ShareTestSchema = Type.Object({
  atLeastTier: Type.String(),
  minSharePercent: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
  minCount: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
}, { additionalProperties: false });

/** How band results become a tier. */
export const CombineSchema = Type.Union([
  Type.Object({ mode: Type.Literal('maxOfBands'), indicators: Type.Array(IndicatorNameSchema, { minItems: 1 }) },
    { additionalProperties: false }),
  Type.Object({
    mode: Type.Literal('firstMatch'),
    rules: Type.Array(Type.Object({ tier: Type.String(), when: ConditionSchema, description: LocalTextSchema },
      { additionalProperties: false })),
    otherwise: Type.String(),
  }, { additionalProperties: false }),
  Type.Object({
    mode: Type.Literal('childShares'),
    rules: Type.Array(Type.Object({ tier: Type.String(), any: Type.Array(ShareTestSchema, { minItems: 1 }),
      description: LocalTextSchema }, { additionalProperties: false })),
    otherwise: Type.String(),
    minChildrenWithData: Type.Integer({ minimum: 1 }),
  }, { additionalProperties: false }),
]);

/** The whole rule-set document. */
export const RuleSetSchema = Type.Object({
  id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
  name: LocalTextSchema,
  version: Type.String({ minLength: 1 }),
  /** What the set reads its source as, where the text leaves a choice (e.g. what Plan 2716 counts as a case household). Optional. */
  description: Type.Optional(Type.String()),
  /** Who issued it / where it applies, e.g. `VN`, `VN-SG`, `US`, `any`; overlap checks compare sets of the same jurisdiction. */
  jurisdiction: Type.String({ minLength: 1 }),
  effectiveFrom: Type.String(),
  effectiveTo: Type.Union([Type.String(), Type.Null()]),
  levels: Type.Array(Type.Enum(UNIT_LEVELS), { minItems: 1 }),
  tiers: Type.Array(TierSchema, { minItems: 1 }),
  insufficientTier: Type.Object({ id: Type.String({ minLength: 1 }), label: LocalTextSchema,
    colour: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }) }, { additionalProperties: false }),
  indicators: Type.Array(IndicatorRuleSchema),
  combine: CombineSchema,
  levelAdjustments: Type.Array(AdjustmentSchema),
  matrix: Type.Union([MatrixSchema, Type.Null()]),
  tierAdjustments: Type.Array(AdjustmentSchema),
  insufficientData: Type.Object({
    minPopulation: Type.Number({ minimum: 0 }),
    minCounts: Type.Array(Type.Object({ count: CountNameSchema, min: Type.Number({ minimum: 0 }) },
      { additionalProperties: false })),
  }, { additionalProperties: false }),
  sources: Type.Array(Type.String()),
  /** Plain-language notes; values marked [cfg] are defaults not confirmed against the official text. */
  notes: Type.Array(Type.String()),
}, { additionalProperties: false });

/** A rule-set document that has passed the schema. Use validateRuleSet for the semantic checks. */
export type RuleSet = Type.Static<typeof RuleSetSchema>;
/** A tier of a rule set. */
export type Tier = Type.Static<typeof TierSchema>;
/** A band of an indicator. */
export type Band = Type.Static<typeof BandSchema>;
/** An indicator entry of a rule set. */
export type IndicatorRule = Type.Static<typeof IndicatorRuleSchema>;
/** A condition (comparison, all, any). */
export type Condition = Type.Static<typeof ConditionSchema>;
/** A single comparison. */
export type Comparison = Type.Static<typeof ComparisonSchema>;
/** An adjustment rule. */
export type Adjustment = Type.Static<typeof AdjustmentSchema>;
/** A matrix. */
export type Matrix = Type.Static<typeof MatrixSchema>;
/** The combine section. */
export type Combine = Type.Static<typeof CombineSchema>;
/** A child-share test. */
export type ShareTest = Type.Static<typeof ShareTestSchema>;
