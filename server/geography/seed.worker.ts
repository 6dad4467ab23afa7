// Worker thread of the seed's pool (seed.pool.ts): generates wards with the
// pure populateWard, and once the main thread has given a ward its first ids
// (they follow the earlier wards' counts), turns it into COPY rows there too —
// the national ID hash, name and address keys and WKT are most of the cost.
import type { MultiPolygon, Polygon } from 'geojson';
import { parentPort } from 'node:worker_threads';
import { populateWard, type PopulatedWard, type WardToPopulate } from '../../geo/populate-ward.ts';
import { buildWardRows, idsUsedBy, type Counters } from './seed.rows.ts';
import type { WardRow } from './seed.repo.ts';

export type SeedWorkerRequest =
  | { type: 'generate'; index: number; ward: WardRow; people: number; slots: number; seed: string; referenceDate: string }
  | { type: 'rows'; index: number; ids: Counters; idHashKey: string };

export type SeedWorkerReply =
  | { type: 'generated'; index: number; used: Counters; groups: number; blocks: number; totals: PopulatedWard['totals'] }
  | { type: 'rows'; index: number; units: string; households: string; people: string; householdCount: number; personCount: number }
  | { type: 'error'; index: number; message: string };

const held = new Map<number, { ward: WardRow; populated: PopulatedWard }>();

parentPort?.on('message', (message: SeedWorkerRequest) => {
  try {
    if (message.type === 'generate') {
      const { ward } = message;
      const input: WardToPopulate = {
        code: ward.code, name: ward.name, districtName: ward.district_name, cityName: ward.city_name,
        geometry: JSON.parse(ward.geojson) as Polygon | MultiPolygon, people: message.people, subdivide: !ward.has_children,
        idSerial: { slot: message.index, slots: message.slots },
      };
      const populated = populateWard(input, message.seed, message.referenceDate);
      held.set(message.index, { ward, populated });
      const reply: SeedWorkerReply = { type: 'generated', index: message.index, used: idsUsedBy(populated), groups: populated.groups.length, blocks: populated.blocks.length, totals: populated.totals };
      parentPort?.postMessage(reply);
    } else {
      const entry = held.get(message.index);
      if (!entry) throw new Error(`ward ${message.index} was not generated in this worker`);
      held.delete(message.index);
      const rows = buildWardRows(entry.ward, entry.populated, { ...message.ids }, message.idHashKey);
      const reply: SeedWorkerReply = {
        type: 'rows', index: message.index, units: rows.units.join(''), households: rows.households.join(''), people: rows.people.join(''),
        householdCount: rows.households.length, personCount: rows.people.length,
      };
      parentPort?.postMessage(reply);
    }
  } catch (error) {
    parentPort?.postMessage({ type: 'error', index: message.index, message: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies SeedWorkerReply);
  }
});
