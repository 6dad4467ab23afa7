import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateCity, type SimulatedCity } from '../../../geo/simulate/index.ts';
import { mergeParameters } from '../../../geo/simulate/parameters.ts';
import type { SimPopulation } from '../../../geo/simulate/population.ts';
import { createApiKey, createUser } from '../../../server/access/access.service.ts';
import { buildApp } from '../../../server/app.ts';
import { DEFAULT_REFERENCE_DATE, seedCity } from '../../../server/geography/seed.service.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { renderSubmission } from '../../../server/simulate/files.ts';
import { parametersFor, runHistory } from '../../../server/simulate/history.service.ts';
import { checkLocalUrl, sendSubmission } from '../../../server/simulate/ingest-adapter.ts';
import { runLive } from '../../../server/simulate/live.service.ts';
import { loadSeededPopulation } from '../../../server/simulate/population.repo.ts';
import { buildReport } from '../../../server/simulate/report.service.ts';
import { compareLevels } from '../../../server/simulate/truth-report.service.ts';
import { TRUTH_SUMMARY_FILE } from '../../../server/simulate/history.service.ts';
import type { TruthSummary } from '../../../geo/simulate/truth-summary.ts';
import { createSiteKeys } from '../../../server/simulate/site-keys.service.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';

const params = mergeParameters({ startDate: '2021-08-10', endDate: '2021-08-24' });
const SEED = 'sim-test';

describe('parametersFor', () => {
  it('refuses a bad --days or --until, naming the option', () => {
    expect(() => parametersFor(0, '2021-09-30')).toThrow(/parameter --days must be a whole number ≥ 1/);
    expect(() => parametersFor(90, '2021-02-30')).toThrow(/parameter --until must be a date/);
    expect(parametersFor(90, '2021-09-30')).toMatchObject({ startDate: '2021-07-03', endDate: '2021-09-30' });
  });
});

