// `riskmap simulate --report`: what the database holds against the ground
// truth the history run kept. Per record (its latest version): recovered
// (an event exists for source + record id), linked to the right person, to
// a wrong seeded person, to a person ingest created (a duplicate of a real
// one), held for review, stored unlinked, rejected, or missing altogether;
// and the share linked correctly per kind of dirt.
import fs from 'node:fs';
import readline from 'node:readline';
import type { Database } from '../db/database.ts';
import { comparePeople, type PeopleTruth } from './truth-report.service.ts';

interface TruthLine {
  source: string;
  recordId: string;
  version: number;
  kind: 'tests' | 'vaccinations';
  dirt: string[];
  personId: number | null;
  personKey: string;
}

export type RecordOutcome = 'linkedCorrectly' | 'wronglyLinked' | 'linkedToNewPerson' | 'heldForReview' | 'unlinked' | 'rejected' | 'missing';

export interface SimulationReport {
  records: number;
  recovered: number;
  outcomes: Record<RecordOutcome, number>;
  /** Per dirt kind: records carrying it and how many of those were linked correctly. */
  byDirt: Record<string, { records: number; linkedCorrectly: number; rejected: number }>;
  /** Records with no dirt at all, of people in the register. */
  clean: { records: number; linkedCorrectly: number };
  /** Records with no dirt of people outside the register (no ID on record; linked to the person ingest created for them). */
  cleanOutsideRegister: { records: number; linkedCorrectly: number };
  /** Persons holding the stored records against the true people behind them. */
  people: PeopleTruth;
}

const EVENTS = `
SELECT s.code, e.source_record_id AS record_id, e.person_id::text AS person_id FROM test_result e JOIN source s ON s.id = e.source_id WHERE s.code = ANY($1::text[])
UNION ALL
SELECT s.code, e.source_record_id, e.person_id::text FROM vaccination e JOIN source s ON s.id = e.source_id WHERE s.code = ANY($1::text[])`;
const REJECTS = `
SELECT DISTINCT s.code, r.raw->>'recordId' AS record_id FROM ingest_reject r JOIN ingest_batch b ON b.id = r.batch_id JOIN source s ON s.id = b.source_id
WHERE s.code = ANY($1::text[]) AND r.raw->>'recordId' IS NOT NULL`;
const HELD = `SELECT s.code, h.source_record_id AS record_id FROM link_review_event h JOIN source s ON s.id = h.source_id WHERE s.code = ANY($1::text[])`;

async function readTruth(file: string): Promise<Map<string, TruthLine>> {
  const latest = new Map<string, TruthLine>();
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const text of lines) {
    if (text.trim() === '') continue;
    const line = JSON.parse(text) as TruthLine;
    const key = `${line.source}|${line.recordId}`;
    const before = latest.get(key);
    if (!before || before.version < line.version) latest.set(key, { ...line, dirt: [...new Set([...(before?.dirt ?? []), ...line.dirt])] });
  }
  return latest;
}

/** Compares the database with the ground-truth file written by a history run. */
export async function buildReport(database: Database, truthFile: string, seededMaxPersonId: number): Promise<SimulationReport> {
  const truth = await readTruth(truthFile);
  const codes = [...new Set([...truth.values()].map((t) => t.source))];
  const key = (r: { code: string; record_id: string }) => `${r.code}|${r.record_id}`;
  const [events, rejects, held] = await database.withSession(async (s) => [
    await s.query<{ code: string; record_id: string; person_id: string | null }>(EVENTS, [codes]),
    await s.query<{ code: string; record_id: string }>(REJECTS, [codes]),
    await s.query<{ code: string; record_id: string }>(HELD, [codes]),
  ] as const);
  const eventPerson = new Map(events.map((e) => [key(e), e.person_id === null ? null : Number(e.person_id)]));
  const rejected = new Set(rejects.map(key));
  const heldKeys = new Set(held.map(key));
  // A resident outside the register has no seeded person: their records are right when they sit on the one person ingest
  // created for them (the person holding most of them) and on no one else's; another new person is a duplicate.
  const usage = new Map<string, Map<number, number>>();
  const keysOf = new Map<number, Set<string>>();
  for (const [k, t] of truth) {
    const person = eventPerson.get(k) ?? null;
    if (person === null) continue;
    const counts = usage.get(t.personKey) ?? new Map<number, number>();
    counts.set(person, (counts.get(person) ?? 0) + 1);
    usage.set(t.personKey, counts);
    keysOf.set(person, (keysOf.get(person) ?? new Set()).add(t.personKey));
  }
  const mainPerson = (key: string) => [...(usage.get(key) ?? new Map<number, number>())].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0];
  const outcomeOfUnregistered = (person: number, key: string): RecordOutcome => {
    if (person <= seededMaxPersonId || (keysOf.get(person)?.size ?? 0) > 1) return 'wronglyLinked';
    return mainPerson(key) === person ? 'linkedCorrectly' : 'linkedToNewPerson';
  };
  const people = comparePeople([...truth].map(([k, t]) => ({ personId: eventPerson.get(k) ?? null, personKey: t.personKey })), seededMaxPersonId);
  const report: SimulationReport = {
    records: truth.size, recovered: 0, byDirt: {}, clean: { records: 0, linkedCorrectly: 0 }, cleanOutsideRegister: { records: 0, linkedCorrectly: 0 }, people,
    outcomes: { linkedCorrectly: 0, wronglyLinked: 0, linkedToNewPerson: 0, heldForReview: 0, unlinked: 0, rejected: 0, missing: 0 },
  };
  for (const [k, t] of truth) {
    let outcome: RecordOutcome;
    if (eventPerson.has(k)) {
      report.recovered += 1;
      const person = eventPerson.get(k) ?? null;
      if (person === null) outcome = heldKeys.has(k) ? 'heldForReview' : 'unlinked';
      else if (t.personId === null) outcome = outcomeOfUnregistered(person, t.personKey);
      else if (person === t.personId) outcome = 'linkedCorrectly';
      else outcome = person > seededMaxPersonId ? 'linkedToNewPerson' : 'wronglyLinked';
    } else outcome = rejected.has(k) ? 'rejected' : 'missing';
    report.outcomes[outcome] += 1;
    if (t.dirt.length === 0) {
      const clean = t.personId === null ? report.cleanOutsideRegister : report.clean;
      clean.records += 1;
      if (outcome === 'linkedCorrectly') clean.linkedCorrectly += 1;
    }
    for (const d of t.dirt) {
      const entry = (report.byDirt[d] ??= { records: 0, linkedCorrectly: 0, rejected: 0 });
      entry.records += 1;
      if (outcome === 'linkedCorrectly') entry.linkedCorrectly += 1;
      if (outcome === 'rejected') entry.rejected += 1;
    }
  }
  return report;
}
