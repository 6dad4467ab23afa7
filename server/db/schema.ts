// Kysely's view of the tables in migrations/. The SQL files are the truth;
// keep these in step when a migration changes a table.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** Geometry is written as EWKT/GeoJSON through SQL functions and read back as GeoJSON text, never as raw WKB. */
type Geometry = ColumnType<string, string, string>;

export type UnitLevel = 'city' | 'district' | 'ward' | 'neighbourhood' | 'block';

export interface UnitTable {
  id: Generated<number>;
  code: string;
  level: UnitLevel;
  name: string;
  parent_id: number | null;
  district_id: number | null;
  population: number | null;
  population_18plus: number | null;
  population_50plus: number | null;
  population_65plus: number | null;
  synthetic: Generated<boolean>;
  geom: Geometry | null;
  updated_at: Generated<Timestamp>;
  /** True when the unit's own population figures were imported; otherwise its children's sums (migration 0009). */
  age_bands_imported: Generated<boolean>;
}

export interface BoundaryVersionTable {
  id: Generated<boolean>;
  version: Generated<number>;
  changed_at: Generated<Timestamp>;
}

export interface HouseholdTable {
  district_id: number;
  id: number;
  ward_id: number;
  block_id: number | null;
  address: string;
  address_key: string;
  member_count: Generated<number>;
  geom: Geometry | null;
}

export interface PersonTable {
  district_id: number;
  id: number;
  household_id: number | null;
  full_name: string;
  name_key: string;
  birth_date: string | null;
  sex: 'M' | 'F' | null;
  phone: string | null;
  national_id_hash: Buffer | Uint8Array | null;
  national_id_kind: 'cccd' | 'cmnd' | 'passport' | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** 0010: where a person without a household lives (block, group or ward). */
  residence_unit_id: number | null;
}

export interface SourceTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: 'test_site' | 'hospital' | 'business' | 'vaccination_site' | 'registry' | 'simulator' | 'other';
  column_mapping: unknown | null;
  /** 0002: reject rows without an ID number. */
  require_national_id: Generated<boolean>;
  /** 0002: classification of cases this source's positives open; null = community. */
  case_classification: 'community' | 'imported' | 'quarantine' | null;
  created_at: Generated<Timestamp>;
}

export interface IngestBatchTable {
  id: Generated<number>;
  source_id: number;
  kind: 'tests' | 'vaccinations';
  channel: 'api' | 'upload' | 'fhir' | 'cli' | 'simulator';
  file_name: string | null;
  status: Generated<'running' | 'done' | 'failed'>;
  rows_total: Generated<number>;
  rows_inserted: Generated<number>;
  rows_updated: Generated<number>;
  rows_unchanged: Generated<number>;
  rows_held: Generated<number>;
  rows_rejected: Generated<number>;
  chunks_committed: Generated<number>;
  /** 0002 columns: resumable batches, unlocated rows, warning counts, the mapping used. */
  resume_key: string | null;
  chunk_rows: number | null;
  rows_unlocated: Generated<number>;
  /** 0010: rows whose person could not be placed in any unit. */
  rows_unplaced: Generated<number>;
  warnings: Generated<unknown>;
  column_mapping: unknown | null;
  error: string | null;
  started_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
  /** 0012: the importing process's lease (server/recovery). */
  heartbeat_at: Generated<Timestamp | null>;
}

export interface IngestRejectTable {
  id: Generated<number>;
  batch_id: number;
  row_number: number;
  raw: unknown;
  errors: unknown;
  status: Generated<'open' | 'resolved' | 'dismissed'>;
  created_at: Generated<Timestamp>;
  resolved_at: Timestamp | null;
}

export interface RuleSetTable {
  id: string;
  name: string;
  document: unknown;
  is_default: Generated<boolean>;
  effective_from: string | null;
  effective_to: string | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** A run of equal tiers from `day` on (migration 0003): no row on or before D = the unit's baseline tier. */
export interface UnitTierTable {
  district_id: number;
  unit_id: number;
  rule_set_id: string;
  day: string;
  tier: string;
  /** 1 = lowest risk; NULL for insufficient data (migration 0003). */
  tier_order: number | null;
  insufficient_data: Generated<boolean>;
  indicators: unknown;
  reasons: unknown;
  computed_at: Generated<Timestamp>;
  /** Version of the rule set that graded the run (migration 0009). */
  rule_set_version: string | null;
}

export interface AppUserTable {
  id: Generated<number>;
  username: string;
  display_name: string | null;
  role: 'city_leader' | 'ward_official' | 'planner' | 'data_source' | 'admin';
  unit_id: number | null;
  source_id: number | null;
  password_hash: string | null;
  created_at: Generated<Timestamp>;
  disabled_at: Timestamp | null;
}

export interface SchemaMigrationTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: Generated<Timestamp>;
}

/** Tables typed so far; the rest are reached through named SQL in their repositories. */
export interface Schema {
  unit: UnitTable;
  boundary_version: BoundaryVersionTable;
  household: HouseholdTable;
  person: PersonTable;
  source: SourceTable;
  ingest_batch: IngestBatchTable;
  ingest_reject: IngestRejectTable;
  rule_set: RuleSetTable;
  unit_tier: UnitTierTable;
  app_user: AppUserTable;
  schema_migration: SchemaMigrationTable;
}
