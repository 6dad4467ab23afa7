// The pusher: claim due outbox rows (short transaction), build one Bundle per
// person, POST each outside any transaction, record each answer under the
// claim token. A crash between the POST and the record leaves rows in
// 'sending'; the next run claims them again after staleClaimSeconds and sends
// them again, which creates nothing twice because every entry is conditional.
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { buildPersonBundle, eventKey, sortEvents, type FhirIdentifier, type PushEvent, type PushPerson, type TransactionBundle } from './bundle.ts';
import { localOutcome, sendTransaction, type SendResult } from './fhir-client.ts';
import {
  claimDueRows, loadClaimedRows, markRejected, markRetry, markSent, releaseClaim,
  type ClaimedTestRow, type ClaimedVaccinationRow, type RowKey,
} from './outbox.repo.ts';
import { finishRun, startRun, type PushTrigger, type RunCounts } from './national.repo.ts';
import { openIdentifiers } from './identifier-seal.ts';

export interface PushSettings {
  url: string;
  timeoutSeconds: number;
  /** Rows claimed at a time. */
  batchRows: number;
  /** Attempts (5xx, timeouts, unreachable) before a row is given up as 'failed'. */
  maxAttempts: number;
  backoffBaseSeconds: number;
  backoffMaxSeconds: number;
  /** A row in 'sending' for longer than this is taken to be from a stopped pusher and is sent again. */
  staleClaimSeconds: number;
  /** Bundles in flight at once. */
  concurrency: number;
  /** The deployment's ID-hash key: the outbox's identifiers are sealed under a key derived from it. */
  idHashKey: string;
}

/** Seconds after which a claimed ('sending') row counts as a stopped pusher's: two request timeouts and a margin. */
export const staleClaimSecondsOf = (n: Config['national']): number => n.timeoutSeconds * 2 + 30;

/** The push settings of a configuration; NATIONAL_NOT_CONFIGURED when NATIONAL_FHIR_URL is unset. */
export function pushSettingsFrom(config: Config, idHashKey: string): PushSettings {
  const n = config.national;
  if (!n.url) throw new AppError('NATIONAL_NOT_CONFIGURED');
  return {
    url: n.url, timeoutSeconds: n.timeoutSeconds, batchRows: n.batchRows, maxAttempts: n.maxAttempts,
    backoffBaseSeconds: n.backoffBaseSeconds, backoffMaxSeconds: 3600, staleClaimSeconds: staleClaimSecondsOf(n), concurrency: 4, idHashKey,
  };
}

export interface PushRunOptions {
  trigger: PushTrigger;
  /** Claim one batch only. */
  once?: boolean;
  /** Stop after claiming this many rows. */
  limit?: number;
  /** Jitter source in [0, 1); default Math.random. */
  random?: () => number;
  fetchImpl?: typeof fetch;
  /** Called once a Bundle's answer has arrived, before it is recorded (tests stop here to play a crash). */
  afterSend?: (bundle: TransactionBundle, result: SendResult) => void | Promise<void>;
}

export interface PushSummary extends RunCounts {
  runId: number;
  endpoint: string;
  /** True when nothing answered at the endpoint (refused, DNS, reset): the run stopped. */
  unreachable: boolean;
  error: string | null;
}

/** Exponential backoff with jitter: base·2^(attempt−1), capped, then scaled by 50–100 %. */
export function backoffSeconds(attempt: number, baseSeconds: number, maxSeconds: number, random: () => number): number {
  const capped = Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, attempt - 1));
  return capped * (0.5 + 0.5 * random());
}

interface PersonGroup {
  person: PushPerson;
  events: PushEvent[];
  /** Outbox rows per event key (one, or two when a stale older version was claimed beside the newest). */
  rows: Map<string, RowKey[]>;
  attempts: number;
}


