// Schemas of the admin tool's routes (issue 17).
import { Type } from 'typebox';
import { ROLES } from '../access/policy.ts';
import { SOURCE_KINDS } from './sources.service.ts';

export const IdParam = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const KeyParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), keyId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const Account = Type.Object({
  id: Type.Integer(), username: Type.String(), displayName: Nullable(Type.String()), role: Type.String(),
  unit: Type.Union([Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), level: Type.String() }), Type.Null()]),
  source: Type.Union([Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }), Type.Null()]),
  disabled: Type.Boolean(), lastSignInAt: Nullable(Type.String()), createdAt: Type.String(),
});
export const AccountsResponse = Type.Object({ accounts: Type.Array(Account) });
export const NewAccountBody = Type.Object({
  username: Type.String({ maxLength: 64 }),
  role: Type.Union(ROLES.map((r) => Type.Literal(r))),
  displayName: Type.Optional(Type.String({ maxLength: 200 })),
  unitCode: Type.Optional(Type.String({ maxLength: 64 })),
  sourceCode: Type.Optional(Type.String({ maxLength: 64 })),
});
export const PasswordResponse = Type.Object({ id: Type.Integer(), password: Type.String({ description: 'Shown in this answer only' }) });
export const DisabledBody = Type.Object({ disabled: Type.Boolean() });

export const SourceKey = Type.Object({
  id: Type.Integer(), prefix: Type.String(), label: Nullable(Type.String()), username: Type.String(), createdAt: Type.String(),
  lastUsedAt: Nullable(Type.String()), revokedAt: Nullable(Type.String()),
});
export const Source = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), kind: Type.String(),
  district: Type.Union([Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String() }), Type.Null()]),
  requireNationalId: Type.Boolean(), columnMapping: Type.Unknown(), createdAt: Type.String(), keys: Type.Array(SourceKey),
});
export const SourcesResponse = Type.Object({ sources: Type.Array(Source), kinds: Type.Array(Type.String()) });
export const NewSourceBody = Type.Object({
  code: Type.String({ maxLength: 64 }),
  name: Type.String({ maxLength: 200 }),
  kind: Type.String({ maxLength: 40, description: SOURCE_KINDS.join(' | ') }),
  districtCode: Type.Optional(Type.String({ maxLength: 64 })),
  requireNationalId: Type.Optional(Type.Boolean()),
});
export const KeyBody = Type.Object({ label: Type.Optional(Type.String({ maxLength: 200 })) });
export const KeyResponse = Type.Object({ id: Type.Integer(), key: Type.String({ description: 'Shown in this answer only' }), username: Type.String() });

export const AuditQuery = Type.Object({
  username: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 200 }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
  format: Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }),
});
export const AuditResponse = Type.Object({
  total: Type.Integer(),
  actions: Type.Array(Type.String()),
  items: Type.Array(Type.Object({
    id: Type.Integer(), at: Type.String(), username: Nullable(Type.String()), role: Nullable(Type.String()), method: Type.String(), endpoint: Type.String(),
    action: Type.String(), recordIds: Type.Array(Type.Integer()), unitId: Type.Union([Type.Integer(), Type.Null()]), address: Nullable(Type.String()),
  })),
});

export const PreviewBody = Type.Object({
  document: Type.Unknown({ description: 'A rule-set document (geo/risk/README.md)' }),
  date: Type.String({ format: 'date' }),
  compareWith: Type.Optional(Type.String({ maxLength: 100 })),
});
export const PreviewResponse = Type.Object({
  valid: Type.Boolean(),
  problems: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  ruleSetId: Type.Optional(Type.String()),
  comparedWith: Type.Optional(Type.String()),
  replaces: Type.Optional(Type.Boolean()),
  date: Type.Optional(Type.String()),
  levels: Type.Optional(Type.Array(Type.Object({ level: Type.String(), units: Type.Integer(), changed: Type.Integer(), raised: Type.Integer(), lowered: Type.Integer() }))),
});
