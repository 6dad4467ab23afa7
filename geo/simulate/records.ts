/**
 * From true events to the records sites send: each event becomes a record
 * of the source that saw it, made dirty by that source's habits, with the
 * ground truth kept beside it; records are grouped into one submission per
 * source and day (a file, a request, a bundle). Deterministic.
 */
import { createRandom, type Random } from '../random.ts';
import { addDays } from './calendar.ts';
import { dropLeadingZeros, mistypeDigits, stripVietnameseMarks, toAllCaps, toNationalPhone, toOldPhonePrefix } from './dirt.ts';
import { reportDayOf, type CaseClassification, type TrueEvent } from './events.ts';
import type { SimPopulation } from './population.ts';
import { assignSource, type DirtKind, type SyntheticSource } from './sources.ts';
import type { SimulationParameters } from './parameters.ts';

/** A record's content as the site holds it (before formatting dates and headers). */
export interface RecordValues {
  recordId: string;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  nationalId: string | null;
  /** National form (0…), possibly with an old prefix. */
  phone: string | null;
  address: string;
  ward: string;
  district: string;
  test: null | {
    sampleDate: string; sampleMinute: number; resultDate: string; resultMinute: number;
    method: 'pcr' | 'antigen'; pooled: boolean; sampleId: string | null; result: 'positive' | 'negative'; lab: string;
  };
  vaccination: null | { doseNumber: number; vaccineLabel: string; brand: string; lotNumber: string; date: string; site: string; priorityGroup: string };
}

/** What is really true about a record: the person it is about and the event. */
export interface RecordTruth {
  personKey: string;
  personId: number | null;
  fullName: string;
  birthDate: string;
  sex: 'M' | 'F';
  nationalId: string | null;
  phone: string | null;
  classification: CaseClassification;
}

/** One record as a site sends it, with the truth beside it. */
export interface SimRecord {
  source: number;
  sourceCode: string;
  /** Version 2 is a late resubmission correcting version 1 (same record id). */
  version: number;
  /** Day index the record is sent. */
  day: number;
  kind: 'tests' | 'vaccinations';
  values: RecordValues;
  dirt: DirtKind[];
  truth: RecordTruth;
}

/** What one site sends on one day: a file, a request or a bundle. */
export interface Submission {
  /** `<sourceCode>/<date>` (+ `/again` for a repeated file). */
  id: string;
  source: number;
  sourceCode: string;
  day: number;
  date: string;
  kind: 'tests' | 'vaccinations';
  records: SimRecord[];
  /** Id of the submission this one repeats byte for byte, else null. */
  repeatOf: string | null;
}

function priorityGroupText(ageYears: number): string {
  if (ageYears >= 65) return 'Người từ 65 tuổi trở lên';
  if (ageYears >= 50) return 'Người từ 50 đến 64 tuổi';
  return 'Người dân từ 18 tuổi trở lên';
}

function trueValues(population: SimPopulation, source: SyntheticSource, event: TrueEvent, recordId: string, params: SimulationParameters, rng: Random): RecordValues {
  const person = population.people[event.person]!;
  const household = population.households[person.household]!;
  const ward = population.wards[household.ward]!;
  const id = person.identity;
  const date = (day: number) => addDays(params.startDate, day);
  const base = {
    recordId, fullName: id.fullName, birthDate: id.birthDate, sex: id.sex, nationalId: id.nationalId,
    phone: id.phone ? toNationalPhone(id.phone) : null, address: household.address, ward: ward.name, district: ward.districtName,
  };
  if (event.kind === 'test') {
    return { ...base, vaccination: null, test: {
      sampleDate: date(event.sampleDay), sampleMinute: event.sampleMinute, resultDate: date(event.resultDay), resultMinute: event.resultMinute,
      method: event.method, pooled: event.pooled, sampleId: event.sampleId, result: event.result, lab: source.name,
    } };
  }
  const use = params.vaccination.vaccines.find((v) => v.brand === event.brand);
  return { ...base, test: null, vaccination: {
    doseNumber: event.dose, vaccineLabel: use ? rng.pick(use.labels) : event.brand, brand: event.brand, lotNumber: event.lotNumber,
    date: date(event.day), site: source.name, priorityGroup: priorityGroupText(person.ageYears),
  } };
}