function toEvent(kind: 'vaccination' | 'test_result', row: ClaimedVaccinationRow | ClaimedTestRow): PushEvent {
  const base = { sourceCode: row.source_code, sourceRecordId: row.source_record_id, version: row.version };
  if (kind === 'vaccination') {
    const v = row as ClaimedVaccinationRow;
    return {
      ...base, kind, doseNumber: v.dose_number, vaccineCode: v.vaccine_code, cvx: v.vaccine_cvx, icd11: v.vaccine_icd11,
      lotNumber: v.lot_number, vaccinatedOn: v.vaccinated_on, site: v.site,
    };
  }
  const t = row as ClaimedTestRow;
  return { ...base, kind, method: t.method, pooled: t.pooled, sampleTime: t.sample_time, result: t.result, lab: t.lab };
}

/** Claimed rows → one group (one Bundle) per person. */
export function groupByPerson(loaded: { vaccinations: ClaimedVaccinationRow[]; tests: ClaimedTestRow[] }, idHashKey: string): PersonGroup[] {
  const groups = new Map<string, PersonGroup & { ids: FhirIdentifier[] }>();
  const add = (kind: 'vaccination' | 'test_result', row: ClaimedVaccinationRow | ClaimedTestRow) => {
    const personKey = `${row.person_district_id}/${row.person_id}`;
    let group = groups.get(personKey);
    if (!group) {
      group = {
        person: { districtId: row.person_district_id, id: row.person_id, fullName: row.full_name, birthDate: row.birth_date, sex: row.sex, phone: row.phone, identifiers: [] },
        events: [], rows: new Map(), attempts: 0, ids: [],
      };
      groups.set(personKey, group);
    }
    if (row.identifiers) group.ids.push(...openIdentifiers(idHashKey, row.identifiers));
    group.attempts = Math.max(group.attempts, row.attempts);
    const event = toEvent(kind, row);
    const key = eventKey(event);
    const keys = group.rows.get(key);
    const rowKey = { district_id: row.outbox_district_id, id: row.outbox_id };
    if (keys) keys.push(rowKey);
    else {
      group.rows.set(key, [rowKey]);
      group.events.push(event);
    }
  };
  for (const row of loaded.vaccinations) add('vaccination', row);
  for (const row of loaded.tests) add('test_result', row);
  return [...groups.values()].map(({ ids, ...g }) => ({ ...g, person: { ...g.person, identifiers: ids } }));
}

type RowFate = 'accepted' | 'rejected' | 'retrying' | 'failed';

/** What became of each row in a run: the last answer counts (a row retried and then accepted is accepted once). */
class Tally {
  bundles = 0;
  private readonly fates = new Map<string, RowFate>();
  set(rows: readonly RowKey[], fate: RowFate): void {
    for (const r of rows) this.fates.set(`${r.district_id}/${r.id}`, fate);
  }
  counts(): RunCounts {
    const counts: RunCounts = { bundles: this.bundles, accepted: 0, rejected: 0, retrying: 0, failed: 0 };
    for (const fate of this.fates.values()) counts[fate] += 1;
    return counts;
  }
}

/** The national system's answer may echo identifiers (a search string in a 412): raw ID numbers are not kept in riskmap. */
export function redactIdentifiers<T>(outcome: T, identifiers: readonly FhirIdentifier[]): T {
  let text = JSON.stringify(outcome);
  for (const { value } of identifiers) {
    if (value.length < 4) continue;
    for (const form of new Set([value, encodeURIComponent(value)])) text = text.split(form).join('[redacted]');
  }
  return JSON.parse(text) as T;
}

