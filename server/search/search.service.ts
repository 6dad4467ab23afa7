// Search: units from an in-memory index rebuilt when the boundary version
// changes, households by address for a ward official inside their unit.
import { foldKey } from '../../geo/normalise/text.ts';
import type { Database } from '../db/database.ts';
import { buildUnitIndex, searchUnits, type UnitHit, type UnitIndex } from './search-index.ts';
import { selectBoundaryVersion, selectHouseholdsByAddress, selectUnitRows, type HouseholdRow } from './search.repo.ts';

/** Keeps one index per database and rebuilds it when boundaries are re-imported or re-seeded. */
export class UnitSearch {
  private index: UnitIndex | null = null;
  private version = -1;
  private building: Promise<UnitIndex> | null = null;

  constructor(private readonly database: Database) {}

  async find(query: string, limit: number): Promise<UnitHit[]> {
    return searchUnits(await this.current(), query, limit);
  }

  private async current(): Promise<UnitIndex> {
    const version = await this.database.withSession(selectBoundaryVersion);
    if (this.index && version === this.version) return this.index;
    this.building ??= this.database.withSession(selectUnitRows).then((rows) => {
      this.index = buildUnitIndex(rows);
      this.version = version;
      return this.index;
    }).finally(() => {
      this.building = null;
    });
    return this.building;
  }
}

/**
 * The LIKE pattern for an address query against household.address_key
 * ("wardcode|HOUSE|street"): a leading house number matches the house part
 * from its start, the remaining words the street. Null when nothing is left.
 */
export function buildAddressPattern(query: string): string | null {
  const escape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
  // The house number keeps its slashes and letters ("439/4", "12A"), as buildAddressKey stores it.
  const m = /^\s*(\d[\p{L}\d/-]*)(?:\s+|$)(.*)$/u.exec(query.normalize('NFC'));
  const house = m ? (m[1] as string).toUpperCase() : null;
  const street = foldKey(m ? (m[2] as string) : query).replace(/^(duong|d) /, '');
  if (house === null && street.length < 3) return null;
  return `%|${house ? `${escape(house)}%` : '%'}|${street ? `%${escape(street)}%` : '%'}`;
}

export async function searchHouseholds(database: Database, unitId: number, query: string, limit: number): Promise<HouseholdRow[]> {
  const pattern = buildAddressPattern(query);
  if (pattern === null) return [];
  return database.withSession((s) => selectHouseholdsByAddress(s, unitId, pattern, limit));
}
