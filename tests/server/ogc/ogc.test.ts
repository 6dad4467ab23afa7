import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../server/app.ts';
import { openTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { BEN_NGHE, loadTestCity, TEST_CITY } from '../tiles/city-fixture.ts';
import { signInAs, type SignedInHeaders } from '../../helpers/auth.ts';

const BASE = 'http://localhost:80';
type Link = { rel: string; href: string; type?: string };
const linkOf = (body: { links: Link[] }, rel: string) => body.links.find((l) => l.rel === rel);

describe('OGC API – Features over Ho Chi Minh City', () => {
  let t: TestDatabase;
  let app: FastifyInstance;
  let benNghe: { id: number; district_id: number };
  // The official of Quận 1 (where Bến Nghé is) sees its exact indicators; elsewhere rates on small counts are withheld.
  let official: SignedInHeaders;
  const get = (url: string) => app.inject({ method: 'GET', url, headers: official });

  beforeAll(async () => {
    t = await openTestDatabase();
    await loadTestCity(t.database);
    app = await buildApp({ config: t.config, database: t.database });
    official = await signInAs(app, t.database, { username: 'official', role: 'ward_official', unitCode: '760' });
    [benNghe] = (await t.database.withSession((s) => s.query<{ id: number; district_id: number }>('SELECT id, district_id FROM unit WHERE code = $1', [BEN_NGHE]))) as [typeof benNghe];
    await t.database.withSession((s) =>
      s.query(
        `INSERT INTO unit_tier (district_id, unit_id, rule_set_id, day, tier, indicators, reasons) VALUES
           ($1, $2, 'moh-4800', '2021-09-01', '2', '{"casesPer100kPerWeek": 12}', '[]'),
           ($1, $2, 'moh-4800', '2021-09-10', '3', '{"casesPer100kPerWeek": 60}', '[]'),
           ($1, $2, 'other', '2021-09-20', '4', '{}', '[]')`,
        [benNghe.district_id, benNghe.id],
      ),
    );
  });
  afterAll(async () => {
    await app?.close();
    await t?.drop();
  });

  it('has a landing page linking to itself, the OpenAPI document, conformance and data', async () => {
    const landing = (await get('/ogc')).json();
    expect(linkOf(landing, 'self')?.href).toBe(`${BASE}/ogc`);
    expect(linkOf(landing, 'service-desc')).toMatchObject({ href: `${BASE}/api/docs/json`, type: 'application/vnd.oai.openapi+json;version=3.0' });
    expect(linkOf(landing, 'conformance')?.href).toBe(`${BASE}/ogc/conformance`);
    expect(linkOf(landing, 'data')?.href).toBe(`${BASE}/ogc/collections`);
    expect((await get(landing.links.find((l: Link) => l.rel === 'service-desc').href.replace(BASE, ''))).json().paths['/ogc/collections/{collectionId}/items']).toBeDefined();
  });

  it('declares Core, GeoJSON and OpenAPI 3.0 conformance', async () => {
    expect((await get('/ogc/conformance')).json().conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
    ]);
  });

  it('lists one collection per unit level with its extent', async () => {
    const { collections } = (await get('/ogc/collections')).json();
    expect(collections.map((c: { id: string }) => c.id)).toEqual(['district', 'ward', 'neighbourhood', 'block']);
    const ward = collections[1];
    expect(ward.extent.spatial.bbox[0].map((n: number) => Math.round(n * 10) / 10)).toEqual(TEST_CITY.wardBbox);
    expect(ward.extent.temporal.interval).toEqual([['2021-09-01', '2021-09-10']]);
    expect(linkOf(ward, 'items')).toMatchObject({ href: `${BASE}/ogc/collections/ward/items`, type: 'application/geo+json' });
    expect((await get('/ogc/collections/block')).json()).toMatchObject({ id: 'block', itemType: 'feature' });
    expect((await get('/ogc/collections/city')).statusCode).toBe(404);
  });

  it('pages through all 312 wards with next and prev links', async () => {
    const seen = new Set<number>();
    let url: string | undefined = '/ogc/collections/ward/items?limit=100';
    let pages = 0;
    let last: { links: Link[]; numberMatched: number; numberReturned: number } | undefined;
    while (url) {
      const response = await get(url);
      expect(response.headers['content-type']).toMatch(/^application\/geo\+json/);
      last = response.json();
      expect(last!.numberMatched).toBe(312);
      for (const f of (last as unknown as { features: Array<{ id: number }> }).features) seen.add(f.id);
      if (pages > 0) expect(linkOf(last!, 'prev')).toBeDefined();
      url = linkOf(last!, 'next')?.href.replace(BASE, '');
      pages++;
    }
    expect(pages).toBe(4);
    expect(last!.numberReturned).toBe(12);
    expect(seen.size).toBe(312);
  });

  it('filters by bbox and keeps the filter in the paging links', async () => {
    const page = (await get('/ogc/collections/ward/items?bbox=106.69,10.77,106.71,10.79&limit=3')).json();
    expect(page.numberMatched).toBeGreaterThan(3);
    expect(page.numberMatched).toBeLessThan(40);
    expect(linkOf(page, 'next')?.href).toContain('bbox=106.69%2C10.77%2C106.71%2C10.79');
    const all = (await get('/ogc/collections/ward/items?bbox=106.69,10.77,106.71,10.79&limit=100')).json();
    expect(all.features.map((f: { properties: { code: string } }) => f.properties.code)).toContain(BEN_NGHE);
  });

  it('carries code, name, parent, population and the tier standing on the requested day', async () => {
    const item = (datetime?: string) => get(`/ogc/collections/ward/items/${benNghe.id}${datetime ? `?datetime=${encodeURIComponent(datetime)}` : ''}`);
    const latest = await item();
    expect(latest.headers['content-type']).toMatch(/^application\/geo\+json/);
    expect(latest.json()).toMatchObject({
      type: 'Feature',
      id: benNghe.id,
      geometry: { type: 'MultiPolygon' },
      properties: { code: BEN_NGHE, name: 'Phường Bến Nghé', level: 'ward', parent_code: '760', population: expect.any(Number), tier: '3', tier_day: '2021-09-10', rule_set_id: 'moh-4800', indicators: { casesPer100kPerWeek: 60 } },
    });
    expect((await item('2021-09-05')).json().properties).toMatchObject({ tier: '2', tier_day: '2021-09-01' });
    expect((await item('2021-09-10T03:00:00+07:00')).json().properties).toMatchObject({ tier: '3' });
    expect((await item('2021-08-01')).json().properties).toMatchObject({ tier: null, tier_day: null, indicators: null });
    const others = (await get('/ogc/collections/ward/items?limit=1')).json();
    expect(others.features[0].properties.tier).toBeNull();
  });

  it('answers 404 for a feature of another level or a malformed id', async () => {
    expect((await get(`/ogc/collections/district/items/${benNghe.id}`)).statusCode).toBe(404);
    expect((await get('/ogc/collections/ward/items/abc')).statusCode).toBe(404);
    expect((await get('/ogc/collections/ward/items/99999999999999')).statusCode).toBe(404);
  });

  it.each([
    ['limit=1000000000', /limit must be <= 10000/],
    ['limit=0', /limit must be >= 1/],
    ['limit=abc', /limit must be integer/],
    ['offset=-1', /offset must be >= 0/],
    ['bbox=1,2,0,3', /minimum must not exceed the maximum/],
    ['bbox=0,3,1,2', /minimum must not exceed the maximum/],
    ['bbox=0,0,200,1', /outside WGS84/],
    ['bbox=0,-91,1,1', /outside WGS84/],
    ['bbox=a,b,c,d', /four numbers/],
    ['bbox=1,2,3', /four numbers/],
    ['bbox=1,2,3,4,5,6', /four numbers/],
    ['datetime=2021-13-01', /not a date/],
    ['datetime=2021-02-30', /not a date/],
    ['datetime=yesterday', /not a date/],
    ['datetime=2021-09-01T25:00:00Z', /not a date/],
    ['datetime=2021-09-01%2F2021-09-05', /intervals are not supported/],
    ['f=html', /JSON only/],
  ])('items?%s → 400', async (query, message) => {
    const response = await get(`/ogc/collections/ward/items?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(message) });
  });
});
