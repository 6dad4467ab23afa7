// Concurrent ingests touching the same (unit, day) pairs, with rollup refreshes
// running between and during them (as under `riskmap simulate --live`): none
// may fail (they used to deadlock on dirty_unit_day), and afterwards the
// incrementally refreshed rollups must equal a full rebuild. On the embedded
// database requests share one connection, so this checks correctness only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildEverything, refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { runIngest } from '../../../server/ingest/ingest.service.ts';
import type { TestDatabase } from '../../helpers/database.ts';
import { snapshotAggregates } from '../aggregate/event-fixtures.ts';
import { asRows, type CityPerson, openSeededCity, testOf, vaccinationOf } from './ingest-fixtures.ts';

const SOURCES = 6;
const ROUNDS = 3;
const RECORDS = 80;

describe('concurrent ingests', () => {
  let t: TestDatabase;
  let idHashKey: string;
  let people: CityPerson[];
  beforeAll(async () => {
    ({ t, key: idHashKey, people } = await openSeededCity(2000, 300));
  });
  afterAll(async () => t?.drop());

  it('never fail on overlapping units and days, and leave rollups equal to a full rebuild', async () => {
    await rebuildEverything(t.database);
    let ingesting = true;
    let refreshes = 0;
    // Refreshes keep running while the ingests commit.
    const refresher = (async () => {
      while (ingesting) {
        await refreshDirtyUnits(t.database);
        refreshes += 1;
      }
    })();
    const failures: unknown[] = [];
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const runs = Array.from({ length: SOURCES }, (_, source) => {
          // Every source covers the same people (so the same blocks) in a different order, on the same days.
          const order = people.map((p, i) => ({ p, key: (i * (source + 3) * 7919) % people.length })).sort((a, b) => a.key - b.key).slice(0, RECORDS);
          const kind = source % 3 === 2 ? 'vaccinations' as const : 'tests' as const;
          const records = order.map(({ p }, i) => (kind === 'tests'
            ? testOf(p, `c${round}-${source}-${i}`, { sampleTime: `${20 + (i % 3)}/08/2021 09:30`, result: i % 9 === 0 ? 'Dương tính' : 'Âm tính' })
            : vaccinationOf(p, `c${round}-${source}-${i}`, { vaccinationDate: `${20 + (i % 3)}/08/2021` })));
          return runIngest(t.database, asRows(records), {
            idHashKey, sourceCode: `concurrent-${source}`, kind, channel: 'api', today: '2021-09-30', chunkRows: 20,
          }).catch((error: unknown) => { failures.push(error); });
        });
        await Promise.all(runs);
      }
    } finally {
      ingesting = false;
      await refresher;
    }
    expect(failures).toEqual([]);
    expect(refreshes).toBeGreaterThan(0);
    await refreshDirtyUnits(t.database);
    const left = await t.database.withSession((s) => s.query<{ n: number }>('SELECT count(*)::int AS n FROM dirty_unit_day'));
    expect(left[0]?.n).toBe(0);
    const events = await t.database.withSession((s) => s.query<{ n: number }>(`SELECT (SELECT count(*) FROM test_result) + (SELECT count(*) FROM vaccination) AS n`));
    expect(Number(events[0]?.n)).toBe(SOURCES * ROUNDS * RECORDS);
    const incremental = await snapshotAggregates(t.database);
    await rebuildEverything(t.database);
    expect(await snapshotAggregates(t.database)).toEqual(incremental);
  });
});