/** Records one Bundle's answer in the tally. */
async function recordResult(database: Database, token: string, group: PersonGroup, result: SendResult, settings: PushSettings, random: () => number, tally: Tally): Promise<void> {
  const allRows = [...group.rows.values()].flat().map((r) => ({ ...r, person_id: group.person.id }));
  tally.bundles += 1;
  if (result.kind === 'accepted') {
    const patient = result.entries[0];
    // Entries follow the Bundle: the Patient, then the events in sortEvents order.
    const accepted = sortEvents(group.events).flatMap((event, i) => {
      const entry = result.entries[i + 1];
      const rows = group.rows.get(eventKey(event)) ?? [];
      return rows.map((r) => ({ ...r, person_id: group.person.id, response: { ...entry, patient: patient?.location ?? null } }));
    });
    await database.withSession((s) => markSent(s, token, accepted, result.httpStatus));
    tally.set(accepted, 'accepted');
    return;
  }
  const outcome = redactIdentifiers(result.outcome, group.person.identifiers);
  if (result.kind === 'rejected') {
    await database.withSession((s) => markRejected(s, token, allRows, result.httpStatus, outcome));
    tally.set(allRows, 'rejected');
    return;
  }
  const delay = backoffSeconds(group.attempts, settings.backoffBaseSeconds, settings.backoffMaxSeconds, random);
  const marked = await database.withSession((s) => markRetry(s, token, allRows, result.httpStatus, outcome, settings.maxAttempts, delay));
  for (const row of marked) tally.set([row], row.status === 'failed' ? 'failed' : 'retrying');
}

/** Sends one claim's Bundles, `concurrency` at a time; stops taking new ones once the endpoint is unreachable. */
async function sendClaim(database: Database, token: string, groups: PersonGroup[], settings: PushSettings, options: PushRunOptions, tally: Tally): Promise<string | null> {
  let unreachable: string | null = null;
  let next = 0;
  const random = options.random ?? Math.random;
  const worker = async () => {
    while (unreachable === null && next < groups.length) {
      const group = groups[next++] as PersonGroup;
      const bundle = buildPersonBundle(group.person, group.events);
      const result = await sendTransaction(settings.url, bundle, settings.timeoutSeconds * 1000, options.fetchImpl);
      await options.afterSend?.(bundle, result);
      await recordResult(database, token, group, result, settings, random, tally);
      if (result.kind === 'retry' && result.unreachable) unreachable = result.outcome.issue[0]?.diagnostics ?? `cannot reach ${settings.url}`;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, worker));
  return unreachable;
}

/**
 * One push run: claims due rows in batches until none are due (or `once`, or
 * `limit`), sends them and records every answer. An unreachable endpoint
 * stops the run (rows not yet sent go back to pending) and is reported in
 * `error` naming the URL; the caller decides the exit code.
 */
export async function runNationalPush(database: Database, settings: PushSettings, options: PushRunOptions): Promise<PushSummary> {
  const runId = await database.withSession((s) => startRun(s, settings.url, options.trigger));
  const tally = new Tally();
  let error: string | null = null;
  let claimed = 0;
  try {
    for (;;) {
      const limit = Math.min(settings.batchRows, (options.limit ?? Number.POSITIVE_INFINITY) - claimed);
      if (limit <= 0) break;
      const token = randomUUID();
      const keys = await database.transaction((s) => claimDueRows(s, token, limit, settings.staleClaimSeconds));
      if (keys.length === 0) break;
      claimed += keys.length;
      const loaded = await database.withSession((s) => loadClaimedRows(s, token));
      const found = new Set([...loaded.vaccinations, ...loaded.tests].map((r) => `${r.outbox_district_id}/${r.outbox_id}`));
      const gone = keys.filter((k) => !found.has(`${k.district_id}/${k.id}`));
      if (gone.length > 0) {
        await database.withSession((s) => markRejected(s, token, gone, null, localOutcome('not-found', 'The record or its person no longer exists in riskmap.')));
        tally.set(gone, 'rejected');
      }
      const unreachable = await sendClaim(database, token, groupByPerson(loaded, settings.idHashKey), settings, options, tally);
      await database.withSession((s) => releaseClaim(s, token));
      if (unreachable !== null) {
        error = `The national FHIR endpoint ${settings.url} is unreachable (${unreachable}); nothing is lost, the records stay queued.`;
        break;
      }
      if (options.once) break;
    }
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    await database.withSession((s) => finishRun(s, runId, tally.counts(), message.slice(0, 1000))).catch(() => {});
    throw thrown;
  }
  const counts = tally.counts();
  await database.withSession((s) => finishRun(s, runId, counts, error));
  return { runId, endpoint: settings.url, ...counts, unreachable: error !== null, error };
}
