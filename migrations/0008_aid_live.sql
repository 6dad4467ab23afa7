-- Aid deliveries on the live stream, and leases on running report jobs.

-- live_event.kind gains 'aid': a delivery mark or undo in an aid round.
ALTER TABLE live_event DROP CONSTRAINT live_event_kind_check;
ALTER TABLE live_event ADD CONSTRAINT live_event_kind_check CHECK (kind IN ('refresh', 'capacity', 'rule-set', 'aid'));
COMMENT ON CONSTRAINT live_event_kind_check ON live_event IS 'refresh, capacity, rule-set: map data changed; aid: a delivery was marked or undone in an aid round (payload: round id, the household''s units and their delivered/total counts in the round; never the household).';

-- Report jobs: the process building a job holds a lease it renews while building.
ALTER TABLE report_job ADD COLUMN claimed_by text;
ALTER TABLE report_job ADD COLUMN heartbeat_at timestamptz;
COMMENT ON COLUMN report_job.claimed_by IS 'The server process building (or that built) the job: host, pid and a random tag. Only it renews the lease or stores the result.';
COMMENT ON COLUMN report_job.heartbeat_at IS 'Lease: renewed while the job is built. A running job whose heartbeat is older than the lease (or NULL: a row from before leases) belonged to a stopped process and is taken over by the next worker that looks.';
COMMENT ON TABLE report_job IS 'Zone report requests, run one at a time per process; several processes share the table (claim with FOR UPDATE SKIP LOCKED). A running job is taken over only when its lease (heartbeat_at) went stale.';
