// The route fuzzer: every route with a body or parameters, enumerated from
// the app's own OpenAPI document (a new route is fuzzed without editing
// anything here), sent hostile values as each kind of user. A case fails
// when the answer is a 5xx or the server stops answering /api/health.
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Database } from '../../../server/db/database.ts';
import { apiKeyFor, signInAs } from '../../helpers/auth.ts';
import { multipartFile } from '../../helpers/hostile-files.ts';
import { deepJsonText, hostileDate, hostileFile, hostileGeometry, hostileJson, hostileNumber, hostileNumberText, hostileString } from './hostile-values.ts';

type Schema = {
  type?: string | string[]; properties?: Record<string, Schema>; items?: Schema | Schema[]; enum?: unknown[]; const?: unknown;
  anyOf?: Schema[]; oneOf?: Schema[]; allOf?: Schema[]; format?: string; pattern?: string; additionalProperties?: unknown;
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; schema?: Schema };

export interface FuzzRoute {
  method: string;
  /** OpenAPI path, e.g. /api/units/{id}. */
  path: string;
  parameters: Parameter[];
  body: Schema | null;
  multipart: boolean;
}

/**
 * Routes that are not request/response: GET /api/live is a Server-Sent Events
 * stream that stays open (its parameters are fuzzed by the live tests of harden-faults).
 */
const STREAMS = new Set(['GET /api/live']);
/** Routes that end the caller's session: sent anonymously, so the other cases keep their callers. */
const ANONYMOUS_ONLY = new Set(['POST /api/auth/sign-out']);

/** Every route of the app with a body or parameters, from its OpenAPI document. */
export function routesToFuzz(app: FastifyInstance): FuzzRoute[] {
  const document = (app as unknown as { swagger(): { paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> } }).swagger();
  const routes: FuzzRoute[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const key = `${method.toUpperCase()} ${path}`;
      if (STREAMS.has(key) || !['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const content = operation.requestBody?.content ?? {};
      const multipart = 'multipart/form-data' in content;
      const body = Object.values(content)[0]?.schema ?? null;
      const parameters = (operation.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
      if (parameters.length === 0 && body === null && !multipart && method !== 'post') continue;
      routes.push({ method: method.toUpperCase(), path, parameters, body, multipart });
    }
  }
  return routes;
}

const typesOf = (schema: Schema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

/** A value for a schema: often hostile for its type, sometimes a valid-looking one, sometimes any hostile JSON. */
export function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostileJson;
  const options: Array<fc.Arbitrary<unknown>> = [hostileJson];
  if (schema.enum) options.push(fc.constantFrom(...schema.enum));
  if (schema.const !== undefined) options.push(fc.constant(schema.const));
  for (const alternative of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) options.push(valueFor(alternative, depth + 1));
  for (const type of typesOf(schema)) {
    if (type === 'integer' || type === 'number') options.push(hostileNumber);
    else if (type === 'string') options.push(schema.format === 'date' || schema.pattern?.includes('\\d{4}') ? hostileDate : hostileString);
    else if (type === 'boolean') options.push(fc.boolean());
    else if (type === 'array') {
      const items = Array.isArray(schema.items) ? schema.items[0] : schema.items;
      options.push(fc.array(valueFor(items, depth + 1), { maxLength: 8 }));
      options.push(fc.integer({ min: 5000, max: 20_000 }).map((n) => Array.from({ length: n }, () => 2147483648)));
    } else if (type === 'object') options.push(objectFor(schema, depth));
  }
  return fc.oneof(...options);
}

function objectFor(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of properties) record[name] = name === 'geometry' ? hostileGeometry : valueFor(property, depth + 1);
  return fc.tuple(fc.record(record, { requiredKeys: [] }), fc.dictionary(hostileString, hostileJson, { maxKeys: 3 }))
    .map(([known, extra]) => ({ ...extra, ...known }));
}

/** Raw bodies no schema describes: invalid JSON, deep nesting, BOMs, wide objects. */
const rawBody = fc.oneof(
  fc.constantFrom('{"a":', '[1,2', 'nul', '\uFEFF[]', '"\\ud800"', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}'),
  fc.integer({ min: 65, max: 100_000 }).map((d) => deepJsonText(d)),
  fc.integer({ min: 65, max: 20_000 }).map((d) => deepJsonText(d, '{"a":', '}').replace(/\{"a":\}/, '{"a":1}')),
  fc.integer({ min: 1001, max: 50_000 }).map((n) => JSON.stringify([Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 'x']))])),
);

export interface FuzzCase {
  request: InjectOptions;
  describe: string;
}

