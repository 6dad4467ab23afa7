// View profiles: which rule set grades each level on the map (read-only; shipped as data beside the rule sets).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireCaller } from '../access/access.plugin.ts';
import { listViewProfiles } from './view-profiles.service.ts';

const Text = Type.Object({ vi: Type.String(), en: Type.String() });
const Profile = Type.Object({
  id: Type.String(),
  name: Text,
  levels: Type.Record(Type.String(), Type.String(), { description: 'rule-set id per unit level (city, district, ward, neighbourhood, block)' }),
  notes: Type.Optional(Type.String()),
  isDefault: Type.Boolean({ description: 'the profile the dashboard opens with' }),
  problems: Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), { description: 'empty when usable; else why the profile cannot be used with the rule sets in force' }),
});

export const viewProfilesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/view-profiles', { schema: { summary: 'View profiles: the rule set that grades each level', tags: ['risk'], response: { 200: Type.Array(Profile) } } }, async (request) => {
    requireCaller(request);
    return app.ctx.database.withSession(listViewProfiles);
  });
};
