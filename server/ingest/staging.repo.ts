// stage: each chunk's valid rows are COPYed into a temporary table that
// lives for the chunk's transaction; everything after is set-based SQL over it.
import type { Session } from '../db/database.ts';
import { csvLine } from '../db/csv.ts';
import type { IngestKind } from './ingest.types.ts';
import type { StagedRow } from './prepare-rows.ts';

const CREATE_STAGE = `
CREATE TEMP TABLE ingest_stage (
  row_number       integer PRIMARY KEY,
  source_record_id text    NOT NULL,
  content_hash     text    NOT NULL,
  full_name        text    NOT NULL,
  name_key         text    NOT NULL,
  birth_date       text,
  sex              char(1),
  phone            text,
  id_hash          bytea,
  id_kind          text,
  address_key      text,
  incoming_key     text    NOT NULL,
  classification   text,
  event_day        date    NOT NULL,
  method           text,
  pooled           boolean,
  sample_time      timestamptz,
  result_time      timestamptz,
  result           text,
  lab              text,
  sample_id        text,
  dose_number      smallint,
  vaccine_code     text,
  vaccine_cvx      text,
  vaccine_icd11    text,
  lot_number       text,
  vaccinated_on    date,
  site             text,
  action           text,
  person_district  integer,
  person_id        bigint,
  link_method      text,
  review_id        bigint,
  new_group        text,
  district_code    text,
  ward_code        text,
  group_number     text
) ON COMMIT DROP`;

const STAGE_COLUMNS = [
  'row_number', 'source_record_id', 'content_hash', 'full_name', 'name_key', 'birth_date', 'sex', 'phone', 'id_hash', 'id_kind',
  'address_key', 'incoming_key', 'classification', 'event_day', 'method', 'pooled', 'sample_time', 'result_time', 'result', 'lab',
  'sample_id', 'dose_number', 'vaccine_code', 'vaccine_cvx', 'vaccine_icd11', 'lot_number', 'vaccinated_on', 'site',
  'district_code', 'ward_code', 'group_number',
] as const;

// A file may carry one record twice (a re-export, a copy-paste): the last row wins, the earlier ones count as unchanged.
const DROP_IN_CHUNK_DUPLICATES = `
WITH dropped AS (
  DELETE FROM ingest_stage s USING ingest_stage later
  WHERE later.source_record_id = s.source_record_id AND later.row_number > s.row_number
  RETURNING 1)
SELECT count(*)::int AS n FROM dropped`;

const CLASSIFY_TESTS = `
UPDATE ingest_stage s SET action = COALESCE((
  SELECT CASE WHEN e.content_hash = s.content_hash THEN 'unchanged' ELSE 'update' END
  FROM test_result e WHERE e.source_id = $1 AND e.source_record_id = s.source_record_id), 'insert')`;

const CLASSIFY_VACCINATIONS = `
UPDATE ingest_stage s SET action = COALESCE((
  SELECT CASE WHEN e.content_hash = s.content_hash THEN 'unchanged' ELSE 'update' END
  FROM vaccination e WHERE e.source_id = $1 AND e.source_record_id = s.source_record_id), 'insert')`;

const SEX = { male: 'M', female: 'F' } as const;
/** Vietnam wall clock (no daylight saving) to an absolute time. */
const vietnamTime = (wallClock: string | null | undefined) => (wallClock ? `${wallClock}+07:00` : null);

/** The number of a residential group as written ("Tổ dân phố 3", "KP 03" → "3"); null without one or beyond 6 digits. */
function groupNumberOf(group: string | null): string | null {
  const m = group === null ? null : /(?<!\d)0*(\d{1,6})\s*$/.exec(group);
  return m ? (m[1] ?? null) : null;
}

function toStageLine(row: StagedRow): string {
  const p = row.person;
  const t = row.test;
  const v = row.vaccination;
  return csvLine([
    row.rowNumber, row.sourceRecordId, row.contentHash, p.fullName, p.nameKey, p.birthDate, p.sex ? SEX[p.sex] : null, p.phone,
    row.idHashHex ? `\\x${row.idHashHex}` : null, p.nationalId?.kind ?? null, p.addressKey, row.incomingKey, row.classification, row.eventDay,
    t?.method, t?.pooled, vietnamTime(t?.sampleTime), vietnamTime(t?.resultTime), t?.result, t?.lab,
    t?.sampleId, v?.doseNumber, v?.vaccine?.brand, v?.vaccine?.cvx, v?.vaccine?.icd11, v?.lotNumber, v?.vaccinationDate, v?.site,
    p.districtCode, p.wardCode, groupNumberOf(p.address?.residentialGroup ?? null),
  ]);
}

/** Creates the chunk's staging tables, copies the rows in and decides insert / update / unchanged per row. */
export async function stageRows(session: Session, kind: IngestKind, sourceId: number, rows: readonly StagedRow[]): Promise<{ duplicates: number }> {
  await session.exec(CREATE_STAGE);
  // One string for the chunk: a line per write costs a COPY message and a stream turn per row.
  await session.copyCsv('ingest_stage', STAGE_COLUMNS, [rows.map(toStageLine).join('')]);
  // No ANALYZE (it was a fifth of the chunk's SQL): a never-analysed temp table is sized from its pages, every join
  // below is on a key of person or of the event table, and those plans stay index probes (EXPLAIN ANALYZE, 200k people).
  const [deleted] = await session.query<{ n: number }>(DROP_IN_CHUNK_DUPLICATES);
  await session.query(kind === 'tests' ? CLASSIFY_TESTS : CLASSIFY_VACCINATIONS, [sourceId]);
  return { duplicates: deleted?.n ?? 0 };
}

