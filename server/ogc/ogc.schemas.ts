import { Type } from 'typebox';

/** Items per page: OGC's default of 10 is too small for a city's wards; 10,000 bounds one response. */
export const DEFAULT_ITEMS_LIMIT = 100;
export const MAX_ITEMS_LIMIT = 10_000;
/** Deepest offset served: far past the ~20,000 blocks of a city, short of a runaway scan. */
export const MAX_ITEMS_OFFSET = 10_000_000;

const Link = Type.Object({ href: Type.String(), rel: Type.String(), type: Type.Optional(Type.String()), title: Type.Optional(Type.String()) });
const Links = Type.Array(Link);

export const FormatQuery = Type.Object({
  f: Type.Optional(Type.String({ maxLength: 20, description: 'Response format: json only' })),
});

export const LandingResponse = Type.Object({ title: Type.String(), description: Type.String(), links: Links });
export const ConformanceResponse = Type.Object({ conformsTo: Type.Array(Type.String()) });

const Collection = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  itemType: Type.String(),
  crs: Type.Array(Type.String()),
  extent: Type.Object({
    spatial: Type.Object({ bbox: Type.Array(Type.Array(Type.Number())), crs: Type.String() }),
    temporal: Type.Object({ interval: Type.Array(Type.Array(Type.Union([Type.String(), Type.Null()]))), trs: Type.String() }),
  }),
  links: Links,
});

export const CollectionsResponse = Type.Object({ links: Links, collections: Type.Array(Collection) });
export const CollectionResponse = Collection;
export const CollectionParams = Type.Object({ collectionId: Type.String({ maxLength: 64 }) });
export const ItemParams = Type.Object({ collectionId: Type.String({ maxLength: 64 }), featureId: Type.String({ maxLength: 64 }) });

export const ItemsQuery = Type.Object({
  f: Type.Optional(Type.String({ maxLength: 20, description: 'Response format: json only' })),
  bbox: Type.Optional(Type.String({ maxLength: 200, description: 'minLon,minLat,maxLon,maxLat in WGS84 degrees (CRS84)' })),
  datetime: Type.Optional(Type.String({ maxLength: 64, description: 'A date (2021-09-01) or an RFC 3339 instant: tiers standing on that day. Intervals are not supported.' })),
  limit: Type.Integer({ minimum: 1, maximum: MAX_ITEMS_LIMIT, default: DEFAULT_ITEMS_LIMIT, description: `Features per page, 1 … ${MAX_ITEMS_LIMIT}` }),
  offset: Type.Integer({ minimum: 0, maximum: MAX_ITEMS_OFFSET, default: 0, description: 'Features to skip (the next link sets it)' }),
});

export const ItemQuery = Type.Object({
  f: Type.Optional(Type.String({ maxLength: 20 })),
  datetime: Type.Optional(Type.String({ maxLength: 64 })),
});

const UnitProperties = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parent_id: Type.Union([Type.Integer(), Type.Null()]),
  parent_code: Type.Union([Type.String(), Type.Null()]),
  district_id: Type.Union([Type.Integer(), Type.Null()]),
  population: Type.Union([Type.Integer(), Type.Null()]),
  rule_set_id: Type.String(),
  tier: Type.Union([Type.String(), Type.Null()], { description: 'Risk tier standing on the day, null when none was computed' }),
  tier_day: Type.Union([Type.String(), Type.Null()], { description: 'Day the tier was computed for' }),
  tier_insufficient_data: Type.Union([Type.Boolean(), Type.Null()]),
  indicators: Type.Unknown({ description: 'Indicators the tier was computed from (object), null when none' }),
});

const Feature = Type.Object({
  type: Type.Literal('Feature'),
  id: Type.Integer(),
  geometry: Type.Unknown({ description: 'GeoJSON MultiPolygon, CRS84' }),
  properties: UnitProperties,
});

export const ItemsResponse = Type.Object({
  type: Type.Literal('FeatureCollection'),
  timeStamp: Type.String(),
  numberMatched: Type.Integer(),
  numberReturned: Type.Integer(),
  features: Type.Array(Feature),
  links: Links,
});

export const ItemResponse = Type.Object({ ...Feature.properties, links: Links });

