// Everyone counts where they live (issue 14 point 2): people the register does
// not know are placed at the finest unit their address resolves to, on Ho Chi
// Minh City's real wards; records placed nowhere are counted as unplaced.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { refreshDirtyUnits } from '../../../server/aggregate/aggregate.service.ts';
import { importBoundaries } from '../../../server/geography/boundaries.service.ts';
import { runIngest } from '../../../server/ingest/ingest.service.ts';
import type { IngestOptions } from '../../../server/ingest/ingest.types.ts';
import { resolveIdHashKey } from '../../../server/runtime.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { HCMC_DIR, hasRealCity } from '../../helpers/real-city.ts';
import { decodeTile } from '../tiles/tile-decode.ts';
import { asRows } from './ingest-fixtures.ts';

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(HCMC_DIR, file), 'utf8'));
const TRUONG_THANH = '26854'; // Phường Trường Thạnh, Thành phố Thủ Đức
const P6_Q10 = '27202'; // Phường 06, Quận 10
const CU_CHI = '783';
const D = '2021-09-10';

// Phường 6, Quận 10 gets two residential groups with a block each, and four known houses on Sư Vạn Hạnh.
const SUBDIVIDE = `
WITH w AS (SELECT id, district_id FROM unit WHERE code = '${P6_Q10}'),
g AS (INSERT INTO unit (code, level, name, parent_id, district_id, population, synthetic)
      SELECT '${P6_Q10}-' || n, 'neighbourhood', 'Tổ dân phố ' || n, w.id, w.district_id, 500, true FROM w, generate_series(1, 2) n RETURNING id, code, district_id)
INSERT INTO unit (code, level, name, parent_id, district_id, population, synthetic)
SELECT g.code || '-1', 'block', 'Khối 1', g.id, g.district_id, 250, true FROM g`;
const HOUSES = `
INSERT INTO household (district_id, id, ward_id, block_id, address, address_key, member_count)
SELECT w.district_id, 900 + h.n, w.id, b.id, h.n || ' Sư Vạn Hạnh, Tổ dân phố ' || h.grp || ', Phường 6, Quận 10', '${P6_Q10}|' || h.n || '|su van hanh', 1
FROM unit w, (VALUES (10, 1), (14, 1), (30, 2), (34, 2)) h(n, grp) JOIN unit b ON b.code = '${P6_Q10}-' || h.grp || '-1'
WHERE w.code = '${P6_Q10}'`;

