import { Type } from 'typebox';
import { BigId, Id, IsoDate, Offset } from '../routes/schema-types.ts';

const ProgressLevel = Type.Union(['district', 'ward', 'neighbourhood', 'block'].map((l) => Type.Literal(l)));
const Flag = Type.Union(['activeCase', 'caseInBlock14d', 'unvaccinatedMember65', 'overdueSecondDose'].map((f) => Type.Literal(f)));
/** A count, or a suppressed one ("<5") for callers who may not see individuals. */
const Count = Type.Union([Type.Integer(), Type.String({ description: 'suppressed small count, e.g. "<5"' })]);

export const RoundParams = Type.Object({ id: Id() });
export const DeliveryParams = Type.Object({ id: Id(), householdId: BigId() });

const Criteria = Type.Object({
  tier: Type.Optional(Type.Union([Type.Null(), Type.Object({
    ruleSet: Type.Optional(Type.String({ description: 'rule set id; default moh-4800' })),
    level: ProgressLevel,
    atLeast: Type.String({ description: 'tier id of the rule set: units at this tier or riskier' }),
  }, { additionalProperties: false })])),
  flags: Type.Optional(Type.Array(Flag, { uniqueItems: true, description: 'households with any of these flags on the date' })),
}, { additionalProperties: false, description: 'Both parts must hold (tier AND any flag); a part left out does not filter.' });

export const CreateRoundBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  zoneId: Type.Optional(Id({ description: 'a saved zone (GET /api/zones)' })),
  unitIds: Type.Optional(Type.Array(Id(), { minItems: 1, maxItems: 1000, description: 'units of any level below the city, instead of zoneId' })),
  date: IsoDate,
  criteria: Criteria,
}, { additionalProperties: false });

export const RoundResponse = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  zoneId: Type.Union([Type.Integer(), Type.Null()]),
  unitIds: Type.Array(Type.Integer()),
  date: Type.String(),
  criteria: Type.Unknown(),
  householdCount: Count,
  deliveredCount: Count,
  createdBy: Type.String(),
  createdAt: Type.String(),
  canListHouseholds: Type.Boolean({ description: 'true for a ward official whose unit the round covers' }),
});

export const RoundsResponse = Type.Object({ rounds: Type.Array(RoundResponse) });

export const HouseholdsQuery = Type.Object({
  unitId: Type.Optional(Id({ description: 'only households in this unit (block, neighbourhood, ward or district)' })),
  status: Type.Optional(Type.Union([Type.Literal('delivered'), Type.Literal('pending')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Offset({ default: 0 })),
});

export const CsvQuery = Type.Object({
  unitId: Type.Optional(Id()),
  status: Type.Optional(Type.Union([Type.Literal('delivered'), Type.Literal('pending')])),
});

const Household = Type.Object({
  householdId: Type.Integer(),
  address: Type.String(),
  members: Type.Integer(),
  unitId: Type.Integer({ description: 'block (or ward where not subdivided)' }),
  wardId: Type.Integer(),
  tier: Type.String({ description: 'household tier on the round date: green, yellow, orange, red' }),
  flags: Type.Object({ activeCase: Type.Boolean(), caseInBlock14d: Type.Boolean(), unvaccinatedMember65: Type.Boolean(), overdueSecondDose: Type.Boolean() }),
  delivered: Type.Boolean(),
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  deliveredBy: Type.Union([Type.String(), Type.Null()]),
});

export const HouseholdsResponse = Type.Object({
  roundId: Type.Integer(),
  total: Type.Integer({ description: 'households matching the filter in your part of the round' }),
  limit: Type.Integer(),
  offset: Type.Integer(),
  households: Type.Array(Household),
});

export const DeliveryResponse = Type.Object({
  roundId: Type.Integer(),
  householdId: Type.Integer(),
  delivered: Type.Boolean(),
  deliveredAt: Type.Union([Type.String(), Type.Null()], { description: 'first time it was marked (kept when marked again)' }),
  deliveredBy: Type.Union([Type.String(), Type.Null()]),
  changed: Type.Boolean({ description: 'false when it was already in that state' }),
});

export const ProgressQuery = Type.Object({ level: Type.Optional(ProgressLevel) });

export const ProgressResponse = Type.Object({
  roundId: Type.Integer(),
  level: Type.String(),
  units: Type.Array(Type.Object({
    unitId: Type.Integer(),
    name: Type.String(),
    total: Count,
    delivered: Count,
    position: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()], { description: '[lng, lat] of a point inside the unit' }),
  })),
});

