// Where the seed's rows come from, ward by ward in code order: generated
// inline, or by a pool of worker threads (seed.worker.ts) so that the pure
// generation (populateWard) and the row building (hashes, keys, WKT) use every
// core while the main thread only hands out ids and streams rows to COPY
// (issue #18 point 2). Ids must follow the ward order, and a ward's count of
// households and units is only known once it is generated, so a ward goes
// through its worker twice: generate (any order, in parallel), then — once
// every earlier ward's counts are in — build its rows from its first ids.
// At most `window` wards are generated and not yet written, so memory stays
// bounded by a few wards whatever the city's size.
import type { MultiPolygon, Polygon } from 'geojson';
import type { Worker } from 'node:worker_threads';
import { populateWard, type AgeBandCounts } from '../../geo/populate-ward.ts';
import { buildWardRows, type Counters } from './seed.rows.ts';
import type { WardRow } from './seed.repo.ts';
import type { SeedWorkerReply, SeedWorkerRequest } from './seed.worker.ts';
import { startTsWorker } from '../ts-worker.ts';

/** One ward's rows as COPY text per table, with what they hold. */
export interface WardRows {
  units: string;
  households: string;
  people: string;
  groups: number;
  blocks: number;
  householdCount: number;
  personCount: number;
  totals: AgeBandCounts;
}

export interface WardSource {
  /** Ward `index`'s rows, numbered from `ids` (advanced past them). Call with 0, 1, 2, … in order. */
  next(index: number, ids: Counters): Promise<WardRows>;
  close(): Promise<void>;
}

/** Generates each ward when asked, on this thread (the seed before the pool; small cities). */
export function inlineWards(wards: readonly WardRow[], people: readonly number[], seed: string, referenceDate: string, idHashKey: string): WardSource {
  return {
    async next(i, ids) {
      const ward = wards[i]!;
      const populated = populateWard(
        {
          code: ward.code, name: ward.name, districtName: ward.district_name, cityName: ward.city_name,
          geometry: JSON.parse(ward.geojson) as Polygon | MultiPolygon, people: people[i] ?? 0, subdivide: !ward.has_children,
          idSerial: { slot: i, slots: wards.length },
        },
        seed,
        referenceDate,
      );
      const rows = buildWardRows(ward, populated, ids, idHashKey);
      return {
        units: rows.units.join(''), households: rows.households.join(''), people: rows.people.join(''),
        groups: populated.groups.length, blocks: populated.blocks.length, householdCount: rows.households.length, personCount: rows.people.length, totals: populated.totals,
      };
    },
    async close() {},
  };
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  promise.catch(() => {}); // rejections surface where the seed awaits them
  return { promise, resolve, reject };
}

function startWorker(): Worker {
  return startTsWorker(new URL('./seed.worker.ts', import.meta.url));
}

/** Worker threads generating wards ahead of the writer, in a bounded window. */
export class SeedPool implements WardSource {
  private readonly workers: Worker[];
  private readonly generated = new Map<number, Deferred<Extract<SeedWorkerReply, { type: 'generated' }>>>();
  private readonly built = new Map<number, Deferred<Extract<SeedWorkerReply, { type: 'rows' }>>>();
  private dispatched = 0;
  private failure: Error | null = null;
  /** Counts of generated wards not yet given ids; the next ward to number; the next ids (null until the first next()). */
  private readonly counts = new Map<number, Extract<SeedWorkerReply, { type: 'generated' }>>();
  private assigned = 0;
  private ids: Counters | null = null;

  constructor(
    size: number, private readonly wards: readonly WardRow[], private readonly people: readonly number[], private readonly seed: string,
    private readonly referenceDate: string, private readonly idHashKey: string, private readonly window = Math.max(3, 2 * size + 1),
  ) {
    this.workers = Array.from({ length: size }, () => {
      const worker = startWorker();
      worker.on('message', (reply: SeedWorkerReply) => this.receive(reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => { if (code !== 0) this.fail(new Error(`a seed worker exited with code ${code}`)); });
      return worker;
    });
    while (this.dispatched < Math.min(this.window, wards.length)) this.dispatch();
  }

  private workerOf(index: number): Worker {
    return this.workers[index % this.workers.length]!;
  }

  private dispatch(): void {
    const index = this.dispatched++;
    this.generated.set(index, deferred());
    this.built.set(index, deferred());
    const request: SeedWorkerRequest = {
      type: 'generate', index, ward: this.wards[index]!, people: this.people[index] ?? 0, slots: this.wards.length, seed: this.seed, referenceDate: this.referenceDate,
    };
    this.workerOf(index).postMessage(request);
  }

  private receive(reply: SeedWorkerReply): void {
    if (reply.type === 'error') this.fail(new Error(`seeding ward ${this.wards[reply.index]?.code ?? reply.index} failed in a worker: ${reply.message}`));
    else if (reply.type === 'generated') {
      this.counts.set(reply.index, reply);
      this.generated.get(reply.index)?.resolve(reply);
      this.assignIds();
    } else this.built.get(reply.index)?.resolve(reply);
  }

  /**
   * Gives each generated ward its first ids as soon as every earlier ward's counts are in, and asks its worker
   * for the rows at once: the workers build rows ahead of the writer instead of when it asks.
   */
  private assignIds(): void {
    if (this.ids === null) return;
    for (let used = this.counts.get(this.assigned); used !== undefined; used = this.counts.get(this.assigned)) {
      const index = this.assigned++;
      this.counts.delete(index);
      const request: SeedWorkerRequest = { type: 'rows', index, ids: { ...this.ids }, idHashKey: this.idHashKey };
      this.ids.unitId += used.used.unitId;
      this.ids.householdId += used.used.householdId;
      this.ids.personId += used.used.personId;
      this.workerOf(index).postMessage(request);
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const d of [...this.generated.values(), ...this.built.values()]) d.reject(this.failure);
  }

  async next(index: number, ids: Counters): Promise<WardRows> {
    if (this.failure) throw this.failure;
    if (this.ids === null) {
      // The first ids are the caller's (the tables' high-water marks); from here the pool numbers the wards.
      this.ids = { ...ids };
      this.assignIds();
    }
    const generated = await this.generated.get(index)!.promise;
    this.generated.delete(index);
    const rows = await this.built.get(index)!.promise;
    this.built.delete(index);
    ids.unitId += generated.used.unitId;
    ids.householdId += generated.used.householdId;
    ids.personId += generated.used.personId;
    if (this.dispatched < this.wards.length) this.dispatch();
    return {
      units: rows.units, households: rows.households, people: rows.people, groups: generated.groups, blocks: generated.blocks,
      householdCount: rows.householdCount, personCount: rows.personCount, totals: generated.totals,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
