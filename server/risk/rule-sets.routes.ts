// Rule sets: list, read, add, replace. Changes regrade every unit in the background.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../errors.ts';
import { requireCaller } from '../access/access.plugin.ts';
import { canAdminister } from '../access/policy.ts';

/** Rule sets are public policy: anyone signed in reads them; only an admin changes them. */
function requireAdmin(request: Parameters<typeof requireCaller>[0]): void {
  if (!canAdminister(requireCaller(request))) throw new AppError('FORBIDDEN', 'Only an admin adds or changes rule sets.');
}
import { isShipped, listRuleSets, saveRuleSet } from './rule-set.service.ts';
import { ErrorBody } from '../routes/schema-types.ts';

const Summary = Type.Object({
  id: Type.String(), version: Type.String(), name: Type.Object({ vi: Type.String(), en: Type.String() }), jurisdiction: Type.String(),
  levels: Type.Array(Type.String()), effectiveFrom: Type.String(), effectiveTo: Type.Union([Type.String(), Type.Null()]), shipped: Type.Boolean(),
});
const Document = Type.Record(Type.String(), Type.Unknown(), { description: 'A rule-set document (geo/risk/README.md)' });
const Params = Type.Object({ id: Type.String() });
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export const ruleSetsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app.ctx;

  app.get('/rule-sets', { schema: { summary: 'Rule sets in force (shipped and the city\'s own)', tags: ['risk'], response: { 200: Type.Array(Summary) } } }, async (request) => {
    requireCaller(request);
    const all = await database.withSession(listRuleSets);
    return all.map((rs) => ({ id: rs.id, version: rs.version, name: rs.name, jurisdiction: rs.jurisdiction, levels: rs.levels,
      effectiveFrom: rs.effectiveFrom, effectiveTo: rs.effectiveTo, shipped: isShipped(rs.id) }));
  });

  app.get('/rule-sets/:id', { schema: { summary: 'One rule-set document', tags: ['risk'], params: Params, response: { 200: Document, 404: ErrorBody } } }, async (request) => {
    requireCaller(request);
    const found = (await database.withSession(listRuleSets)).find((rs) => rs.id === request.params.id);
    if (!found) throw new AppError('NOT_FOUND', `no rule set with id "${request.params.id}"`);
    return found as unknown as Record<string, unknown>;
  });

  app.post('/rule-sets', { schema: { summary: 'Add a rule set (400 lists every problem)', tags: ['risk'], body: Document, response: { 201: Document, ...errors } } }, async (request, reply) => {
    requireAdmin(request);
    const saved = await saveRuleSet(database, request.body, 'create');
    app.ctx.aggregator.rebuildTiersLater(saved.id);
    return reply.code(201).send(saved as unknown as Record<string, unknown>);
  });

  app.put('/rule-sets/:id', { schema: { summary: 'Replace a rule set (a shipped one is overridden by the stored copy)', tags: ['risk'], params: Params, body: Document, response: { 200: Document, ...errors } } }, async (request) => {
    requireAdmin(request);
    const saved = await saveRuleSet(database, request.body, 'replace', request.params.id);
    app.ctx.aggregator.rebuildTiersLater(saved.id);
    return saved as unknown as Record<string, unknown>;
  });
};
