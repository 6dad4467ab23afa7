// The seeded population, regenerated: the database keeps only a keyed hash of
// each national ID, so the simulator re-runs populateWard (pure) for every
// ward with the seed's inputs and checks the result against the stored
// hashes before trusting it. Person and household ids follow from the seed's
// allocation: consecutive per ward, wards in code order.
import type { MultiPolygon, Polygon } from 'geojson';
import { populateWard } from '../../geo/populate-ward.ts';
import { buildSimPopulation, type SimPopulation, type WardPopulation } from '../../geo/simulate/population.ts';
import type { Database, Session } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { hashNationalId } from '../identity/national-id-hash.ts';

interface WardSeedRow {
  id: number;
  code: string;
  name: string;
  district_code: string;
  district_name: string;
  city_name: string;
  population: number | null;
  synthetic: boolean;
  subdivided: boolean;
  geojson: string;
  first_person_id: string | null;
  first_household_id: string | null;
  persons: number;
}

// Same ward list and order as the seed (seed.repo.ts SELECT_WARDS), with the
// first ids the seed gave each ward. Ingest-created people get ids above every
// seeded id, so the minimum per ward is the seed's.
const SELECT_WARDS = `
SELECT w.id, w.code, w.name, d.code AS district_code, d.name AS district_name, c.name AS city_name, w.population, w.synthetic,
       EXISTS (SELECT 1 FROM unit ch WHERE ch.parent_id = w.id AND ch.level = 'neighbourhood' AND ch.synthetic) AS subdivided,
       ST_AsGeoJSON(w.geom) AS geojson,
       (SELECT min(p.id) FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id WHERE h.ward_id = w.id)::text AS first_person_id,
       (SELECT min(h.id) FROM household h WHERE h.ward_id = w.id)::text AS first_household_id,
       (SELECT count(*) FROM person p JOIN household h ON h.district_id = p.district_id AND h.id = p.household_id WHERE h.ward_id = w.id)::int AS persons
FROM unit w JOIN unit d ON d.id = w.parent_id JOIN unit c ON c.id = d.parent_id
WHERE w.level = 'ward' AND w.geom IS NOT NULL
ORDER BY w.code`;

const SELECT_ID_HASHES = `SELECT id::text AS id, encode(national_id_hash, 'hex') AS hash FROM person WHERE id = ANY($1::bigint[]) AND national_id_hash IS NOT NULL`;

async function listSeededWards(session: Session): Promise<WardSeedRow[]> {
  return session.query<WardSeedRow>(SELECT_WARDS);
}

/** People the seed put in each ward: generated wards carry their exact count; otherwise the gap to the next ward's first id. */
function seededPeople(wards: readonly WardSeedRow[], i: number): number {
  const ward = wards[i]!;
  if (ward.synthetic && ward.population !== null) return ward.population;
  const next = wards.slice(i + 1).find((w) => w.first_person_id !== null);
  if (ward.first_person_id !== null && next?.first_person_id) return Number(next.first_person_id) - Number(ward.first_person_id);
  return ward.persons;
}

function regenerate(wards: readonly WardSeedRow[], seed: string, referenceDate: string, only?: number): WardPopulation[] {
  const out: WardPopulation[] = [];
  wards.forEach((ward, i) => {
    if (only !== undefined && i !== only) return;
    const populated = populateWard({
      code: ward.code, name: ward.name, districtName: ward.district_name, cityName: ward.city_name,
      geometry: JSON.parse(ward.geojson) as Polygon | MultiPolygon, people: ward.first_person_id === null ? 0 : seededPeople(wards, i), subdivide: ward.subdivided,
      idSerial: { slot: i, slots: wards.length },
    }, seed, referenceDate);
    out.push({
      code: ward.code, name: ward.name, districtCode: ward.district_code, districtName: ward.district_name, populated,
      firstHouseholdId: ward.first_household_id === null ? null : Number(ward.first_household_id),
      firstPersonId: ward.first_person_id === null ? null : Number(ward.first_person_id),
    });
  });
  return out;
}

/** Share of up to 50 regenerated people whose CCCD hashes to the stored hash (1 = the seed is right). */
async function checkAgainstHashes(session: Session, ward: WardPopulation, idHashKey: string): Promise<number> {
  const withIds = ward.populated.households.flatMap((h) => h.members).map((m, k) => ({ id: (ward.firstPersonId ?? 0) + k, nationalId: m.nationalId }))
    .filter((p) => p.nationalId !== null).slice(0, 50);
  if (withIds.length === 0 || ward.firstPersonId === null) return 1;
  const rows = await session.query<{ id: string; hash: string }>(SELECT_ID_HASHES, [withIds.map((p) => p.id)]);
  const stored = new Map(rows.map((r) => [Number(r.id), r.hash]));
  const same = withIds.filter((p) => stored.get(p.id) === hashNationalId(idHashKey, p.nationalId as string).toString('hex')).length;
  return same / withIds.length;
}

export interface LoadedPopulation {
  population: SimPopulation;
  /** The seed that reproduced the stored people. */
  citySeed: string;
  referenceDate: string;
}

/**
 * Regenerates the seeded population. Tries each candidate seed on the first
 * populated ward and keeps the one whose IDs hash to the stored hashes;
 * refuses when none does (the people were not seeded, or with another seed).
 */
export async function loadSeededPopulation(database: Database, options: { seeds: readonly string[]; referenceDate: string; idHashKey: string; startDate: string }): Promise<LoadedPopulation> {
  return database.withSession(async (session) => {
    const wards = await listSeededWards(session);
    const probe = wards.findIndex((w) => w.first_person_id !== null);
    if (probe < 0) throw new AppError('CONFLICT', 'there are no people to simulate: run `riskmap seed --people N` first');
    for (const seed of options.seeds) {
      const [sample] = regenerate(wards, seed, options.referenceDate, probe);
      if (sample && (await checkAgainstHashes(session, sample, options.idHashKey)) >= 0.98) {
        return { population: buildSimPopulation(regenerate(wards, seed, options.referenceDate), options.startDate), citySeed: seed, referenceDate: options.referenceDate };
      }
    }
    throw new AppError('CONFLICT', `the stored people do not match a regeneration with seed ${options.seeds.map((s) => `"${s}"`).join(' or ')} as of ${options.referenceDate}: pass --city-seed and --as-of as given to riskmap seed`);
  });
}
