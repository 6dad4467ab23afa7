// The level list (/api/units?level=…) as sent, per data version (issue #15
// point 8). Under 20 viewers every request shaped the cached columns for its
// caller (suppression needs every block's daily cells: two queries and a
// pass over the tree) and serialised ~thousands of units again, though the
// answer only depends on the data version, the query and what the caller may
// see. Kept here: the serialised answer per (version, level, date, rule set,
// view key), computed once when many ask at once, dropped when the version
// moves (a refresh, at most about once a second under a live feed).
import type { Caller } from '../access/policy.ts';

/** Entries kept at most for one version (a 300,000-person city's block list is ~300 kB: ~20 MB at most). */
const MAX_ENTRIES = 64;

/**
 * What a caller may see of a level list: shaping (units.access.ts shapeLevelColumns: visibleUnitIds
 * and seesExactly) depends on the role and the jurisdiction only. If it ever depends on more, this key must say it.
 */
export function viewKeyOf(caller: Caller): string {
  return `${caller.role}|${caller.jurisdiction ? `${caller.jurisdiction.level}:${caller.jurisdiction.unitId}` : '-'}`;
}

export interface LevelAnswerCache {
  /** The answer at `version` for `key`, computed by `compute` when nobody has yet. */
  get(version: number, key: string, compute: () => Promise<string>): Promise<string>;
  /** Answers computed (not served from the cache) since start. */
  readonly computed: number;
}

export function createLevelAnswerCache(): LevelAnswerCache {
  let version = -1;
  let entries = new Map<string, Promise<string>>();
  let computed = 0;
  return {
    get computed() {
      return computed;
    },
    get(at, key, compute) {
      if (at > version) {
        version = at;
        entries = new Map();
      } else if (at < version) {
        // A request that read an older version than the cache holds: answer it afresh, keep nothing.
        computed += 1;
        return compute();
      }
      let entry = entries.get(key);
      if (!entry) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        const held = entries;
        computed += 1;
        entry = compute();
        held.set(key, entry);
        // A failed computation is not kept: the next request tries again.
        entry.catch(() => {
          if (held.get(key) === entry) held.delete(key);
        });
      }
      return entry;
    },
  };
}
