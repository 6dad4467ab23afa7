import { Type } from 'typebox';
import { Id, IdParams } from '../routes/schema-types.ts';

export const ZoneParams = IdParams;
const Name = Type.String({ minLength: 1, maxLength: 200, description: 'shown on reports; any text (CSV/XLSX cells are neutralised)' });
const ZoneLevel = Type.Union(['district', 'ward', 'neighbourhood', 'block'].map((l) => Type.Literal(l)));

export const CreateZoneBody = Type.Union([
  Type.Object({ name: Name, unitIds: Type.Array(Id(), { maxItems: 5000 }), shared: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  Type.Object({
    name: Name,
    geometry: Type.Unsafe<unknown>({ type: 'object', description: 'GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection of them, [longitude, latitude]' }),
    level: Type.Optional(ZoneLevel),
    shared: Type.Optional(Type.Boolean()),
  }, { additionalProperties: false }),
]);

export const ZoneResponse = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('units'), Type.Literal('polygon')]),
  unitIds: Type.Array(Type.Integer()),
  geometryGeoJson: Type.Union([Type.String(), Type.Null()]),
  districtIds: Type.Array(Type.Integer()),
  ownerId: Type.Integer(),
  shared: Type.Boolean(),
  unitLevel: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const ZoneListResponse = Type.Object({ zones: Type.Array(ZoneResponse) });