/** Applies a source's dirt to a record's values; returns the kinds applied (only those that changed something). */
function soil(values: RecordValues, source: SyntheticSource, rng: Random): DirtKind[] {
  const applied: DirtKind[] = [];
  const d = source.dirt;
  if (values.nationalId !== null && rng.next() < d.missingId) { values.nationalId = null; applied.push('missingId'); }
  if (values.nationalId !== null && rng.next() < d.mistypedId) { values.nationalId = mistypeDigits(values.nationalId, rng); applied.push('mistypedId'); }
  if (values.nationalId !== null && values.nationalId.startsWith('0') && rng.next() < d.lostLeadingZero) { values.nationalId = dropLeadingZeros(values.nationalId); applied.push('lostLeadingZero'); }
  if (rng.next() < d.nameNoDiacritics) { values.fullName = stripVietnameseMarks(values.fullName); applied.push('nameNoDiacritics'); }
  if (rng.next() < d.nameAllCaps) { values.fullName = toAllCaps(values.fullName); applied.push('nameAllCaps'); }
  if (values.phone !== null && rng.next() < d.oldPhonePrefix) {
    const old = toOldPhonePrefix(values.phone);
    if (old !== values.phone) { values.phone = old; applied.push('oldPhonePrefix'); }
  }
  return applied;
}

/** The mistake a late correction fixes: a mistyped ID, or a birth year off by one when there is no ID. */
function spoilForCorrection(values: RecordValues, rng: Random): RecordValues {
  const spoilt = { ...values };
  if (spoilt.nationalId) spoilt.nationalId = mistypeDigits(spoilt.nationalId, rng);
  else spoilt.birthDate = `${Number(spoilt.birthDate.slice(0, 4)) + 1}${spoilt.birthDate.slice(4).replace('-02-29', '-02-28')}`;
  return spoilt;
}

/**
 * Every submission of a history, in day order (repeated files right after
 * their original). Record ids are `<source code>-<idPrefix><sequence>`;
 * late corrections falling after `lastDay` are not sent. `reassign` may
 * move an event to another source of the same record kind (the live feed
 * uses it to send a few larger submissions per tick).
 */
export function buildSubmissions(
  population: SimPopulation, sources: readonly SyntheticSource[], events: readonly TrueEvent[], params: SimulationParameters,
  seed: string, lastDay: number, idPrefix = '', reassign?: (sourceIndex: number, event: TrueEvent) => number,
): Submission[] {
  const rng = createRandom(`records/${seed}`);
  const sequence = new Array<number>(sources.length).fill(0);
  const bySubmission = new Map<string, SimRecord[]>();
  const add = (record: SimRecord) => {
    const key = `${record.day}|${record.source}`;
    const list = bySubmission.get(key) ?? [];
    list.push(record);
    bySubmission.set(key, list);
  };
  for (const event of events) {
    const assigned = assignSource(sources, population, event, rng);
    const s = reassign ? reassign(assigned, event) : assigned;
    const source = sources[s];
    if (!source) continue;
    sequence[s] = (sequence[s] ?? 0) + 1;
    const recordId = `${source.code}-${idPrefix}${String(sequence[s]).padStart(6, '0')}`;
    const truthValues = trueValues(population, source, event, recordId, params, rng);
    const person = population.people[event.person]!;
    const truth: RecordTruth = {
      personKey: person.key, personId: person.personId, fullName: person.identity.fullName, birthDate: person.identity.birthDate, sex: person.identity.sex,
      nationalId: person.identity.nationalId, phone: person.identity.phone,
      classification: event.kind === 'test' ? (source.classification ?? event.classification) : 'community',
    };
    const values = { ...truthValues };
    const dirt = soil(values, source, rng);
    const day = reportDayOf(event);
    const kind = source.records;
    const correctionDay = day + rng.int(2, 5);
    if (rng.next() < source.dirt.lateCorrection && correctionDay <= lastDay) {
      add({ source: s, sourceCode: source.code, version: 1, day, kind, values: spoilForCorrection(values, rng), dirt: [...dirt, 'lateCorrection'], truth });
      add({ source: s, sourceCode: source.code, version: 2, day: correctionDay, kind, values, dirt, truth });
      continue;
    }
    const record: SimRecord = { source: s, sourceCode: source.code, version: 1, day, kind, values, dirt, truth };
    add(record);
    if (rng.next() < source.dirt.duplicate) add({ ...record, dirt: [...dirt, 'duplicate'] });
  }
  const submissions: Submission[] = [];
  const keys = [...bySubmission.keys()].sort((a, b) => {
    const [da, sa] = a.split('|').map(Number) as [number, number];
    const [db, sb] = b.split('|').map(Number) as [number, number];
    return da - db || sa - sb;
  });
  for (const key of keys) {
    const [day, s] = key.split('|').map(Number) as [number, number];
    const source = sources[s]!;
    const date = addDays(params.startDate, day);
    const id = `${source.code}/${date}`;
    const submission: Submission = { id, source: s, sourceCode: source.code, day, date, kind: source.records, records: bySubmission.get(key) ?? [], repeatOf: null };
    submissions.push(submission);
    if (source.sendsFilesTwice) submissions.push({ ...submission, id: `${id}/again`, repeatOf: id });
  }
  return submissions;
}
