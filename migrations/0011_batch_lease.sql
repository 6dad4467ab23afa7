-- 0012: a lease on ingest batches, so a server starting after a crash can
-- tell a batch whose importing process stopped from one still running
-- elsewhere (server/recovery, issue #15 point 5).
ALTER TABLE ingest_batch ADD COLUMN heartbeat_at timestamptz DEFAULT now();
COMMENT ON COLUMN ingest_batch.heartbeat_at IS 'Last sign of life of the process importing the batch: set when it opens and at every committed chunk. A running batch whose heartbeat is older than the lease (or NULL: a row from before 0012) belonged to a stopped process; start-up marks it failed with the reason. Running the same file again still resumes it (resume_key), and a chunk committed by a process that was only slow sets it running again.';
CREATE INDEX ingest_batch_running_idx ON ingest_batch (heartbeat_at) WHERE status = 'running';
