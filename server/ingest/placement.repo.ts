// placement: where a new person lives when no household of the register
// matches their address. Everyone counts where they live: the finest unit the
// address resolves to — the block where the known houses on the same street
// either side of the house number lie in one block, else the residential
// group the address names, else the ward. An address naming no ward of the
// gazetteer places the person in its district at most (district_id, no unit):
// their records are unplaced, counted per source and district
// (unplaced_record, migration 0010).
import type { Session } from '../db/database.ts';

// Frontage number: the house number before any alley ("123/4B" → 123); the houses either side on the same side of the
// street (same parity) are the nearest known households at or below and at or above it.
const FRONTAGE = (key: string) => `substring(split_part(${key}, '|', 2) from '^\\d{1,9}')::int`;
const SAME_STREET = `h.ward_id = w.id AND split_part(h.address_key, '|', 3) = split_part(m.address_key, '|', 3)
      AND ${FRONTAGE('h.address_key')} % 2 = ${FRONTAGE('m.address_key')} % 2`;

const PLACE_NEW_PEOPLE = `
UPDATE ingest_new n SET residence_district = COALESCE(w.district_id, d.id),
       residence_unit_id = COALESCE(CASE WHEN g.id IS NULL OR b.parent_id = g.id THEN b.id END, g.id, w.id)
FROM ingest_new m
LEFT JOIN unit d ON d.level = 'district' AND d.code = m.district_code
LEFT JOIN unit w ON w.level = 'ward' AND w.code = m.ward_code
LEFT JOIN LATERAL (
  SELECT g.id FROM unit g WHERE g.parent_id = w.id AND g.level = 'neighbourhood'
    AND substring(g.name from '(\\d{1,9})\\s*$')::int = m.group_number::int
  ORDER BY g.id LIMIT 1) g ON m.group_number IS NOT NULL
LEFT JOIN LATERAL (
  SELECT CASE WHEN min(x.block_id) = max(x.block_id) THEN min(x.block_id) END AS block_id FROM (
    (SELECT h.block_id FROM household h
     WHERE ${SAME_STREET} AND ${FRONTAGE('h.address_key')} <= ${FRONTAGE('m.address_key')}
     ORDER BY ${FRONTAGE('h.address_key')} DESC LIMIT 1)
    UNION ALL
    (SELECT h.block_id FROM household h
     WHERE ${SAME_STREET} AND ${FRONTAGE('h.address_key')} >= ${FRONTAGE('m.address_key')}
     ORDER BY ${FRONTAGE('h.address_key')} LIMIT 1)) x
  HAVING count(x.block_id) = 2) s ON w.id IS NOT NULL AND ${FRONTAGE('m.address_key')} IS NOT NULL
LEFT JOIN unit b ON b.id = s.block_id
WHERE n.grp = m.grp AND m.household_id IS NULL`;

/** Gives every new person without a household the residence their address resolves to (see the file's head). */
export async function placeNewPeople(session: Session): Promise<void> {
  await session.query(PLACE_NEW_PEOPLE);
}