describe.skipIf(!hasRealCity())('placing people the register does not know', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let key: string;
  let official: SignedInHeaders;
  let leader: SignedInHeaders;
  const q = <R,>(sql: string, params: unknown[] = []) => t.database.withSession((s) => s.query<R>(sql, params));
  const options = (sourceCode: string, kind: IngestOptions['kind']): IngestOptions =>
    ({ idHashKey: key, sourceCode, kind, channel: 'cli', today: '2021-12-31' });
  const unitId = async (code: string) => (await q<{ id: number }>('SELECT id FROM unit WHERE code = $1', [code]))[0]!.id;
  const placeOf = (recordId: string) => q<{ unit_id: number | null; district_id: number; household_id: string | null; residence_unit_id: number | null }>(
    `SELECT v.unit_id, v.district_id, p.household_id::text, p.residence_unit_id FROM vaccination v
     JOIN person p ON p.district_id = v.district_id AND p.id = v.person_id WHERE v.source_record_id = $1`, [recordId]).then((r) => r[0]);
  const dose = (recordId: string, fullName: string, birthDate: string, address: string) =>
    ({ recordId, fullName, birthDate, sex: 'Nữ', address, doseNumber: '1', vaccineName: 'AstraZeneca', vaccinationDate: '01/09/2021' });

  beforeAll(async () => {
    t = await openTestDatabase();
    key = await resolveIdHashKey(t.config);
    const city = { code: '79', name: 'Thành phố Hồ Chí Minh' };
    await importBoundaries(t.database, readJson('districts_from_wards.geojson'), { level: 'district', fields: { population: 'pop_2019' }, city });
    await importBoundaries(t.database, readJson('wards.geojson'), { level: 'ward', fields: { parent: 'district_code', population: 'pop_2019' } });
    await t.database.withSession(async (s) => {
      await s.exec(SUBDIVIDE);
      await s.exec(HOUSES);
    });
    app = await buildApp({ config: t.config, database: t.database });
    official = await signInAs(app, t.database, { username: 'official-tt', role: 'ward_official', unitCode: TRUONG_THANH });
    leader = await signInAs(app, t.database, { username: 'leader', role: 'city_leader' });
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('counts unregistered people with a ward address in that ward: rollups, the tile, /api/units, the unit and a report', async () => {
    // Five people the register does not know, each tested positive (individual RT-PCR) in Trường Thạnh.
    const names = ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Lê Thị Mai', 'Phạm Văn Nam', 'Võ Thị Hạnh'];
    const tests = names.map((fullName, i) => ({
      recordId: `tt-${i}`, fullName, birthDate: `0${i + 1}/02/199${i}`, sex: i % 2 ? 'Nam' : 'Nữ', phone: `090555000${i}`,
      address: i % 2 ? 'P. Trường Thạnh, Thành phố Thủ Đức' : `${20 + i} Lò Lu, P. Truong Thanh, TP Thu Duc, TP.HCM`,
      sampleTime: '05/09/2021 09:00', testMethod: 'RT-PCR', result: 'Dương tính',
    }));
    const summary = await runIngest(t.database, asRows(tests), options('site-tt', 'tests'));
    expect(summary).toMatchObject({ inserted: 5, rejected: 0, unplaced: 0 });
    const ward = await unitId(TRUONG_THANH);
    const placed = await q<{ unit_id: number; n: number }>(`SELECT unit_id, count(*)::int AS n FROM test_result WHERE source_record_id LIKE 'tt-%' GROUP BY 1`);
    expect(placed).toEqual([{ unit_id: ward, n: 5 }]);
    await refreshDirtyUnits(t.database);

    const units = (await app.inject({ url: `/api/units?level=ward&date=${D}`, headers: official })).json();
    const at = (units.id as number[]).indexOf(ward);
    expect(units.communityCases14d[at]).toBe(5);
    const detail = (await app.inject({ url: `/api/units/${ward}?date=${D}`, headers: official })).json();
    expect(detail.standing.activeCases).toBe(5);
    // The map colours the ward tile's feature by the /api/units row of the same id: the tile over the ward carries it.
    const [inside] = await q<{ x: number; y: number }>('SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM unit WHERE id = $1) s', [ward]);
    const z = 12;
    const tx = Math.floor(((inside!.x + 180) / 360) * 2 ** z);
    const lat = (inside!.y * Math.PI) / 180;
    const ty = Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * 2 ** z);
    const tile = await app.inject({ url: `/tiles/ward/${z}/${tx}/${ty}.mvt`, headers: official });
    expect(tile.statusCode).toBe(200);
    const feature = decodeTile(tile.rawPayload).ward?.features.find((f) => f.properties.code === TRUONG_THANH);
    expect(feature?.id).toBe(ward);
    expect(units.communityCases14d[(units.id as number[]).indexOf(feature!.id!)]).toBe(5);
    const district = (await app.inject({ url: `/api/units?level=district&date=${D}`, headers: leader })).json();
    expect(district.communityCases14d[(district.id as number[]).indexOf((await q<{ district_id: number }>('SELECT district_id FROM unit WHERE id = $1', [ward]))[0]!.district_id)]).toBe(5);

    const zone = await app.inject({ method: 'POST', url: '/api/zones', payload: { name: 'Trường Thạnh', unitIds: [ward] }, headers: official });
    expect(zone.statusCode, zone.body).toBe(201);
    let job = (await app.inject({ method: 'POST', url: `/api/zones/${zone.json().id}/reports`, payload: { format: 'csv', date: D }, headers: official })).json();
    while (job.status === 'queued' || job.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      job = (await app.inject({ url: `/api/reports/${job.id}`, headers: official })).json();
    }
    expect(job.status, job.error).toBe('done');
    const csv = (await app.inject({ url: `/api/reports/${job.id}/file`, headers: official })).body.replace(/^\uFEFF/, '').split(/\r?\n/);
    const cells = (line: string) => [...line.matchAll(/"((?:[^"]|"")*)"|([^,]*)/g)].filter((m) => m.index === 0 || line[m.index - 1] === ',').map((m) => m[1] ?? m[2] ?? '');
    const header = cells(csv[0] ?? '');
    const row = cells(csv[1] ?? '');
    expect(row[header.indexOf('unit_id')]).toBe(String(ward));
    expect(row[header.indexOf('communityCases14d')]).toBe('5');
  });

  it('places by household, then block (houses either side on the street), then the group named, then the ward', async () => {
    const rows = [
      dose('pl-house', 'Đặng Thị Thu', '03/03/1970', '10 Sư Vạn Hạnh, P.6, Q.10'),
      dose('pl-block', 'Bùi Văn Tâm', '04/04/1971', '12 Su Van Hanh, Phuong 6, Quan 10'),
      dose('pl-group', 'Hồ Thị Yến', '05/05/1972', '22 Sư Vạn Hạnh, Tổ dân phố 2, Phường 6, Quận 10'),
      dose('pl-ward', 'Đỗ Văn Long', '06/06/1973', '22 Sư Vạn Hạnh, F06 Q10'),
    ];
    const summary = await runIngest(t.database, asRows(rows), options('site-q10', 'vaccinations'));
    expect(summary).toMatchObject({ inserted: 4, rejected: 0, unplaced: 0 });
    const [house] = await q<{ id: string; block_id: number }>(`SELECT id::text, block_id FROM household WHERE address_key = '${P6_Q10}|10|su van hanh'`);
    expect(await placeOf('pl-house')).toMatchObject({ household_id: house!.id, unit_id: house!.block_id, residence_unit_id: null });
    expect(await placeOf('pl-block')).toMatchObject({ household_id: null, unit_id: await unitId(`${P6_Q10}-1-1`) });
    expect(await placeOf('pl-group')).toMatchObject({ household_id: null, unit_id: await unitId(`${P6_Q10}-2`) });
    expect(await placeOf('pl-ward')).toMatchObject({ household_id: null, unit_id: await unitId(P6_Q10) });
    // The person keeps that residence: a later record without an address counts there too.
    await runIngest(t.database, asRows([{ ...dose('pl-block-2', 'Bùi Văn Tâm', '04/04/1971', ''), doseNumber: '2', vaccinationDate: '01/10/2021' }]), options('site-q10', 'vaccinations'));
    expect((await placeOf('pl-block-2'))?.unit_id).toBe(await unitId(`${P6_Q10}-1-1`));
  });

  it('counts records it cannot place as unplaced, per source and district, in the batch and the API', async () => {
    const rows = [
      dose('un-cuchi', 'Lý Thị Vân', '07/07/1974', 'Ấp 3, Xã Không Có, Huyện Củ Chi'),
      dose('un-none', 'Ngô Văn Sơn', '08/08/1975', '123 Đường Lạ'),
    ];
    const summary = await runIngest(t.database, asRows(rows), options('site-far', 'vaccinations'));
    expect(summary).toMatchObject({ inserted: 2, rejected: 0, unplaced: 2 });
    const cuChi = await unitId(CU_CHI);
    expect(await placeOf('un-cuchi')).toMatchObject({ unit_id: null, district_id: cuChi, residence_unit_id: null });
    expect(await placeOf('un-none')).toMatchObject({ unit_id: null, district_id: 0 });
    const response = await app.inject({ url: '/api/ingest/unplaced', headers: leader });
    expect(response.statusCode, response.body).toBe(200);
    const items = (response.json().items as Array<Record<string, unknown>>).filter((i) => i.sourceCode === 'site-far');
    expect(items).toEqual([
      { sourceId: expect.any(Number), sourceCode: 'site-far', districtId: 0, districtCode: null, districtName: null, tests: 0, vaccinations: 1 },
      { sourceId: expect.any(Number), sourceCode: 'site-far', districtId: cuChi, districtCode: CU_CHI, districtName: 'Huyện Củ Chi', tests: 0, vaccinations: 1 },
    ]);
    // A ward official sees their own district's only.
    const mine = (await app.inject({ url: '/api/ingest/unplaced', headers: official })).json().items as Array<{ districtId: number }>;
    expect(mine.every((i) => i.districtId !== cuChi && i.districtId !== 0)).toBe(true);
  });
});
