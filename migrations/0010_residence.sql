-- 0010: everyone counts where they live. A person the register does not know
-- (no household matched their address) gets a residence: the finest unit
-- their address resolves to (block or residential group where street and
-- house number or the group say so, else the ward). Records whose person has
-- no residence keep unit_id NULL and are counted as unplaced per source and
-- district.

ALTER TABLE person ADD COLUMN residence_unit_id integer;
COMMENT ON COLUMN person.residence_unit_id IS 'Where a person without a household lives: the block, residential group or ward their address resolved to when ingest created them. NULL for people in a household (the household places them) and for people whose address placed them nowhere (their records are unplaced). Later records of the person count here.';

ALTER TABLE ingest_batch ADD COLUMN rows_unplaced integer NOT NULL DEFAULT 0;
COMMENT ON COLUMN ingest_batch.rows_unplaced IS 'Rows stored with a person whose residence could not be resolved to any unit (unit_id NULL): counted, shown, never dropped.';

-- Records with a person but no unit, per source and district (0 = the district is unknown too).
CREATE VIEW unplaced_record AS
SELECT source_id, district_id, 'test_result'::text AS event_kind, count(*)::int AS records
FROM test_result WHERE unit_id IS NULL AND person_id IS NOT NULL GROUP BY source_id, district_id
UNION ALL
SELECT source_id, district_id, 'vaccination'::text, count(*)::int
FROM vaccination WHERE unit_id IS NULL AND person_id IS NOT NULL GROUP BY source_id, district_id;
COMMENT ON VIEW unplaced_record IS 'Stored records whose person lives in no known unit (the address named no ward of the gazetteer), per source and district; district_id 0 when not even the district was known. Held records (no person yet) are not here.';
