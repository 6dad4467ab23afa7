// GET /api/units/:id reads a unit's detail (figures, tier, reasons, standing,
// 28 days of history) in a few statements, not one per piece: counted on the
// real database of this run, for a unit of every level under every shipped
// rule set that grades it.
import fs from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHIPPED_RULE_SETS } from '../../../geo/risk/index.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { buildApp } from '../../../server/app.ts';
import { seedCity } from '../../../server/geography/seed.service.ts';
import { describeUnit } from '../../../server/risk/unit-risk.service.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { countQueries, type QueryCounter } from '../../helpers/query-count.ts';
import { listResidents, writeEvents, type FixtureEvent } from '../aggregate/event-fixtures.ts';

const D = '2021-10-25';
const DAYS = ['2021-10-05', '2021-10-12', '2021-10-15', '2021-10-19', '2021-10-22', '2021-10-25'];
/** Statements the detail itself may take (the route adds the caller's session, the guard's place and the ETag). */
const DETAIL_QUERIES = 4;

describe('GET /api/units/:id statements', () => {
  let t: TestDatabase;
  let counter: QueryCounter;
  let app: FastifyInstance;
  let admin: SignedInHeaders;
  let units: { id: number; level: string }[];

  beforeAll(async () => {
    t = await openTestDatabase();
    await seedCity(t.database, { people: 1500, seed: 'q', idHashKey: 'x'.repeat(40) });
    const residents = await listResidents(t.database);
    const events: FixtureEvent[] = residents.slice(0, 300).flatMap((r, i): FixtureEvent[] => [
      { kind: 'dose', person: i, day: '2021-09-01', dose: 1 },
      ...(i % 5 === 0 ? [{ kind: 'case' as const, person: i, day: DAYS[i % DAYS.length] as string, classification: 'community' as const, severity: 'mild' as const, recoveredOn: null }] : []),
      ...(i % 3 === 0 ? [{ kind: 'test' as const, person: i, day: DAYS[(i + 1) % DAYS.length] as string, method: 'pcr' as const, positive: i % 5 === 0 }] : []),
    ]);
    await writeEvents(t.database, residents, events);
    await refreshDirtyUnits(t.database);
    counter = countQueries(t.database);
    app = await buildApp({ config: t.config, database: counter.database });
    admin = await signInAs(app, t.database, { username: 'admin', role: 'admin' });
    const all = await t.database.withSession((s) => s.query<{ id: number; level: string }>('SELECT id, level FROM unit ORDER BY id'));
    // The first unit of each level, and a second block.
    units = ['city', 'district', 'ward', 'neighbourhood', 'block'].flatMap((level) => all.filter((u) => u.level === level).slice(0, level === 'block' ? 2 : 1));
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  const cases = () => units.flatMap((u) => SHIPPED_RULE_SETS.filter((rs) => (rs.levels as readonly string[]).includes(u.level)).map((rs) => ({ unit: u, ruleSet: rs.id })));

  it(`reads one unit's detail in at most ${DETAIL_QUERIES} statements, whatever its level and rule set`, async () => {
    const counts: string[] = [];
    const over: string[] = [];
    const answers: Record<string, unknown> = {};
    expect(cases().length).toBeGreaterThan(4);
    for (const { unit, ruleSet } of cases()) {
      const service = await counter.measure(() => counter.database.withSession((s) => describeUnit(s, unit.id, D, ruleSet)));
      const route = await counter.measureAll(() => app.inject({ url: `/api/units/${unit.id}?date=${D}&ruleSet=${ruleSet}`, headers: admin }));
      expect(route.result.statusCode, route.result.body).toBe(200);
      expect(route.result.json().tier.id).toBe(service.result.tier.id);
      answers[`${unit.id} ${ruleSet}`] = route.result.json();
      counts.push(`${unit.level} ${unit.id} ${ruleSet}: detail ${service.queries}, whole request ${route.queries}`);
      if (counts.length === 1) counts.push(`  the request's statements:\n    ${route.statements.join('\n    ')}`);
      if (service.queries > DETAIL_QUERIES) over.push(`${unit.level} ${unit.id} ${ruleSet}: ${service.queries}\n  ${service.statements.join('\n  ')}`);
    }
    console.log(counts.join('\n'));
    // For comparing answers before and after a change to the reads (not part of the check).
    if (process.env.RISKMAP_UNIT_DETAIL_DUMP) await fs.writeFile(process.env.RISKMAP_UNIT_DETAIL_DUMP, JSON.stringify(answers, null, 1));
    expect(over, over.join('\n')).toEqual([]);
  });
});
