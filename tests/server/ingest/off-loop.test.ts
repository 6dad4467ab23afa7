import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { bodyWorkerStats, OFF_LOOP_JSON_BYTES, OFF_LOOP_ZONE_POSITIONS } from '../../../server/ingest/body.pool.ts';
import { ROWS_PER_SLICE } from '../../../server/ingest/ingest.service.ts';
import { dryRunTable, importTable, tableFromRecords } from '../../../server/ingest/tabular.service.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { apiKeyFor, signInAs } from '../../helpers/auth.ts';
import { normaliseZoneGeometry } from '../../../server/zones/zone-geometry.ts';
import { listPeople, seedPeople, testOf, type CityPerson } from './ingest-fixtures.ts';

// Issue #15 point 1: no request holds the event loop. Checked by structure, not by the clock
// (bench/loop-block.ts measures the blocks): large JSON bodies are parsed in the body worker,
// with every check and error code of the inline path, and row preparation yields to the loop.
describe('large bodies off the event loop', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let people: CityPerson[];
  let idHashKey: string;
  let site: { authorization: string };

  beforeAll(async () => {
    t = await openTestDatabase();
    idHashKey = await resolveIdHashKey(t.config);
    await seedPeople(t.database, idHashKey, 300);
    people = await listPeople(t.database, 60);
    app = await buildApp({ config: t.config, database: t.database });
    await t.database.withSession((s) => s.query("INSERT INTO source (code, name, kind) VALUES ('offloop', 'offloop', 'test_site')"));
    site = await apiKeyFor(t.database, 'offloop-bot', 'offloop');
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  /** Records padded with a note so that their JSON passes the worker threshold. */
  const largeRecords = (n: number, prefix: string) => {
    const records: Array<Record<string, string>> = people.slice(0, n).map((p, i) => testOf(p, `${prefix}-${i}`, i % 5 === 0 ? { result: 'maybe' } : {}));
    const pad = Math.ceil((OFF_LOOP_JSON_BYTES * 1.2) / records.length);
    return records.map((r) => ({ ...r, ghiChu: 'x'.repeat(pad) }));
  };
  const post = (url: string, payload: string, contentType = 'application/json') =>
    app.inject({ method: 'POST', url, payload, headers: { ...site, 'content-type': contentType } });

  it('parses a JSON body over the threshold in the worker, with the same outcome as the inline path', async () => {
    const records = largeRecords(40, 'dry');
    const body = JSON.stringify(records);
    expect(Buffer.byteLength(body)).toBeGreaterThan(OFF_LOOP_JSON_BYTES);
    const before = bodyWorkerStats.tasks;
    const response = await post('/api/ingest/dry-run?kind=tests&source=offloop', body);
    expect(response.statusCode, response.body).toBe(200);
    expect(bodyWorkerStats.tasks).toBe(before + 1);
    const inline = await dryRunTable(t.database, tableFromRecords(records), { idHashKey, sourceCode: 'offloop', kind: 'tests', channel: 'api' });
    const answer = response.json();
    expect(answer).toMatchObject({ dryRun: true, rows: inline.rows, accepted: inline.accepted, rejected: inline.rejected });
    expect(answer.rejected).toBe(8);
    expect(answer.mapping).toEqual(JSON.parse(JSON.stringify(inline.mapping)));
    expect(answer.rejects.map((r: { rowNumber: number }) => r.rowNumber)).toEqual(inline.rejects.map((r) => r.rowNumber));

    // A small body stays inline.
    const small = await post('/api/ingest/dry-run?kind=tests&source=offloop', JSON.stringify(records.slice(0, 2).map(({ ghiChu: _, ...r }) => r)));
    expect(small.statusCode).toBe(200);
    expect(bodyWorkerStats.tasks).toBe(before + 1);
  });

  it('stores a large JSON body sent through the worker, row by row', async () => {
    const records = largeRecords(30, 'store');
    const response = await post('/api/ingest/tests', JSON.stringify(records));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().summary).toMatchObject({ rows: 30, rejected: 6 });
    const [stored] = await t.database.withSession((s) => s.query<{ n: number }>("SELECT count(*)::int AS n FROM test_result WHERE source_record_id LIKE 'store-%'"));
    expect(stored?.n).toBe(24);
  });

  it('answers the worker path\'s bad bodies with the same codes as the inline path', async () => {
    const filler = 'x'.repeat(OFF_LOOP_JSON_BYTES);
    const cases: Array<{ body: string; status: number; code: string }> = [
      { body: `[{"a": "${filler}"`, status: 400, code: 'BAD_REQUEST' },
      { body: JSON.stringify({ records: [filler] }), status: 400, code: 'BAD_REQUEST' },
      { body: JSON.stringify(Array.from({ length: 10_001 }, () => ({ a: 'x'.repeat(30) }))), status: 413, code: 'PAYLOAD_TOO_LARGE' },
      { body: JSON.stringify([{ note: filler, ...Object.fromEntries(Array.from({ length: 1001 }, (_, k) => [`k${k}`, '1'])) }]), status: 413, code: 'INPUT_TOO_WIDE' },
      { body: `[{"note": "${filler}", "deep": ${'['.repeat(100)}${']'.repeat(100)}}]`, status: 400, code: 'INPUT_TOO_DEEP' },
      { body: `[{"note": "${filler}", "__proto__": {"polluted": true}}]`, status: 400, code: 'BAD_REQUEST' },
    ];
    for (const c of cases) {
      expect(Buffer.byteLength(c.body)).toBeGreaterThan(OFF_LOOP_JSON_BYTES);
      const before = bodyWorkerStats.tasks;
      const response = await post('/api/ingest/tests?source=offloop', c.body);
      expect(bodyWorkerStats.tasks).toBe(before + 1);
      expect({ status: response.statusCode, code: response.json().code }, c.body.slice(0, 60)).toEqual({ status: c.status, code: c.code });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads a large FHIR Bundle in the worker and answers entry by entry; a large non-Bundle is an OperationOutcome', async () => {
    const entry: unknown[] = [];
    for (const [i, p] of people.slice(0, 20).entries()) {
      const words = p.fullName.split(' ');
      entry.push(
        { fullUrl: `urn:uuid:p${i}`, resource: { resourceType: 'Patient', name: [{ family: words[0], given: words.slice(1) }], gender: p.sex === 'M' ? 'male' : 'female', birthDate: p.birthDate, address: [{ text: p.address }], text: { div: 'x'.repeat(20_000) } } },
        { resource: { resourceType: 'Observation', identifier: [{ value: `fhir-off-${i}` }], status: 'final', subject: { reference: i === 3 ? 'urn:uuid:nobody' : `urn:uuid:p${i}` }, code: { coding: [{ system: 'http://loinc.org', code: '94500-6' }] }, effectiveDateTime: '2021-08-20T09:30:00+07:00', valueCodeableConcept: { coding: [{ system: 'http://snomed.info/sct', code: '260415000' }] } } },
      );
    }
    const body = JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry });
    expect(Buffer.byteLength(body)).toBeGreaterThan(OFF_LOOP_JSON_BYTES);
    const before = bodyWorkerStats.tasks;
    const response = await post('/fhir?source=offloop', body, 'application/fhir+json');
    expect(response.statusCode, response.body).toBe(200);
    expect(bodyWorkerStats.tasks).toBe(before + 1);
    const statuses = (response.json().entry as Array<{ response: { status: string } }>).map((e) => e.response.status);
    expect(statuses.filter((s) => s === '201 Created')).toHaveLength(19);
    expect(statuses[7]).toBe('400 Bad Request');

    const notBundle = await post('/fhir?source=offloop', JSON.stringify({ resourceType: 'Patient', text: 'x'.repeat(OFF_LOOP_JSON_BYTES) }), 'application/fhir+json');
    expect(notBundle.statusCode).toBe(400);
    expect(notBundle.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'structure' }] });
    const tooMany = await post('/fhir?source=offloop', JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: Array.from({ length: 10_001 }, () => ({ resource: { resourceType: 'Basic', id: 'x'.repeat(30) } })) }), 'application/fhir+json');
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'too-costly' }] });
  });

  it('checks a large zone polygon in the worker: the same zone, and the same first crossing, as inline', async () => {
    const planner = await signInAs(app, t.database, { username: 'offloop-planner', role: 'planner' });
    const [centre] = await t.database.withSession((s) => s.query<{ lng: number; lat: number }>("SELECT ST_X(ST_Centroid(ST_Extent(geom))) AS lng, ST_Y(ST_Centroid(ST_Extent(geom))) AS lat FROM unit WHERE level = 'block'"));
    const ring = (n: number, star: boolean) => {
      const points: number[][] = [];
      for (let i = 0; i < n; i++) {
        const k = star ? (i * (Math.floor(n / 2) - 1)) % n : i;
        const angle = (2 * Math.PI * k) / n;
        points.push([centre!.lng + 0.05 * Math.cos(angle), centre!.lat + 0.05 * Math.sin(angle)]);
      }
      return [...points, points[0]!];
    };
    const circle = { type: 'Polygon', coordinates: [ring(OFF_LOOP_ZONE_POSITIONS * 2, false)] };
    let before = bodyWorkerStats.tasks;
    const created = await app.inject({ method: 'POST', url: '/api/zones', headers: planner, payload: { name: 'large circle', geometry: circle } });
    expect(created.statusCode, created.body).toBe(201);
    expect(bodyWorkerStats.tasks).toBe(before + 1);
    expect(created.json().unitIds.length).toBeGreaterThan(0);

    const star = { type: 'Polygon', coordinates: [ring(OFF_LOOP_ZONE_POSITIONS * 3 + 1, true)] };
    let inline: unknown = null;
    try { normaliseZoneGeometry(star); } catch (error) { inline = { code: (error as { code: string }).code, message: (error as Error).message }; }
    before = bodyWorkerStats.tasks;
    const refused = await app.inject({ method: 'POST', url: '/api/zones', headers: planner, payload: { name: 'star', geometry: star } });
    expect(bodyWorkerStats.tasks).toBe(before + 1);
    expect(refused.statusCode).toBe(400);
    expect({ code: refused.json().code, message: refused.json().message }).toEqual(inline);
    expect(inline).toMatchObject({ code: 'ZONE_SELF_INTERSECTION' });

    // A small polygon stays inline.
    before = bodyWorkerStats.tasks;
    const small = await app.inject({ method: 'POST', url: '/api/zones', headers: planner, payload: { name: 'small', geometry: { type: 'Polygon', coordinates: [ring(100, false)] } } });
    expect(small.statusCode).toBe(201);
    expect(bodyWorkerStats.tasks).toBe(before);
  });

  it('gives the event loop a turn every slice of rows while a table is dry-run or imported', async () => {
    // Enough rows that their slices outnumber the turns the database round trips give.
    const records = Array.from({ length: 3200 }, (_, i) => testOf(people[i % people.length] as CityPerson, `turns-${i}`));
    for (const run of ['dry run', 'import'] as const) {
      let turns = 0;
      let counting = true;
      const tick = () => { turns += 1; if (counting) setImmediate(tick); };
      const options = { idHashKey, sourceCode: 'offloop', kind: 'tests' as const, channel: 'api' as const };
      const work = run === 'dry run'
        ? dryRunTable(t.database, tableFromRecords(records), options)
        // Context loaded, then rows prepared with no database round trip until the one chunk commits.
        : importTable(t.database, tableFromRecords(records), { ...options, chunkRows: 5000 });
      setImmediate(tick);
      await work;
      counting = false;
      // At least one turn per slice of rows (database round trips add more).
      expect(turns, run).toBeGreaterThanOrEqual(Math.floor(records.length / ROWS_PER_SLICE));
    }
  });
});
