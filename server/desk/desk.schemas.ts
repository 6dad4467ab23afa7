// Schemas of the data desk's routes (issue 17).
import { Type } from 'typebox';

export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }) });
export const GlanceQuery = Type.Object({ quietHours: Type.Integer({ minimum: 1, maximum: 24 * 30, default: 24 }) });
const RowError = Type.Object({ field: Type.String(), code: Type.String(), message: Type.String(), severity: Type.Optional(Type.String()) });

export const GlanceResponse = Type.Object({
  quietHours: Type.Integer(),
  sources: Type.Array(Type.Object({
    sourceId: Type.Integer(), code: Type.String(), name: Type.String(), kind: Type.String(), district: Type.Union([Type.String(), Type.Null()]),
    rowsToday: Type.Integer(), rows7d: Type.Integer(), rejectedShare7d: Type.Union([Type.Number(), Type.Null()]), openRejects: Type.Integer(),
    held: Type.Integer(), unplaced: Type.Integer(), lastReceivedAt: Type.Union([Type.String(), Type.Null()]), quiet: Type.Boolean(),
  })),
});

export const SourceResponse = Type.Object({
  batches: Type.Array(Type.Object({
    id: Type.Integer(), kind: Type.String(), channel: Type.String(), fileName: Type.Union([Type.String(), Type.Null()]), status: Type.String(),
    rows: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), held: Type.Integer(), rejected: Type.Integer(),
    unlocated: Type.Integer(), warnings: Type.Record(Type.String(), Type.Integer()), error: Type.Union([Type.String(), Type.Null()]),
    startedAt: Type.String(), finishedAt: Type.Union([Type.String(), Type.Null()]),
  })),
  rejectsByCode: Type.Array(Type.Object({ code: Type.String(), field: Type.String(), count: Type.Integer() })),
});

export const RejectsQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
});
export const RejectsResponse = Type.Object({
  total: Type.Integer(),
  items: Type.Array(Type.Object({ id: Type.Integer(), batchId: Type.Integer(), rowNumber: Type.Integer(), raw: Type.Unknown(), errors: Type.Array(RowError) })),
});

export const FixBody = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }),
    fields: Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  }), { minItems: 1, maxItems: 500 }),
});
export const FixResponse = Type.Object({
  resolved: Type.Integer(),
  stillOpen: Type.Integer(),
  results: Type.Array(Type.Object({ id: Type.Integer(), status: Type.String(), errors: Type.Array(RowError) })),
});

export const ReviewQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
});
export const ReviewResponse = Type.Object({ total: Type.Integer(), items: Type.Array(Type.Unknown()) });
export const DecideBody = Type.Object({ decision: Type.Union([Type.Literal('same'), Type.Literal('different')]) });
export const DecidedResponse = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(), decision: Type.String(), decidedAt: Type.String(), decidedBy: Type.Union([Type.String(), Type.Null()]), score: Type.Number(),
    wardName: Type.Union([Type.String(), Type.Null()]),
  })),
});
export const DecisionResponse = Type.Object({
  id: Type.Integer(), decision: Type.String(), personId: Type.Integer(), districtId: Type.Integer(), releasedEvents: Type.Integer(), casesOpened: Type.Integer(),
});
export const UndoResponse = Type.Object({ id: Type.Integer(), reheldEvents: Type.Integer() });

export const QualityQuery = Type.Object({ level: Type.Union([Type.Literal('district'), Type.Literal('ward')], { default: 'district' }) });
const Share = Type.Union([Type.Number(), Type.Null()]);
export const QualityResponse = Type.Object({
  level: Type.String(),
  lateDays: Type.Integer(),
  units: Type.Array(Type.Object({
    unitId: Type.Integer(), name: Type.String(), code: Type.String(), position: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
    records: Type.Integer(), unplacedShare: Share, heldShare: Share, rejectedShare: Share, lateShare: Share, blindShare: Share,
    lastDataDay: Type.Union([Type.String(), Type.Null()]),
  })),
});
