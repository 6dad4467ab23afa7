-- 0002: ingest — source settings, resumable batches, remembered review
-- decisions, person ids for people ingest creates, and blocking indexes.

-- Sources -------------------------------------------------------------------------
ALTER TABLE source
  ADD COLUMN require_national_id boolean NOT NULL DEFAULT false,
  ADD COLUMN case_classification text CHECK (case_classification IN ('community', 'imported', 'quarantine'));
COMMENT ON COLUMN source.require_national_id IS 'When true a row without an ID number is rejected (ID_MISSING); by default it is linked by name, birth date and phone and the code is counted as a warning.';
COMMENT ON COLUMN source.case_classification IS 'Classification of the cases this source''s positive tests open (a quarantine facility, a border post); NULL = community unless the record says otherwise.';

-- Batches -------------------------------------------------------------------------
ALTER TABLE ingest_batch
  ADD COLUMN resume_key     text,
  ADD COLUMN chunk_rows     integer,
  ADD COLUMN rows_unlocated integer NOT NULL DEFAULT 0,
  ADD COLUMN warnings       jsonb   NOT NULL DEFAULT '{}'::jsonb,
  ADD COLUMN column_mapping jsonb;
COMMENT ON COLUMN ingest_batch.resume_key IS 'Fingerprint of the file (name, size, first bytes) and source: a re-run of an interrupted import continues this batch after its committed chunks instead of starting another.';
COMMENT ON COLUMN ingest_batch.chunk_rows IS 'Rows per chunk; chunks_committed * chunk_rows rows are done when a batch is resumed.';
COMMENT ON COLUMN ingest_batch.rows_unlocated IS 'Rows linked to a person without a household (new people whose address matched none): counted, never dropped.';
COMMENT ON COLUMN ingest_batch.warnings IS 'Count per data-quality code of the warnings of accepted rows, e.g. {"ID_MALFORMED": 12}.';
CREATE INDEX ingest_batch_resume_idx ON ingest_batch (resume_key) WHERE resume_key IS NOT NULL AND status <> 'done';

-- Review of uncertain links -----------------------------------------------------
-- A pair (incoming identity, candidate person) is asked once: later records
-- of the same identity join the open question (link_review_event) or, once it
-- is decided, follow the decision.
ALTER TABLE link_review
  ADD COLUMN incoming_key         text,
  ADD COLUMN resolved_district_id integer,
  ADD COLUMN resolved_person_id   bigint;
COMMENT ON COLUMN link_review.incoming_key IS 'md5 of the incoming person fields (name key, birth date, sex, phone, ID hash, address key): the identity the question is about.';
COMMENT ON COLUMN link_review.resolved_person_id IS 'The person the decision sent the records to: the candidate (same) or the person created for them (different).';
CREATE UNIQUE INDEX link_review_pair_idx ON link_review (incoming_key, candidate_district_id, candidate_person_id);

CREATE TABLE link_review_event (
  review_id        bigint  NOT NULL REFERENCES link_review (id),
  event_kind       text    NOT NULL CHECK (event_kind IN ('test_result', 'vaccination')),
  source_id        integer NOT NULL,
  source_record_id text    NOT NULL,
  PRIMARY KEY (review_id, event_kind, source_id, source_record_id)
);
COMMENT ON TABLE link_review_event IS 'Events held (stored without a person) until their review is decided.';

-- People created by ingest ---------------------------------------------------------
-- Seeding allocates ids itself (max + 1); ingest moves this sequence past the
-- highest id before it creates people, so the two never collide.
CREATE SEQUENCE person_id_seq;
-- max(id) for the sequence sync; the primary key leads with district_id and cannot answer it.
CREATE INDEX person_id_idx ON person (id);

-- Blocking keys of geo/linkage (g: given name + birth year, f: family name + birth date).
CREATE INDEX person_given_year_idx ON person ((regexp_replace(name_key, '^.* ', '')), (date_part('year', birth_date)));
CREATE INDEX person_family_birth_idx ON person ((split_part(name_key, ' ', 1)), birth_date);
CREATE INDEX covid_case_person_idx ON covid_case (person_id, confirmed_on);
