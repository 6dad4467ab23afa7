// The shapes every ingest channel shares: what goes into the pipeline (raw
// rows with their row numbers), the options, and the batch summary.
import type { RawRecord } from '../../geo/normalise/fields.ts';

export type IngestKind = 'tests' | 'vaccinations';
export type IngestChannel = 'api' | 'upload' | 'fhir' | 'cli' | 'simulator';
export type CaseClassification = 'community' | 'imported' | 'quarantine';

/** One problem with a row: the field (or 'row' for parse errors), a code and a message. */
export interface RowError {
  field: string;
  code: string;
  message: string;
  severity?: 'reject' | 'warning';
}

/**
 * One row entering the pipeline. `raw` is the mapped record; a row the
 * parser could not read carries `parseErrors` instead and is rejected as is.
 */
export interface InputRow {
  /** 1-based data row number in the file (or index in a JSON array / Bundle). */
  rowNumber: number;
  raw: RawRecord;
  /** Case classification stated by the record itself (JSON `classification`). */
  classification?: CaseClassification | null;
  parseErrors?: RowError[];
  /** What the source sent, kept with a reject when it is not the mapped record (an unparseable line). */
  original?: unknown;
}

/** A (unit, day) pair a committed chunk touched: aggregation refreshes it. */
export interface TouchedUnitDay {
  unitId: number;
  day: string;
}

export type ChunkCommittedCallback = (touched: TouchedUnitDay[]) => void | Promise<void>;

export interface IngestOptions {
  idHashKey: string;
  /** Source code; created on first use. */
  sourceCode: string;
  /** Kind of a source created on first use; default test_site / vaccination_site. */
  sourceKind?: string;
  kind: IngestKind;
  channel: IngestChannel;
  fileName?: string | null;
  /** Identifies one file: an interrupted batch with the same key is resumed. */
  resumeKey?: string | null;
  /** Rows per all-or-nothing chunk; default 5,000. */
  chunkRows?: number;
  /** "Today" in Vietnam (ISO date): the latest event and birth date accepted. Default: the clock. */
  today?: string;
  onChunkCommitted?: ChunkCommittedCallback;
  /** Stops between chunks (a cancelled upload, a test of crash safety); committed chunks stay. */
  signal?: AbortSignal;
  onProgress?: (progress: { rowsDone: number }) => void;
  /** Attach events to this existing batch instead of opening one (a corrected reject). */
  batchId?: number;
}

/** What a batch did. inserted + updated + unchanged + rejected = rows; held, unlocated and unplaced are among inserted/updated. */
export interface BatchSummary extends ChunkCounts {
  batchId: number;
  sourceId: number;
  kind: IngestKind;
  status: 'running' | 'done' | 'failed';
  chunks: number;
  /** True when this run continued an interrupted batch. */
  resumed: boolean;
}

/** Rows and what became of them: the counts every ingest channel reports. */
export interface RowOutcomeCounts {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  held: number;
  rejected: number;
}

/** Counts one chunk adds to its batch. */
export interface ChunkCounts extends RowOutcomeCounts {
  unlocated: number;
  /** Rows stored with a person who lives in no known unit (the address named no ward): unit_id NULL, counted as unplaced. */
  unplaced: number;
  /** Count per code of warnings on accepted rows. */
  warnings: Record<string, number>;
}
