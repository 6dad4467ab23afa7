// server/db/database.generated.ts is what kysely-codegen reads from a migrated
// database. This run's backend (embedded PGlite, or the PostGIS server when
// DATABASE_URL is set) must yield the committed file byte for byte: the types
// are stale if a migration changed without `npm run db:types`, and the two
// backends must agree on every table.
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_TYPES_FILE, generateDatabaseTypes } from '../../../scripts/db-types.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';

describe('generated database types', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase();
  });
  afterAll(async () => t?.drop());

  it('match the committed file on this backend', async () => {
    const committed = await fs.readFile(DATABASE_TYPES_FILE, 'utf8');
    const generated = await generateDatabaseTypes(t.database);
    expect(generated).toBe(committed);
  });

  it('carry a CHECK list as a union and leave PostGIS tables out', async () => {
    const generated = await generateDatabaseTypes(t.database);
    expect(generated).toMatch(/level: "city" \| "district" \| "ward" \| "neighbourhood" \| "block";/);
    expect(generated).toMatch(/role: "city_leader" \| "ward_official" \| "planner" \| "data_source" \| "admin";/);
    expect(generated).not.toMatch(/spatial_ref_sys/);
  });
});
