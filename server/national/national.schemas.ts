// Schemas of /api/national/*: what the dashboard's national tool reads.
import { Type, type Static } from 'typebox';
import { INT4_MAX, Offset } from '../routes/schema-types.ts';


const Counts = Type.Object({
  pending: Type.Integer({ description: 'queued, waiting for their (next) attempt' }),
  held: Type.Integer({ description: 'queued but held for a linkage review: they leave once it gives them a person' }),
  sending: Type.Integer({ description: 'claimed by a pusher, answer not recorded yet' }),
  sent: Type.Integer(),
  rejected: Type.Integer({ description: 'refused by the national system (4xx with OperationOutcome); not retried' }),
  failed: Type.Integer({ description: 'gave up after the maximum attempts (5xx, timeouts); retried by POST /api/national/push with retryFailed' }),
  superseded: Type.Integer({ description: 'replaced by a newer version of the same record before leaving' }),
});

const NullableString = Type.Union([Type.String(), Type.Null()]);

export const RunSummary = Type.Object({
  id: Type.Integer(),
  endpoint: Type.String(),
  trigger: Type.String(),
  startedAt: Type.String(),
  finishedAt: NullableString,
  bundles: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  retrying: Type.Integer(),
  failed: Type.Integer(),
  error: NullableString,
});

export const StatusResponse = Type.Object({
  configured: Type.Boolean({ description: 'NATIONAL_FHIR_URL is set' }),
  endpoint: NullableString,
  counts: Counts,
  oldestPendingAt: Type.Union([Type.String(), Type.Null()], { description: 'when the oldest record still waiting to leave was queued' }),
  lastRun: Type.Union([RunSummary, Type.Null()]),
});
export type StatusBody = Static<typeof StatusResponse>;

const Issue = Type.Object({
  severity: Type.String(),
  code: Type.String(),
  diagnostics: NullableString,
  expression: Type.Array(Type.String()),
});

export const Rejection = Type.Object({
  outboxId: Type.Integer(),
  eventKind: Type.String(),
  sourceCode: NullableString,
  recordId: Type.String(),
  recordVersion: Type.Integer(),
  personId: Type.Union([Type.Integer(), Type.Null()]),
  httpStatus: Type.Union([Type.Integer(), Type.Null()]),
  issues: Type.Array(Issue),
  rejectedAt: NullableString,
}, { description: 'A record the national system refused, with its OperationOutcome issues; no names or ID numbers.' });
export type RejectionBody = Static<typeof Rejection>;

export const RejectionsResponse = Type.Object({ total: Type.Integer(), items: Type.Array(Rejection) });
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  offset: Offset({ default: 0 }),
});

export const PushRequest = Type.Object({
  retryFailed: Type.Optional(Type.Boolean({ description: 'put records that gave up back in the queue first' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'records to claim at most in this run' })),
});

export const PushResponse = Type.Object({
  runId: Type.Integer(),
  endpoint: Type.String(),
  bundles: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Integer(),
  retrying: Type.Integer(),
  failed: Type.Integer(),
  requeued: Type.Integer(),
  unreachable: Type.Boolean(),
  error: NullableString,
});
