// GET /api/ingest/unplaced: records whose person could not be placed in any
// unit, per source and district (counts only, no personal data). Leaders,
// planners and admins see the city; a ward official their district; a data
// source its own records.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireCaller } from '../access/access.plugin.ts';
import { findUnitPlace } from '../access/guards.ts';
import { AppError } from '../errors.ts';
import { listUnplaced } from './unplaced.repo.ts';
import { ErrorBody } from '../routes/schema-types.ts';
import { isBoundToJurisdiction, ownSourceOf, sendsRecordsOnly } from '../access/policy.ts';

const UnplacedBody = Type.Object({
  items: Type.Array(Type.Object({
    sourceId: Type.Integer(), sourceCode: Type.String(),
    districtId: Type.Integer({ description: '0 when the address named no known district either' }),
    districtCode: Type.Union([Type.String(), Type.Null()]), districtName: Type.Union([Type.String(), Type.Null()]),
    tests: Type.Integer(), vaccinations: Type.Integer(),
  })),
  total: Type.Integer({ description: 'All unplaced records listed' }),
});

export const unplacedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/ingest/unplaced', {
    schema: {
      summary: 'Records stored with a person who lives in no known unit (address named no ward): per source and district, so none is silently absent',
      tags: ['ingest'], response: { 200: UnplacedBody, 401: ErrorBody, 403: ErrorBody, 503: ErrorBody },
    },
  }, async (request) => {
    const caller = requireCaller(request);
    const { database } = app.ctx;
    let filter: { sourceId?: number | null; districtId?: number | null } = {};
    if (sendsRecordsOnly(caller)) filter = { sourceId: ownSourceOf(caller) ?? -1 };
    else if (isBoundToJurisdiction(caller)) {
      const place = caller.jurisdiction ? await findUnitPlace(database, caller.jurisdiction.unitId) : null;
      if (!place?.districtId) throw new AppError('FORBIDDEN', 'This account has no jurisdiction.');
      filter = { districtId: place.districtId };
    }
    const items = await database.withSession((s) => listUnplaced(s, filter));
    return { items, total: items.reduce((sum, i) => sum + i.tests + i.vaccinations, 0) };
  });
};
