// Queries behind the search box: the unit table (read whole, once per
// boundary version) and household addresses inside a jurisdiction.
import type { Session } from '../db/database.ts';
import type { UnitRow } from './search-index.ts';

const SELECT_BOUNDARY_VERSION = `SELECT version FROM boundary_version`;

const SELECT_UNITS = `
SELECT id, code, name, level, parent_id,
       ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1
FROM unit`;

// Household address keys are "wardcode|HOUSE|street" (accent-free), so a
// folded query matches them with LIKE; the jurisdiction filter uses the
// ward and district indexes and keeps the scan to one ward or district.
const SELECT_HOUSEHOLDS = `
SELECT h.id, h.address, h.block_id, ST_X(h.geom) AS lng, ST_Y(h.geom) AS lat
FROM household h
WHERE (h.ward_id = $1::int OR h.district_id = $1::int) AND h.address_key LIKE $2
ORDER BY h.address_key, h.id
LIMIT $3`;

export async function selectBoundaryVersion(session: Session): Promise<number> {
  return (await session.query<{ version: number }>(SELECT_BOUNDARY_VERSION))[0]?.version ?? 0;
}

export async function selectUnitRows(session: Session): Promise<UnitRow[]> {
  const rows = await session.query<{ id: number; code: string; name: string; level: string; parent_id: number | null; x0: number | null; y0: number | null; x1: number | null; y1: number | null }>(SELECT_UNITS);
  return rows.map((r) => ({
    id: r.id, code: r.code, name: r.name, level: r.level, parentId: r.parent_id,
    bbox: r.x0 === null || r.y0 === null || r.x1 === null || r.y1 === null ? null : [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)],
  }));
}

export interface HouseholdRow {
  id: number;
  address: string;
  blockId: number | null;
  position: [number, number] | null;
}

export async function selectHouseholdsByAddress(session: Session, unitId: number, keyPattern: string, limit: number): Promise<HouseholdRow[]> {
  const rows = await session.query<{ id: string | number; address: string; block_id: number | null; lng: number | null; lat: number | null }>(SELECT_HOUSEHOLDS, [unitId, keyPattern, limit]);
  return rows.map((r) => ({
    id: Number(r.id), address: r.address, blockId: r.block_id,
    position: r.lng === null || r.lat === null ? null : [Number(r.lng), Number(r.lat)],
  }));
}
