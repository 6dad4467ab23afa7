// The September 2021 shape of the simulated epidemic, without a database:
// builds a seeded synthetic city in memory the way `riskmap seed` does
// (generateSyntheticCity + populateWard per ward), runs the pure simulator
// (geo/simulate) and grades every residential group with Plan 2716
// (geo/simulate/plan-2716.ts, mirroring geo/risk/rule-sets/hcmc-2716.json)
// on the last day. Prints shares per seed and their mean, the attack rate
// (confirmed cases / people), how clustered the cases are, and run times.
//
//   npx tsx bench/epidemic-shape.ts                      # test city (90 days) and demo city (60 days), 4 seeds each
//   npx tsx bench/epidemic-shape.ts --city demo --seeds 2 --window 7
//   npx tsx bench/epidemic-shape.ts --city demo --seed-names riskmap-demo-epidemic   # the demo's own history seed
//   npx tsx bench/epidemic-shape.ts --set epidemic.cityRatePerDay=0.05 --set epidemic.hotSpotActiveShare=0.1
//
// Both cities come from tests/geo/simulate/test-city.ts, as the tests build
// them: the test city (40,000 people, 2 districts × 3 wards, 2021-07-03 …
// 2021-09-30, the defaults) and server/demo.ts's demo city (40,000 people,
// 4 districts × 6 wards, seed riskmap-demo, the 60 days to 2021-09-30). The
// demo's wards are built from the generated geometry, not read back from the
// database, so their coordinates are not rounded by PostGIS; group counts
// can differ by a few.
// Needs no DATABASE_URL.
import { addDays } from '../geo/simulate/calendar.ts';
import { simulateHistory } from '../geo/simulate/history.ts';
import { mergeParameters, type DeepPartial, type SimulationParameters } from '../geo/simulate/parameters.ts';
import { computePlan2716Shares, SEPTEMBER_2021_SHARES, type Plan2716Shares } from '../geo/simulate/plan-2716.ts';
import type { SimPopulation } from '../geo/simulate/population.ts';
import { buildDemoCity, buildTestCity } from '../tests/geo/simulate/test-city.ts';

interface CityCase {
  name: string;
  build: (startDate: string) => SimPopulation;
  days: number;
  seedPrefix: string;
}

const CITIES: Record<string, CityCase> = {
  test: { name: 'test city (40,000 people, 6 wards, 90 days)', build: (startDate) => buildTestCity(40_000, 2, 3, startDate), days: 90, seedPrefix: 'shape-' },
  demo: { name: 'demo city (40,000 people, 24 wards, 60 days)', build: buildDemoCity, days: 60, seedPrefix: 'demo-' },
};

function parseArgs(argv: string[]): { cities: string[]; seeds: number; names: string[] | null; window: 7 | 14; overrides: DeepPartial<SimulationParameters> } {
  let cities = ['test', 'demo'];
  let seeds = 4;
  let names: string[] | null = null;
  let window: 7 | 14 = 14;
  const overrides: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1] ?? '';
    if (arg === '--city') { cities = value === 'both' ? ['test', 'demo'] : [value]; i++; }
    else if (arg === '--seeds') { seeds = Number(value); i++; }
    else if (arg === '--seed-names') { names = value.split(','); seeds = names.length; i++; }
    else if (arg === '--window') { window = value === '7' ? 7 : 14; i++; }
    else if (arg === '--set') {
      const [key, raw] = value.split('=');
      const path = (key ?? '').split('.');
      let node = overrides;
      for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
      node[path[path.length - 1]!] = JSON.parse(raw ?? 'null');
      i++;
    } else throw new Error(`unknown option ${arg} (use --city test|demo|both, --seeds N, --seed-names a,b, --window 7|14, --set path=json)`);
  }
  for (const c of cities) if (!CITIES[c]) throw new Error(`--city must be test, demo or both, got "${c}"`);
  if (!Number.isInteger(seeds) || seeds < 1) throw new Error(`--seeds must be a whole number ≥ 1, got ${seeds}`);
  return { cities, seeds, names, window, overrides: overrides as DeepPartial<SimulationParameters> };
}

