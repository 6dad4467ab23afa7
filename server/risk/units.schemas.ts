import { Type } from 'typebox';
import { UNIT_LEVELS } from '../../geo/risk/index.ts';
import { Id, IsoDate } from '../routes/schema-types.ts';

export { IsoDate };
export const Level = Type.Union(UNIT_LEVELS.map((l) => Type.Literal(l)));
export const UnitParams = Type.Object({ id: Id() });
const Text = Type.Object({ vi: Type.String(), en: Type.String() });
const Legend = Type.Array(Type.Object({ id: Type.String(), label: Text, colour: Type.String() }));
const NullableNumber = Type.Union([Type.Number(), Type.Null()]);
/** A count, or a suppressed one ("<5", "≥5") for callers who may not see individuals. */
const Count = Type.Union([Type.Integer(), Type.String({ description: 'suppressed small count, e.g. "<5"' })]);

export const LevelQuery = Type.Object({
  level: Level,
  date: IsoDate,
  ruleSet: Type.Optional(Type.String({ description: 'rule set id; default moh-4800' })),
  viewProfile: Type.Optional(Type.String({ description: 'view profile id (GET /api/view-profiles): grade each level by its rule set; ruleSet wins when both are given' })),
});

export const UnitColumnsResponse = Type.Object({
  level: Type.Union([Type.String(), Type.Null()]),
  date: Type.String(),
  ruleSetId: Type.String(),
  tiers: Legend,
  id: Type.Array(Type.Integer()),
  tier: Type.Array(Type.Integer({ description: 'index into tiers; -1 = not graded by this rule set' })),
  population: Type.Array(NullableNumber),
  communityCases14d: Type.Array(Count),
  cases7d: Type.Array(Count),
  casesPer100kPerWeek: Type.Array(NullableNumber),
  coverage1Dose18: Type.Array(NullableNumber),
}, { description: 'Columnar: the i-th entry of every array is the i-th unit.' });

export const DateRuleSetQuery = Type.Object({ date: IsoDate, ruleSet: Type.Optional(Type.String()),
  viewProfile: Type.Optional(Type.String({ description: 'view profile id (GET /api/view-profiles): grade each level by its rule set; ruleSet wins when both are given' })),
});

export const ChildrenQuery = Type.Object({
  date: IsoDate,
  ruleSet: Type.Optional(Type.String()),
  viewProfile: Type.Optional(Type.String({ description: 'view profile id (GET /api/view-profiles): grade each level by its rule set; ruleSet wins when both are given' })),
  sort: Type.Optional(Type.Union([Type.Literal('tier'), Type.Literal('cases'), Type.Literal('name'), Type.Literal('id')])),
});

export const ChildrenResponse = Type.Object({
  date: Type.String(),
  ruleSetId: Type.String(),
  tiers: Legend,
  children: Type.Array(Type.Object({
    id: Type.Integer(), code: Type.String(), name: Type.String(), level: Type.String(), population: NullableNumber,
    tier: Type.Union([Type.String(), Type.Null()]), tierIndex: Type.Integer(), communityCases14d: Count, cases7d: Count,
    casesPer100kPerWeek: NullableNumber,
  })),
});

export const HistoryQuery = Type.Object({
  from: IsoDate,
  to: IsoDate,
  ruleSet: Type.Optional(Type.String()),
  viewProfile: Type.Optional(Type.String({ description: 'view profile id (GET /api/view-profiles): grade each level by its rule set; ruleSet wins when both are given' })),
  assessment: Type.Optional(Type.Union([Type.Literal('daily'), Type.Literal('weekly')])),
});

