// Text PostgreSQL can store: no NUL (text and jsonb refuse U+0000) and no
// lone UTF-16 surrogate (jsonb refuses "\ud800"). A row holding either was
// a 500 that took its whole chunk of good neighbours with it; now its text
// is made storable and the row is rejected with TEXT_NOT_STORABLE naming
// the field, and the rest of the batch lands.

/** NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** True when the text holds a NUL or a lone surrogate. */
export function isUnstorable(text: string): boolean {
  return UNSTORABLE.test(text);
}

/** The text with NULs removed and lone surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  return UNSTORABLE.test(text) ? text.replace(UNSTORABLE_ALL, (m) => (m === '\u0000' ? '' : '\uFFFD')) : text;
}

/** A JSON value with every string and key made storable (for jsonb columns: rejects, mappings). */
export function storableJson<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => storableJson(v)) as T;
  const clean: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) clean[storableText(k)] = storableJson(v);
  return clean as T;
}
