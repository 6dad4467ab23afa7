// normalise → validate: raw rows to staged rows (ready for COPY) or rejects.
// Uses the pure row normalisers of geo/normalise; adds what needs a key or
// the database's view: the ID hash, the content hash, a record id when the
// source sent none, and the identity key reviews are remembered by.
import { hash } from 'node:crypto';
import type { GazetteerIndex } from '../../geo/normalise/address-units.ts';
import type { RawRecord } from '../../geo/normalise/fields.ts';
import {
  normaliseTestRow, normaliseVaccinationRow, type FieldIssue, type NormalisedPerson, type NormalisedTestRow,
  type NormalisedVaccinationRow, type RowOutcome,
} from '../../geo/normalise/rows.ts';
import type { LinkagePerson } from '../../geo/linkage/score.ts';
import { hashNationalId } from '../identity/national-id-hash.ts';
import type { CaseClassification, InputRow, IngestKind, RowError } from './ingest.types.ts';
import { isUnstorable, storableJson, storableText } from './storable-text.ts';

/** A row that passed validation, in the shape of the staging table. */
export interface StagedRow {
  rowNumber: number;
  sourceRecordId: string;
  contentHash: string;
  person: NormalisedPerson;
  idHashHex: string | null;
  incomingKey: string;
  classification: CaseClassification | null;
  /** Local (Vietnam) day of the event: sample date or vaccination date. */
  eventDay: string;
  test: NormalisedTestRow | null;
  vaccination: NormalisedVaccinationRow | null;
  warnings: FieldIssue[];
}

export interface RejectedRow {
  rowNumber: number;
  raw: unknown;
  errors: RowError[];
}

export interface PrepareContext {
  kind: IngestKind;
  idHashKey: string;
  today: string;
  gazetteer: GazetteerIndex;
  requireNationalId: boolean;
  /**
   * ID hashes already computed in this run (hex by normalised number): one
   * person's records repeat, and an HMAC per row is a tenth of the row's
   * cost. Lives as long as the context (one run), so ID numbers are not
   * kept in memory beyond it.
   */
  idHashes?: Map<string, string>;
}

/** Distinct ID numbers an idHashes cache keeps before it starts over (memory stays flat). */
const ID_HASH_CACHE_ENTRIES = 50_000;

function idHashOf(context: PrepareContext, number: string): string {
  const cache = context.idHashes;
  let hex = cache?.get(number);
  if (hex === undefined) {
    hex = hashNationalId(context.idHashKey, number).toString('hex');
    if (cache !== undefined) {
      if (cache.size >= ID_HASH_CACHE_ENTRIES) cache.clear();
      cache.set(number, hex);
    }
  }
  return hex;
}

// One-shot hashing: no Hash object per call (same digest as createHash('sha1')).
const sha1 = (text: string) => hash('sha1', text, 'hex');
const SEX_CODE = { male: 'M', female: 'F' } as const;

/** The linkage view of a normalised person (names as accent-free keys). */
export function toLinkagePerson(person: NormalisedPerson, idHashHex: string | null): LinkagePerson {
  const words = person.nameKey?.split(' ') ?? [];
  return {
    nameKey: person.nameKey,
    givenName: words.at(-1) ?? null,
    familyName: words[0] ?? null,
    birthDate: person.birthDate,
    sex: person.sex ? SEX_CODE[person.sex] : null,
    phone: person.phone,
    idHash: idHashHex,
    addressKey: person.addressKey,
  };
}

function identityKey(person: NormalisedPerson, idHashHex: string | null): string {
  return sha1(JSON.stringify([person.nameKey, person.birthDate, person.sex, person.phone, idHashHex, person.addressKey]));
}

function eventKey(kind: IngestKind, outcome: RowOutcome<NormalisedTestRow | NormalisedVaccinationRow>): unknown[] {
  const r = outcome.record as NormalisedTestRow & NormalisedVaccinationRow;
  return kind === 'tests' ? [r.sampleTime, r.method, r.sampleId] : [r.doseNumber, r.vaccinationDate, r.vaccine?.brand];
}

function toErrors(issues: readonly FieldIssue[]): RowError[] {
  return issues.map((i) => ({ field: i.field, code: i.code, message: i.message, severity: i.severity }));
}

/** The row made storable (NULs removed, lone surrogates replaced), and a TEXT_NOT_STORABLE error per field that needed it. */
function storableRow(rowNumber: number, raw: RawRecord): { raw: RawRecord; errors: RowError[] } {
  const clean: RawRecord = {};
  const errors: RowError[] = [];
  for (const [field, value] of Object.entries(raw) as [keyof RawRecord, string | undefined][]) {
    if (value !== undefined && isUnstorable(value)) {
      errors.push({ field, code: 'TEXT_NOT_STORABLE', message: `row ${rowNumber}, field ${field}: holds a NUL character or a broken UTF-16 surrogate (re-export the file as UTF-8)`, severity: 'reject' });
      clean[field] = storableText(value);
    } else clean[field] = value;
  }
  return { raw: clean, errors };
}

/** Normalises and validates one row: a staged row, or a reject with every problem found. */
export function prepareRow(input: InputRow, context: PrepareContext): StagedRow | RejectedRow {
  if (input.parseErrors && input.parseErrors.length > 0) {
    return { rowNumber: input.rowNumber, raw: storableJson(input.original ?? input.raw), errors: storableJson(input.parseErrors) };
  }
  const options = { today: context.today, gazetteer: context.gazetteer, requireNationalId: context.requireNationalId };
  const { raw, errors: unstorable } = storableRow(input.rowNumber, input.raw);
  if (unstorable.length > 0) return { rowNumber: input.rowNumber, raw, errors: unstorable };
  const outcome: RowOutcome<NormalisedTestRow | NormalisedVaccinationRow> = context.kind === 'tests'
    ? normaliseTestRow(raw, options)
    : normaliseVaccinationRow(raw, options);
  if (outcome.rejected) return { rowNumber: input.rowNumber, raw, errors: toErrors(outcome.issues) };
  const { person } = outcome.record;
  const idHashHex = person.nationalId ? idHashOf(context, person.nationalId.number) : null;
  const incomingKey = identityKey(person, idHashHex);
  const { recordId, ...content } = outcome.record;
  // The raw ID number must not reach the database, not even inside a hash input that is stored.
  const hashed = { ...content, person: { ...person, nationalId: null, idHashHex }, classification: input.classification ?? null };
  const test = context.kind === 'tests' ? (outcome.record as NormalisedTestRow) : null;
  const vaccination = context.kind === 'vaccinations' ? (outcome.record as NormalisedVaccinationRow) : null;
  return {
    rowNumber: input.rowNumber,
    sourceRecordId: recordId ?? `auto:${sha1(JSON.stringify([incomingKey, ...eventKey(context.kind, outcome)]))}`,
    contentHash: sha1(JSON.stringify(hashed)),
    person,
    idHashHex,
    incomingKey,
    classification: input.classification ?? null,
    eventDay: (test?.sampleTime ?? vaccination?.vaccinationDate ?? '').slice(0, 10),
    test,
    vaccination,
    warnings: outcome.issues,
  };
}

/** True when prepareRow rejected the row. */
export function isRejected(row: StagedRow | RejectedRow): row is RejectedRow {
  return 'errors' in row;
}

/** The raw record of a corrected reject: the stored record with the corrected fields laid over it. */
export function applyCorrection(stored: unknown, corrected: Record<string, string | null>): RawRecord {
  const base = stored !== null && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const merged: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries({ ...base, ...corrected })) merged[k] = typeof v === 'string' ? v : undefined;
  return merged as RawRecord;
}