export const HistoryResponse = Type.Object({
  ruleSetId: Type.String(), from: Type.String(), to: Type.String(), assessment: Type.String(), baselineTier: Type.String(),
  // truth-cases (#14): the rule-set version that graded each run and day (rule sets apply as dated).
  runs: Type.Array(Type.Object({ from: Type.String(), tier: Type.String(), ruleSetVersion: Type.Optional(Type.String()) })),
  days: Type.Array(Type.Object({ date: Type.String(), tier: Type.String(), ruleSetVersion: Type.Optional(Type.String()) })),
  counts: Type.Array(Type.Object({ date: Type.String(), cases: Count, communityCases: Count, tests: Count, positives: Count, doses: Type.Array(Count) })),
  weeks: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), cases: Count, communityCases: Count, tests: Count, positives: Count }), {
    description: 'consecutive 7-day windows, the last ending on `to` (a partial week at the start is left out); a window over a withheld day is "<N" or "≥N", so no day can be worked out by subtraction',
  }),
});

export const UnitDetailResponse = Type.Object({
  unit: Type.Object({
    id: Type.Integer(), code: Type.String(), name: Type.String(), level: Type.String(), parentId: Type.Union([Type.Integer(), Type.Null()]),
    population: NullableNumber, population18Plus: NullableNumber, population50Plus: NullableNumber, population65Plus: NullableNumber,
  }),
  date: Type.String(),
  ruleSetId: Type.String(),
  ruleSetVersion: Type.Optional(Type.String({ description: 'the version of the rule set in force on the date' })),
  weekly: Type.Boolean({ description: 'assessed weekly (Mondays): "not lowered" rules compare with the last assessment' }),
  tier: Type.Object({ id: Type.String(), order: Type.Union([Type.Integer(), Type.Null()]), label: Text, colour: Type.String(), insufficientData: Type.Boolean() }),
  summary: Text,
  reasons: Type.Array(Type.Unknown()),
  indicators: Type.Union([Type.Record(Type.String(), NullableNumber), Type.Null()]),
  // truth-cases (#14): pendingRetest = people awaiting an individual retest after a positive pool; dataProblems
  // names figures that cannot be right with their cause (e.g. coverage_above_100: the population is below the vaccinated count).
  standing: Type.Object({ activeCases: Count, atLeastOneDose: Count, fullyVaccinated: Count, booster: Count, pendingRetest: Count }),
  dataProblems: Type.Array(Type.Object({
    code: Type.String(), indicator: Type.String(), numerator: Count, denominator: Type.Union([Type.Number(), Type.Null()]),
  })),
  suppressed: Type.Boolean({ description: 'small counts are shown as "<N" and rates built on them withheld, for this caller' }),
  freshness: Type.Object({ lastDataDay: Type.Union([Type.String(), Type.Null()]) }),
  history: HistoryResponse,
});

export const CapacityBody = Type.Object({
  effectiveFrom: IsoDate,
  treatmentCapacityMet: Type.Optional(Type.Boolean({ description: 'MoH 4800 criterion 3; omit when unknown' })),
  responseCapacity: Type.Optional(Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')], { description: 'MoH 218 step 2; omit when unknown' })),
});

export const CapacityResponse = Type.Array(Type.Object({
  effectiveFrom: Type.String(),
  treatmentCapacityMet: Type.Union([Type.Boolean(), Type.Null()]),
  responseCapacity: Type.Union([Type.String(), Type.Null()]),
}));

export const HouseholdsResponse = Type.Object({
  date: Type.String(),
  households: Type.Array(Type.Object({
    householdId: Type.Integer(), members: Type.Integer(), tier: Type.String(),
    address: Type.Optional(Type.String()), position: Type.Optional(Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()], { description: '[lng, lat]' })), colour: Type.String(), tierLabel: Text,
    reasons: Type.Array(Text),
    flags: Type.Object({
      activeCase: Type.Boolean(), caseInBlock14d: Type.Boolean(), unvaccinatedMember65: Type.Boolean(), overdueSecondDose: Type.Boolean(),
      membersUnvaccinated65: Type.Integer(), membersOverdueSecondDose: Type.Integer(), membersUnknownVaccine: Type.Integer(), membersUnknownAge: Type.Integer(),
      // truth-cases (#14): a member awaits an individual retest after a positive pool.
      pendingRetest: Type.Boolean(),
    }),
  })),
});