/** One hostile request for a route, as the given caller (headers). */
export function caseFor(route: FuzzRoute, callers: Record<string, Record<string, string>>): fc.Arbitrary<FuzzCase> {
  const pathParameters = route.parameters.filter((p) => p.in === 'path');
  const queryParameters = route.parameters.filter((p) => p.in === 'query');
  const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'null');
  const pathValues = fc.tuple(...pathParameters.map((p) => fc.oneof(hostileNumberText, hostileString.filter((s) => s.length < 2000), valueFor(p.schema).map(asText))));
  const query = fc.tuple(...queryParameters.map((p) => fc.option(fc.oneof(valueFor(p.schema), hostileString.filter((s) => s.length < 2000)), { nil: undefined })));
  const body: fc.Arbitrary<{ payload?: string | Buffer; headers: Record<string, string> }> = route.multipart
    ? fc.tuple(hostileFile, fc.boolean()).map(([file, mismatch]) => {
      const form = multipartFile(file.name, file.bytes);
      return { payload: form.payload, headers: mismatch ? { 'content-type': 'multipart/form-data; boundary=other' } : form.headers };
    })
    : route.body !== null || route.method !== 'GET'
      ? fc.oneof(valueFor(route.body ?? undefined).map((v) => JSON.stringify(v) ?? 'null'), rawBody)
        .chain((text) => fc.constantFrom('application/json', route.path === '/fhir' ? 'application/fhir+json' : 'application/json', 'text/plain')
          .map((contentType) => ({ payload: text, headers: { 'content-type': contentType } })))
      : fc.constant({ headers: {} });
  const names = ANONYMOUS_ONLY.has(`${route.method} ${route.path}`) ? ['anonymous'] : Object.keys(callers);
  return fc.tuple(fc.constantFrom(...names), pathValues, query, body).map(([caller, values, queryValues, sent]) => {
    let url = route.path;
    pathParameters.forEach((p, i) => { url = url.replace(`{${p.name}}`, encodeURIComponent(asText(values[i]).replace(/[\ud800-\udfff]/g, '\uFFFD'))); });
    const search = new URLSearchParams();
    queryParameters.forEach((p, i) => {
      const value = queryValues[i];
      if (value !== undefined) search.set(p.name, asText(value).replace(/[\ud800-\udfff]/g, '\uFFFD'));
    });
    const qs = search.toString();
    const request: InjectOptions = { method: route.method as InjectOptions['method'], url: qs ? `${url}?${qs}` : url, headers: { ...(callers[caller] ?? {}), ...sent.headers }, ...(sent.payload !== undefined ? { payload: sent.payload } : {}) };
    return { request, describe: `${route.method} ${request.url?.toString().slice(0, 200)} as ${caller} (${sent.headers['content-type'] ?? 'no body'}, ${sent.payload?.length ?? 0} bytes)` };
  });
}

export interface FuzzFailure { case: string; status: number; body: string; healthStatus: number }

/** Runs `runs` hostile cases against each route; returns the cases that got a 5xx or left /api/health unanswered. */
export async function fuzzRoutes(app: FastifyInstance, callers: Record<string, Record<string, string>>, options: { runs: number; seed?: number; onCase?: (description: string) => void }): Promise<FuzzFailure[]> {
  const failures: FuzzFailure[] = [];
  for (const route of routesToFuzz(app)) {
    await fc.assert(fc.asyncProperty(caseFor(route, callers), async (fuzz) => {
      options.onCase?.(fuzz.describe);
      const response = await app.inject(fuzz.request);
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      if (response.statusCode >= 500 || health.statusCode !== 200) {
        failures.push({ case: fuzz.describe, status: response.statusCode, body: response.body.slice(0, 300), healthStatus: health.statusCode });
      }
    }), { numRuns: options.runs, ...(options.seed !== undefined ? { seed: options.seed } : {}), endOnFailure: true });
  }
  return failures;
}

/** One signed-in caller per role (and none): the fuzzer picks among them. */
export async function signInEveryRole(app: FastifyInstance, database: Database): Promise<Record<string, Record<string, string>>> {
  const [ward] = await database.withSession((s) => s.query<{ code: string }>("SELECT code FROM unit WHERE level = 'ward' ORDER BY code LIMIT 1"));
  await database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ('fuzz-site', 'fuzz-site', 'test_site') ON CONFLICT (code) DO NOTHING"));
  return {
    anonymous: {},
    admin: await signInAs(app, database, { username: 'fuzz-admin', role: 'admin' }),
    leader: await signInAs(app, database, { username: 'fuzz-leader', role: 'city_leader' }),
    planner: await signInAs(app, database, { username: 'fuzz-planner', role: 'planner' }),
    official: await signInAs(app, database, { username: 'fuzz-official', role: 'ward_official', unitCode: ward!.code }),
    site: await apiKeyFor(database, 'fuzz-site-bot', 'fuzz-site'),
  };
}
