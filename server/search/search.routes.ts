// GET /api/search?q=&limit=: units by name or code (any case, with or
// without diacritics, "phuong 7 quan 3"), and for a ward official the
// households of their own ward or district by address (audited).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { auditPersonalDataRead, requireCaller } from '../access/access.plugin.ts';
import { searchHouseholds, UnitSearch } from './search.service.ts';
import { ErrorBody } from '../routes/schema-types.ts';
import { isBoundToJurisdiction } from '../access/policy.ts';

const Bbox = Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]), Type.Null()], { description: '[minLng, minLat, maxLng, maxLat]' });
const SearchQuery = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200 }),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});
const SearchResponse = Type.Object({
  units: Type.Array(Type.Object({
    id: Type.Integer(), code: Type.String(), name: Type.String(), level: Type.String(), bbox: Bbox,
    path: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), level: Type.String() }), { description: 'ancestors, city first' }),
  })),
  households: Type.Array(Type.Object({
    id: Type.Integer(), address: Type.String(), blockId: Type.Union([Type.Integer(), Type.Null()]),
    position: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()]),
  }), { description: 'only for a ward official, inside their ward or district' }),
});

export const searchRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;
  const units = new UnitSearch(database);

  app.get('/search', {
    schema: { summary: 'Find units by name or code, and households by address (ward officials, own unit)', tags: ['search'], querystring: SearchQuery, response: { 200: SearchResponse, 400: ErrorBody, 401: ErrorBody } },
  }, async (request) => {
    const caller = requireCaller(request);
    const limit = request.query.limit ?? 10;
    const found = (await units.find(request.query.q, limit)).map(({ score: _score, ...hit }) => hit);
    const jurisdiction = isBoundToJurisdiction(caller) ? caller.jurisdiction : null;
    const households = jurisdiction ? await searchHouseholds(database, jurisdiction.unitId, request.query.q, limit) : [];
    await auditPersonalDataRead(database, request, { recordKind: 'household', recordIds: households.map((h) => h.id), unitId: jurisdiction?.unitId ?? null });
    return { units: found, households };
  });
};
