// Vector tile latency through the app, next to the same SQL run directly
// through pg in the same run (absolute times on a shared machine are noise;
// the ratio is the figure to watch).
//
//   DATABASE_URL=postgres://postgres@127.0.0.1/rm_tiles node --import tsx bench/tiles.ts [--rounds 3] [--radius 1]
//
// Needs a PostGIS server with a city loaded (`riskmap import-boundaries …`,
// optionally `riskmap seed` for residential groups, blocks and households).
// The fixed tile set: for every zoom 10–16, the (2·radius+1)² tiles around the
// centre of the districts, for each layer whose zoom range covers that zoom.
// Per round: (1) each tile's ST_AsMVT statement through one pg client; (2) each
// tile over HTTP from a freshly built app (empty tile cache: every request renders);
// (3) the same requests again (served from the in-process cache); (4) the JS
// encoder path (the embedded backend's) on this server, for comparison.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { lngLatToTile, type TileAddress } from '../geo/tiles/tile-math.ts';
import { buildApp } from '../server/app.ts';
import { readConfig } from '../server/config.ts';
import { openDatabase } from '../server/db/database.ts';
import { renderTile } from '../server/tiles/tiles.service.ts';
import { HOUSEHOLD_POINTS_FROM_ZOOM, TILE_LAYERS, unitLevelOf, type TileLayerDefinition } from '../server/tiles/tiles.layers.ts';
import { HOUSEHOLD_CLUSTER_TILE_MVT_SQL, HOUSEHOLD_TILE_MVT_SQL, readLevelBounds, UNIT_TILE_MVT_SQL } from '../server/tiles/tiles.repo.ts';

interface BenchTile {
  layer: TileLayerDefinition;
  tile: TileAddress;
}

const argValue = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function mvtStatement({ layer, tile }: BenchTile): [string, unknown[]] {
  const address = [tile.z, tile.x, tile.y];
  if (layer.kind === 'unit') return [UNIT_TILE_MVT_SQL, [...address, unitLevelOf(layer), layer.name]];
  return [tile.z >= HOUSEHOLD_POINTS_FROM_ZOOM ? HOUSEHOLD_TILE_MVT_SQL : HOUSEHOLD_CLUSTER_TILE_MVT_SQL, address];
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

type Samples = Record<'sql' | 'app' | 'cached' | 'js', number[]> & { bytes: number[] };

async function main() {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('bench/tiles.ts measures the PostGIS server: set DATABASE_URL');
  const rounds = argValue('rounds', 3);
  const radius = argValue('radius', 1);
  const config = readConfig({ ...process.env, LOG_LEVEL: 'silent', RISKMAP_ID_HASH_KEY: process.env.RISKMAP_ID_HASH_KEY ?? 'bench-only-key-bench-only-key-bench-only' });
  const database = await openDatabase({ backend: 'postgres', databaseUrl, poolSize: 4 });
  const raw = new pg.Client({ connectionString: databaseUrl });
  await raw.connect();

  const bounds = await database.withSession((s) => readLevelBounds(s, 'district'));
  if (!bounds) throw new Error('No districts in this database: import a city first (see the header of this file)');
  const centre: [number, number] = [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2];
  const tiles: BenchTile[] = [];
  for (let z = 10; z <= 16; z++) {
    const c = lngLatToTile(centre, z);
    for (const layer of Object.values(TILE_LAYERS)) {
      if (z < layer.minZoom || z > layer.maxZoom) continue;
      for (let dy = -radius; dy <= radius; dy++) for (let dx = -radius; dx <= radius; dx++) tiles.push({ layer, tile: { z, x: c.x + dx, y: c.y + dy } });
    }
  }
  const groupOf = ({ layer, tile }: BenchTile) => `${layer.name} z${tile.z}`;
  const samples = new Map<string, Samples>();
  const sample = (t: BenchTile) => {
    const key = groupOf(t);
    if (!samples.has(key)) samples.set(key, { sql: [], app: [], cached: [], js: [], bytes: [] });
    return samples.get(key)!;
  };
  console.log(`${tiles.length} tiles around [${centre.map((n) => n.toFixed(4)).join(', ')}], zoom 10–16, ${rounds} round(s)`);

  for (let round = 0; round < rounds; round++) {
    for (const t of tiles) {
      const [sql, params] = mvtStatement(t);
      const [ms] = await time(() => raw.query(sql, params));
      sample(t).sql.push(ms);
    }
    const app = await buildApp({ config, database });
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    for (const pass of ['app', 'cached'] as const) {
      for (const t of tiles) {
        const [ms, bytes] = await time(async () => (await fetch(`${base}/tiles/${t.layer.name}/${t.tile.z}/${t.tile.x}/${t.tile.y}.mvt`)).arrayBuffer());
        sample(t)[pass].push(ms);
        if (pass === 'app' && round === 0) sample(t).bytes.push(bytes.byteLength);
      }
    }
    await app.close();
    for (const t of tiles) {
      const [ms] = await time(() => database.withSession((s) => renderTile(s, t.layer, t.tile, 'process')));
      sample(t).js.push(ms);
    }
  }

  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
  const rows = [...samples.entries()].map(([group, s]) => {
    const appP50 = percentile(s.app, 50);
    const sqlP50 = percentile(s.sql, 50);
    return {
      group,
      tiles: s.bytes.length,
      'KB avg/max': `${f(s.bytes.reduce((a, b) => a + b, 0) / s.bytes.length / 1024)}/${f(Math.max(...s.bytes) / 1024)}`,
      'sql p50/p95': `${f(sqlP50)}/${f(percentile(s.sql, 95))}`,
      'app p50/p95': `${f(appP50)}/${f(percentile(s.app, 95))}`,
      'app/sql p50': (appP50 / sqlP50).toFixed(2),
      'cached p50/p95': `${f(percentile(s.cached, 50))}/${f(percentile(s.cached, 95))}`,
      'js path p50/p95': `${f(percentile(s.js, 50))}/${f(percentile(s.js, 95))}`,
    };
  });
  const all = (key: keyof Samples) => [...samples.values()].flatMap((s) => s[key]);
  const total = (key: 'sql' | 'app' | 'cached' | 'js') => all(key).reduce((a, b) => a + b, 0);
  console.table(rows);
  console.log(
    [
      `all tiles, ms p50/p95: sql ${f(percentile(all('sql'), 50))}/${f(percentile(all('sql'), 95))}`,
      `app ${f(percentile(all('app'), 50))}/${f(percentile(all('app'), 95))}`,
      `cached ${f(percentile(all('cached'), 50))}/${f(percentile(all('cached'), 95))}`,
      `js path ${f(percentile(all('js'), 50))}/${f(percentile(all('js'), 95))}`,
    ].join(' · '),
  );
  console.log(
    `tiles/s (one client, sequential): sql ${f((1000 * all('sql').length) / total('sql'))} · app ${f((1000 * all('app').length) / total('app'))} · cached ${f((1000 * all('cached').length) / total('cached'))} · app/sql time ${(total('app') / total('sql')).toFixed(2)}`,
  );
  await raw.end();
  await database.close();
}

await main();
