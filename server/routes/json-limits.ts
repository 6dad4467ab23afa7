// JSON bodies with a depth limit: a GeoJSON Feature nested 10,000 deep, or
// any deep body, is a 400 naming the limit before a recursive walk (schema
// validation, geometry checks, jsonb) can overflow the stack.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** Deepest nesting of arrays and objects accepted in a JSON body (a MultiPolygon FeatureCollection is 7). */
export const MAX_JSON_DEPTH = 64;

/** Depth of the deepest array/object in a parsed JSON value, stopping as soon as it passes `limit` (iterative: no stack to overflow). */
export function jsonDepthExceeds(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > limit) return true;
    const children = Array.isArray(node) ? node : Object.values(node as Record<string, unknown>);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Throws INPUT_TOO_DEEP when the value nests deeper than the limit. */
export function assertJsonDepth(value: unknown, where = 'body', limit = MAX_JSON_DEPTH): void {
  if (jsonDepthExceeds(value, limit)) {
    throw new AppError('INPUT_TOO_DEEP', `The ${where} nests arrays/objects more than ${limit} deep (limit ${limit}).`, { field: where, limit });
  }
}

type JsonParser = ReturnType<FastifyInstance['getDefaultJsonParser']>;
type ParserDone = (error: Error | null, value: unknown) => void;

/** Parses `text` with Fastify's default JSON parser (prototype-poisoning checks kept), then applies the depth limit. */
export function parseDepthLimited(parse: JsonParser, request: FastifyRequest, text: string, done: ParserDone): void {
  parse(request, text, (error: Error | null, value?: unknown) => {
    if (error) return done(error, undefined);
    try {
      assertJsonDepth(value);
      done(null, value);
    } catch (depthError) {
      done(depthError as Error, undefined);
    }
  });
}

/** Replaces the JSON body parser: the default parser, then the depth limit. */
export function registerDepthLimitedJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => parseDepthLimited(parse, request, body as string, done));
}
