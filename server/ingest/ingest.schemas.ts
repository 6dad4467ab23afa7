// TypeBox schemas of the ingest API.
import { Type } from 'typebox';
import { BigIdParams, Offset } from '../routes/schema-types.ts';


export const KindParam = Type.Union([Type.Literal('tests'), Type.Literal('vaccinations')]);

export const SourceQuery = Type.Object({
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Source code, or the X-Riskmap-Source header: an admin names the source to send as; a data source's API key names its own, and a different one is refused" })),
  sourceKind: Type.Optional(Type.String({ description: 'Kind of a source created on first use (test_site, hospital, vaccination_site, …)' })),
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'Map and normalise, report, write nothing' })),
});

export const UploadQuery = Type.Intersect([SourceQuery, Type.Object({ kind: KindParam })]);
export const DryRunQuery = Type.Intersect([SourceQuery, Type.Object({ kind: KindParam })]);

export const BatchSummaryBody = Type.Object({
  batchId: Type.Integer(), sourceId: Type.Integer(), kind: KindParam,
  status: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  rows: Type.Integer(), inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(), held: Type.Integer(),
  rejected: Type.Integer(), unlocated: Type.Integer(), unplaced: Type.Integer(), chunks: Type.Integer(),
  warnings: Type.Record(Type.String(), Type.Integer()), resumed: Type.Boolean(),
});

export const MappingBody = Type.Object({
  columns: Type.Array(Type.Object({ index: Type.Integer(), header: Type.String(), field: Type.Union([Type.String(), Type.Null()]), confidence: Type.Number() })),
  unmapped: Type.Array(Type.Integer()),
});

export const RowErrorBody = Type.Object({ field: Type.String(), code: Type.String(), message: Type.String(), severity: Type.Optional(Type.String()) });

export const DryRunBody = Type.Object({
  dryRun: Type.Literal(true),
  mapping: MappingBody,
  rows: Type.Integer(), accepted: Type.Integer(), rejected: Type.Integer(),
  preview: Type.Array(Type.Object({ rowNumber: Type.Integer(), record: Type.Unknown(), warnings: Type.Array(Type.Unknown()) })),
  rejects: Type.Array(Type.Object({ rowNumber: Type.Integer(), raw: Type.Unknown(), errors: Type.Array(RowErrorBody) })),
});

export const ImportBody = Type.Object({ dryRun: Type.Literal(false), mapping: MappingBody, summary: BatchSummaryBody, encoding: Type.Optional(Type.String()) });

export const IdParam = BigIdParams;
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
  offset: Offset({ default: 0 }),
});

export const BatchBody = Type.Intersect([BatchSummaryBody, Type.Object({
  channel: Type.String(), fileName: Type.Union([Type.String(), Type.Null()]), error: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(), finishedAt: Type.Union([Type.String(), Type.Null()]),
})]);

export const RejectBody = Type.Object({
  id: Type.Integer(), batchId: Type.Integer(), rowNumber: Type.Integer(), raw: Type.Unknown(), errors: Type.Array(RowErrorBody),
  status: Type.String(),
});
export const RejectPage = Type.Object({ total: Type.Integer(), fileName: Type.Union([Type.String(), Type.Null()]), items: Type.Array(RejectBody) });

export const CorrectionRequest = Type.Object({
  fields: Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 100_000 }), Type.Null()]), { description: 'Corrected cells by canonical field (fullName, birthDate, nationalId, doseNumber, …)' }),
});
export const CorrectionBody = Type.Object({
  id: Type.Integer(), status: Type.Union([Type.Literal('resolved'), Type.Literal('open')]), errors: Type.Array(RowErrorBody),
  inserted: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer(),
});

export const ReviewPage = Type.Object({
  total: Type.Integer(),
  items: Type.Array(Type.Object({
    id: Type.Integer(), score: Type.Number(), contributions: Type.Unknown(), incoming: Type.Unknown(), candidate: Type.Unknown(), heldEvents: Type.Integer(),
  })),
});
export const DecisionRequest = Type.Object({ decision: Type.Union([Type.Literal('same'), Type.Literal('different')]) });
export const DecisionBody = Type.Object({
  id: Type.Integer(), decision: Type.String(), personId: Type.Integer(), districtId: Type.Integer(), releasedEvents: Type.Integer(), casesOpened: Type.Integer(),
});
