/**
 * Remembering the results of pure one-string normalisers. Site exports
 * repeat the same names, addresses, vaccine names and dose cells thousands
 * of times; a normaliser that has seen a cell returns the same (frozen)
 * result instead of parsing it again.
 */

/** Distinct inputs a memoised function keeps by default before it starts over. */
export const DEFAULT_MEMO_ENTRIES = 20_000;

/** Freezes a result and every object or array inside it, so a shared result cannot be changed by one caller for the next. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Wraps a pure function of one string: the first call with a text computes
 * and freezes the result, later calls with the same text return it. At most
 * `maxEntries` texts are kept; when full the memory is cleared (not LRU:
 * clearing is O(1) per call amortised and keeps memory flat however many
 * distinct texts a file has). `maxEntries` 0 disables remembering.
 */
export function memoiseText<R>(fn: (text: string) => R, maxEntries: number = DEFAULT_MEMO_ENTRIES): (text: string) => R {
  const remembered = new Map<string, R>();
  return (text: string): R => {
    const known = remembered.get(text);
    if (known !== undefined || remembered.has(text)) return known as R;
    const result = deepFreeze(fn(text));
    if (maxEntries <= 0) return result;
    if (remembered.size >= maxEntries) remembered.clear();
    remembered.set(text, result);
    return result;
  };
}
