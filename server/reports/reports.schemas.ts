import { Type } from 'typebox';
import { BigIdParams } from '../routes/schema-types.ts';
import { IsoDate } from '../risk/units.schemas.ts';

export const Format = Type.Union(['pdf', 'xlsx', 'csv', 'geojson'].map((f) => Type.Literal(f)));

export const ReportBody = Type.Object({
  format: Format,
  date: Type.Optional(IsoDate),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  ruleSet: Type.Optional(Type.String({ description: 'rule set id; default moh-4800' })),
  level: Type.Optional(Type.Union(['district', 'ward', 'neighbourhood', 'block'].map((l) => Type.Literal(l)), { description: 'list the units of this level inside the zone instead of the zone\'s own units' })),
  language: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')], { description: 'language of XLSX headers and labels; default vi' })),
}, { additionalProperties: false });

export const ReportFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'PDF, XLSX, CSV or GeoJSON' });

export const JobParams = BigIdParams;

export const JobResponse = Type.Object({
  id: Type.Integer(),
  zoneId: Type.Integer(),
  format: Type.String(),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')]),
  progress: Type.Number({ description: '0–1: units done / units total' }),
  unitsDone: Type.Integer(),
  unitsTotal: Type.Integer(),
  error: Type.Union([Type.String(), Type.Null()]),
  fileName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  downloadUrl: Type.Union([Type.String(), Type.Null()]),
});
