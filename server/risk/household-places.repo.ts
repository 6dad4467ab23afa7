// Where households are: address, point and block, for the block list and the
// one-household popup (the flags come from households.service.ts).
import type { Session } from '../db/database.ts';

export interface HouseholdPlace {
  householdId: number;
  address: string;
  /** [lng, lat]; null when the address was never placed on the map. */
  position: [number, number] | null;
  blockId: number | null;
  wardId: number;
}

const PLACE_COLUMNS = `h.id AS household_id, h.address, h.block_id, h.ward_id, ST_X(h.geom) AS lng, ST_Y(h.geom) AS lat`;
const SELECT_BLOCK_PLACES = `SELECT ${PLACE_COLUMNS} FROM household h WHERE h.block_id = $1`;
const SELECT_ONE_PLACE = `SELECT ${PLACE_COLUMNS} FROM household h WHERE h.id = $1`;

interface PlaceRow {
  household_id: number;
  address: string;
  block_id: number | null;
  ward_id: number;
  lng: number | null;
  lat: number | null;
}

const toPlace = (r: PlaceRow): HouseholdPlace => ({
  householdId: Number(r.household_id), address: r.address, blockId: r.block_id, wardId: r.ward_id,
  position: r.lng === null || r.lat === null ? null : [Number(r.lng), Number(r.lat)],
});

/** Address and point of every household of a block, by household id. */
export async function selectBlockHouseholdPlaces(session: Session, blockId: number): Promise<Map<number, HouseholdPlace>> {
  const rows = await session.query<PlaceRow>(SELECT_BLOCK_PLACES, [blockId]);
  return new Map(rows.map((r) => [Number(r.household_id), toPlace(r)]));
}

/** One household's place, or null. */
export async function selectHouseholdPlace(session: Session, householdId: number): Promise<HouseholdPlace | null> {
  const [row] = await session.query<PlaceRow>(SELECT_ONE_PLACE, [householdId]);
  return row ? toPlace(row) : null;
}
