// One household for a ward official: address, point, members, flags and tier
// on a date — the map popup and "locate" from aid rows and search. Only inside
// the official's jurisdiction, and every read is audited.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { auditPersonalDataRead } from '../access/access.plugin.ts';
import { requireHousehold } from '../access/guards.ts';
import { AppError } from '../errors.ts';
import { selectHouseholdPlace } from './household-places.repo.ts';
import { gradeBlockHouseholds } from './households.service.ts';
import { HouseholdsResponse, IsoDate } from './units.schemas.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const Params = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 }) });
const Query = Type.Object({ date: IsoDate });
const Graded = HouseholdsResponse.properties.households.items;
export const HouseholdResponse = Type.Object({
  ...Graded.properties,
  address: Type.String(),
  position: Type.Union([Type.Tuple([Type.Number(), Type.Number()]), Type.Null()], { description: '[lng, lat]' }),
  blockId: Type.Integer(),
  wardId: Type.Integer(),
  date: Type.String(),
});

export const householdsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;

  app.get('/households/:id', {
    schema: {
      summary: 'One household on a date: address, point, members, flags and tier (ward officials, own unit; audited)', tags: ['risk'], params: Params, querystring: Query,
      response: { 200: HouseholdResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const { id } = request.params;
    await requireHousehold(database, request, id);
    const place = await database.withSession((s) => selectHouseholdPlace(s, id));
    if (!place) throw new AppError('NOT_FOUND', `There is no household ${id}.`, { householdId: id });
    if (place.blockId === null) throw new AppError('HOUSEHOLD_NOT_PLACED', `household ${id} is not placed in a block yet`, { householdId: id });
    const blockId = place.blockId;
    const graded = (await database.withSession((s) => gradeBlockHouseholds(s, blockId, request.query.date))).find((h) => h.householdId === id);
    if (!graded) throw new AppError('NOT_FOUND', `There is no household ${id}.`, { householdId: id });
    await auditPersonalDataRead(database, request, { recordKind: 'household', recordIds: [id], unitId: blockId });
    return { ...graded, address: place.address, position: place.position, blockId, wardId: place.wardId, date: request.query.date };
  });
};