const pct = (x: number) => `${(100 * x).toFixed(1)}`.padStart(5);
const row = (label: string, s: Pick<Plan2716Shares, 'newNormal' | 'atRisk' | 'high' | 'veryHigh'>, extra: string) =>
  `  ${label.padEnd(10)} ${pct(s.newNormal)} ${pct(s.atRisk)} ${pct(s.high)} ${pct(s.veryHigh)}   ${extra}`;

function main(): void {
  const { cities, seeds, names, window, overrides } = parseArgs(process.argv.slice(2));
  const until = '2021-09-30';
  console.log(`Plan 2716 shares on ${until}, counting case households over ${window} days; target ${pct(SEPTEMBER_2021_SHARES.newNormal)} ${pct(SEPTEMBER_2021_SHARES.atRisk)} ${pct(SEPTEMBER_2021_SHARES.high)} ${pct(SEPTEMBER_2021_SHARES.veryHigh)} (risk-models.md §3)`);
  if (Object.keys(overrides).length > 0) console.log(`overrides: ${JSON.stringify(overrides)}`);
  for (const key of cities) {
    const c = CITIES[key]!;
    const params = mergeParameters({ ...overrides, startDate: addDays(until, -(c.days - 1)), endDate: until } as DeepPartial<SimulationParameters>);
    let t = performance.now();
    const population = c.build(params.startDate);
    const buildSeconds = (performance.now() - t) / 1000;
    console.log(`\n${c.name}: ${population.people.length} people, ${population.households.length} households, ${population.groups.length} groups (built in ${buildSeconds.toFixed(1)} s)`);
    console.log(`  seed        new  risk  high vhigh   confirmed (attack rate), infected, cases in hot-spot groups, groups with any case, seconds`);
    const mean = { newNormal: 0, atRisk: 0, high: 0, veryHigh: 0 };
    let meanAttack = 0;
    for (let s = 1; s <= seeds; s++) {
      const seed = names ? names[s - 1]! : `${c.seedPrefix}${s}`;
      t = performance.now();
      const history = simulateHistory(population, params, seed);
      const seconds = (performance.now() - t) / 1000;
      const shares = computePlan2716Shares(population, history.cases, history.days - 1, window);
      const local = history.cases.filter((x) => x.classification !== 'imported');
      const hot = new Set(history.hotSpotGroups);
      const inHot = local.filter((x) => hot.has(population.households[x.household]!.group)).length;
      const groupsWithCase = new Set(local.map((x) => population.households[x.household]!.group)).size;
      const infected = history.infectionsByDay.reduce((a, b) => a + b, 0);
      const attack = history.cases.length / population.people.length;
      meanAttack += attack / seeds;
      for (const k of Object.keys(mean) as (keyof typeof mean)[]) mean[k] += shares[k] / seeds;
      console.log(row(seed, shares, `${history.cases.length} (${pct(attack)}%), ${infected}, ${pct(local.length > 0 ? inHot / local.length : 0)}%, ${groupsWithCase}/${population.groups.length}, ${seconds.toFixed(1)}`));
      if (process.env.VERBOSE) {
        const noContact = computePlan2716Shares(population, history.cases.map((x) => ({ ...x, contactWithOtherHouseholds: false })), history.days - 1, window);
        console.log(`             colours ${JSON.stringify(shares.counts)}; without contact: ${JSON.stringify(noContact.counts)}; confirmed in the last 14 days: ${history.cases.filter((x) => x.confirmedDay >= history.days - 14).length}`);
      }
    }
    console.log(row('mean', mean, `attack rate ${pct(meanAttack)}%`));
    const worst = Math.max(...(Object.keys(mean) as (keyof typeof mean)[]).map((k) => Math.abs(mean[k] - SEPTEMBER_2021_SHARES[k])));
    console.log(`  largest distance from the target: ${(100 * worst).toFixed(1)} points`);
  }
}

main();
