// The level list (/api/units?level=…) before it is shaped for a caller is
// the same for everyone: under 20 viewers and a live feed it was computed
// once per request (issue #15 point 8). Kept here per (level, date, rule set)
// for one data version (the newest live event id, the version the ETag
// carries), and computed once when many ask at the same moment. The version
// is read just before the entry is looked up, so an answer is never older
// than the ETag the route already set from an earlier read.
import type { UnitLevel } from '../../geo/risk/index.ts';
import type { Database } from '../db/database.ts';
import { selectLastLiveEventId } from '../live/live.repo.ts';
import { listLevelUnits } from './unit-risk.service.ts';

type Columns = Awaited<ReturnType<typeof listLevelUnits>>;

/** Entries kept at most (levels × dates × rule sets asked for at the current version). */
const MAX_ENTRIES = 64;

function freezeColumns(columns: Columns): Columns {
  for (const value of Object.values(columns)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(columns);
}

export interface LevelColumnsCache {
  get(level: UnitLevel, date: string, ruleSetId: string | undefined): Promise<Columns>;
}

export function createLevelColumnsCache(database: Database): LevelColumnsCache {
  let version = -1;
  let entries = new Map<string, Promise<Columns>>();
  return {
    async get(level, date, ruleSetId) {
      const current = await database.withSession(selectLastLiveEventId);
      if (current !== version) {
        version = current;
        entries = new Map();
      }
      const key = `${level}|${date}|${ruleSetId ?? ''}`;
      let entry = entries.get(key);
      if (!entry) {
        if (entries.size >= MAX_ENTRIES) entries.clear();
        const held = entries;
        // Frozen: shaping for a caller must copy (as suppressColumns does); changing the shared copy in place would throw.
        entry = database.withSession((s) => listLevelUnits(s, level, date, ruleSetId)).then(freezeColumns);
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
