// The prototype-poisoning check Fastify's own JSON parser makes
// (secure-json-parse with 'error' for __proto__ and constructor.prototype),
// for bodies parsed in the body worker. Iterative: a deep body cannot
// overflow the stack.
import { AppError } from '../errors.ts';

const has = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** Throws BAD_REQUEST when any object holds a "__proto__" key, or a "constructor" object with a "prototype" key. */
export function assertSafeJsonKeys(value: unknown, text?: string): void {
  // No key can be either name (even escaped) without these letters in the text.
  if (text !== undefined && !/proto|\\u/.test(text)) return;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (!Array.isArray(node)) {
      const constructor = has(node, 'constructor') ? (node as Record<string, unknown>).constructor : undefined;
      if (has(node, '__proto__') || (constructor !== null && typeof constructor === 'object' && has(constructor, 'prototype'))) {
        throw new AppError('BAD_REQUEST', 'The body contains a forbidden prototype property ("__proto__" or "constructor.prototype").', { field: 'body' });
      }
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (child !== null && typeof child === 'object') stack.push(child);
  }
}