describe('riskmap simulate against a real database', () => {
  let t: TestDatabase;
  let idHashKey: string;
  let population: SimPopulation;
  let city: SimulatedCity;
  let app: FastifyInstance;
  let base: URL;
  let apiKey: string;

  const eventsOf = async (code: string) => t.database.withSession((s) => s.query<{ record_id: string; person_id: string | null }>(
    `SELECT e.source_record_id AS record_id, e.person_id::text AS person_id FROM test_result e JOIN source s ON s.id = e.source_id WHERE s.code = $1
     UNION ALL SELECT e.source_record_id, e.person_id::text FROM vaccination e JOIN source s ON s.id = e.source_id WHERE s.code = $1`, [code]));

  beforeAll(async () => {
    t = await openTestDatabase();
    idHashKey = await resolveIdHashKey(t.config);
    await seedCity(t.database, { people: 3000, seed: SEED, idHashKey, city: { districts: 2, wardsPerDistrict: 2 } });
    ({ population } = await loadSeededPopulation(t.database, { seeds: ['not-it', SEED], referenceDate: DEFAULT_REFERENCE_DATE, idHashKey, startDate: params.startDate }));
    city = simulateCity(population, params, 'channels');
    await createUser(t.database, { username: 'simulator', role: 'admin' });
    ({ key: apiKey } = await createApiKey(t.database, 'simulator', 'simulate tests'));
    app = await buildApp({ config: t.config, database: t.database });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = new URL(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('regenerates the seeded people exactly: every person has the database id whose stored ID hash matches', async () => {
    expect(population.people).toHaveLength(3000);
    const sample = population.people.filter((p) => p.identity.nationalId !== null).slice(0, 200);
    const rows = await t.database.withSession((s) => s.query<{ id: string; hash: string }>(`SELECT id::text, encode(national_id_hash, 'hex') AS hash FROM person WHERE id = ANY($1::bigint[])`, [sample.map((p) => p.personId)]));
    const { hashNationalId } = await import('../../../server/identity/national-id-hash.ts');
    const stored = new Map(rows.map((r) => [Number(r.id), r.hash]));
    for (const p of sample) expect(stored.get(p.personId as number)).toBe(hashNationalId(idHashKey, p.identity.nationalId as string).toString('hex'));
  });

  it.each(['csv', 'xlsx', 'json', 'fhir'] as const)('sends a %s submission through its real HTTP channel and links its clean records to the true people', async (format) => {
    const submission = city.submissions.find((s) => city.sources[s.source]?.format === format && s.repeatOf === null && s.records.length >= 3);
    expect(submission, `a ${format} submission`).toBeDefined();
    const source = city.sources[submission!.source]!;
    const status = await sendSubmission(base, await renderSubmission(source, submission!), apiKey);
    expect(status).toBe(200);
    const stored = new Map((await eventsOf(source.code)).map((e) => [e.record_id, e.person_id]));
    const clean = submission!.records.filter((r) => r.dirt.length === 0);
    for (const r of submission!.records) expect(stored.has(r.values.recordId), r.values.recordId).toBe(true);
    for (const r of clean) expect(stored.get(r.values.recordId)).toBe(String(r.truth.personId));
  });

  it('changes nothing when a site sends the same file again', async () => {
    const submission = city.submissions.find((s) => ['csv', 'xlsx'].includes(city.sources[s.source]?.format ?? '') && s.records.length >= 3 && s.repeatOf === null);
    const source = city.sources[submission!.source]!;
    const rendered = await renderSubmission(source, submission!);
    await sendSubmission(base, rendered, apiKey);
    const before = (await eventsOf(source.code)).length;
    expect(await sendSubmission(base, rendered, apiKey)).toBe(200);
    expect((await eventsOf(source.code)).length).toBe(before);
  });

  it('sends a live feed over HTTP, and only to this machine', async () => {
    const result = await runLive(population, { url: base.href, apiKey, rate: 100, durationSeconds: 2, seed: 'live-test', date: params.endDate });
    expect(result.recordsAccepted).toBeGreaterThan(0);
    expect(result.failedRequests).toBe(0);
    expect(() => checkLocalUrl('http://example.org:8080')).toThrow(/localhost or 127.0.0.1/);
  });

  it('sends the live feed as each site with its own data_source key, which sends only as that site', async () => {
    const keys = await createSiteKeys(t.database, city.sources);
    expect(Object.keys(keys).sort()).toEqual(city.sources.map((s) => s.code).sort());
    const users = await t.database.withSession((s) => s.query<{ role: string; code: string }>(
      `SELECT u.role, s.code FROM app_user u JOIN source s ON s.id = u.source_id WHERE u.username LIKE 'site.%'`));
    expect(users).toHaveLength(city.sources.length);
    expect(new Set(users.map((u) => u.role))).toEqual(new Set(['data_source']));
    const result = await runLive(population, { url: base.href, apiKey: null, siteKeys: keys, rate: 150, durationSeconds: 2, seed: 'live-keys', date: params.endDate, concurrency: 2 });
    expect(result.recordsAccepted).toBeGreaterThan(0);
    expect(result.failedRequests).toBe(0);
    expect(result.latencyMs.p95).toBeGreaterThan(0);
    // Another site's key is refused: the key, not the query, decides who sends.
    const submission = city.submissions.find((s) => city.sources[s.source]?.format === 'json' && s.records.length > 0)!;
    const source = city.sources[submission.source]!;
    const other = city.sources.find((s) => s.code !== source.code)!;
    expect(await sendSubmission(base, await renderSubmission(source, submission), keys[other.code]!)).toBe(403);
    // Made again (a second run), the sites keep their users and get new keys that work.
    const again = await createSiteKeys(t.database, city.sources);
    expect(again[source.code]).not.toBe(keys[source.code]);
    expect(await sendSubmission(base, await renderSubmission(source, submission), again[source.code]!)).toBe(200);
  });

  it('writes a history through the bulk path, files and ground truth, and the report measures it', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'riskmap-sim-'));
    try {
      // As the demo does it: every committed chunk is handed on (to the app's aggregator there), so the map fills in as it goes.
      const touchedDays = new Set<string>();
      let chunks = 0;
      const summary = await runHistory(t.database, {
        days: 10, until: '2021-09-05', seed: 'bulk', citySeeds: [SEED], referenceDate: DEFAULT_REFERENCE_DATE, idHashKey,
        outDir: path.join(dir, 'out'), ingest: true, truthDir: path.join(dir, 'truth'), siteKeysFile: path.join(dir, 'truth', 'site-keys.json'),
        onChunkCommitted: (touched) => { chunks += 1; for (const p of touched) touchedDays.add(p.day); },
      });
      expect(summary.records).toBeGreaterThan(500);
      expect(chunks).toBeGreaterThan(10);
      expect(touchedDays.size).toBeGreaterThanOrEqual(10);
      const keys = JSON.parse(await fs.readFile(path.join(dir, 'truth', 'site-keys.json'), 'utf8')) as Record<string, string>;
      expect(Object.keys(keys)).toHaveLength(summary.sources);
      expect((await refreshDirtyUnits(t.database)).dirtyPairs).toBeGreaterThan(0);
      const files = await fs.readdir(path.join(dir, 'out'));
      expect(files).toContain('ground-truth.ndjson');
      const run = JSON.parse(await fs.readFile(path.join(dir, 'truth', 'run.json'), 'utf8')) as { seededMaxPersonId: number };
      const report = await buildReport(t.database, path.join(dir, 'truth', 'ground-truth.ndjson'), run.seededMaxPersonId);
      expect(report.records).toBeGreaterThan(500);
      expect(report.recovered / report.records).toBeGreaterThan(0.98);
      expect(report.outcomes.linkedCorrectly / report.records).toBeGreaterThan(0.9);
      expect(report.clean.linkedCorrectly).toBe(report.clean.records);
      expect(report.cleanOutsideRegister.records).toBeGreaterThan(0);
      expect(report.cleanOutsideRegister.linkedCorrectly / report.cleanOutsideRegister.records).toBeGreaterThan(0.98);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it.each(['truth-1', 'truth-2'])('on a small city with residents outside the register (seed %s) the report prints the truth and meets the person targets', async (seed) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'riskmap-truth-'));
    try {
      const summary = await runHistory(t.database, {
        days: 7, until: '2021-09-10', seed, citySeeds: [SEED], referenceDate: DEFAULT_REFERENCE_DATE, idHashKey, outDir: null, ingest: true, truthDir: dir,
      });
      expect(summary.unregistered / summary.people).toBeCloseTo(0.15, 2);
      const run = JSON.parse(await fs.readFile(path.join(dir, 'run.json'), 'utf8')) as { seededMaxPersonId: number };
      const report = await buildReport(t.database, path.join(dir, 'ground-truth.ndjson'), run.seededMaxPersonId);
      const truth = JSON.parse(await fs.readFile(path.join(dir, TRUTH_SUMMARY_FILE), 'utf8')) as TruthSummary;
      const levels = await compareLevels(t.database, truth);
      const p = report.people;
      console.log(`truth ${seed}: ${p.persons} persons for ${p.truePeople} true people (${p.trueUnregistered} outside the register, ${p.personsCreated} created), ${p.wronglyMerged} wrongly merged; `
        + levels.map((l) => `${l.level} ${l.lastWindow.published}/${l.lastWindow.true} cases, ${l.lastWindow.unitsEqual}/${l.units} units equal`).join('; '));
      expect(p.trueUnregistered).toBeGreaterThan(50);
      expect(p.persons).toBeLessThanOrEqual(1.01 * p.truePeople);
      expect(p.wronglyMerged).toBeLessThanOrEqual(0.001 * p.truePeople);
      expect(levels.map((l) => l.level)).toEqual(['city', 'district', 'ward', 'neighbourhood', 'block']);
      const cityLevel = levels[0]!;
      expect(cityLevel.units).toBe(1);
      expect(cityLevel.coverage.true).toBeGreaterThan(0);
      // Every true community case of the window is one of the city's (the truth side is complete).
      expect(cityLevel.lastWindow.true).toBe(truth.cases.filter((c) => c.classification === 'community').length);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
