// GET /api/client-config: what the dashboard needs before it draws: the
// basemap style (RISKMAP_BASEMAP_STYLE_URL, null = no basemap, works
// offline), the city with its extent, how many units each level has (the
// client picks the level to draw at each zoom from these) and the last day
// with data (the date the dashboard opens on), and the first (where the
// time player starts).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireCaller } from './access/access.plugin.ts';
import { selectLastDataDay } from './risk/unit-risk.repo.ts';
import { ErrorBody } from './routes/schema-types.ts';

const SELECT_CITY = `
SELECT id, name, ST_XMin(geom) AS x0, ST_YMin(geom) AS y0, ST_XMax(geom) AS x1, ST_YMax(geom) AS y1
FROM unit WHERE level = 'city' ORDER BY id LIMIT 1`;
const SELECT_EXTENT = `
SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1
FROM (SELECT ST_Extent(geom)::geometry AS e FROM unit WHERE level = 'district') AS x`;
const COUNT_LEVELS = `SELECT level, count(*)::int AS n FROM unit GROUP BY level`;
const SELECT_FIRST_DATA_DAY = `SELECT min(day)::text AS day FROM unit_day_rollup WHERE unit_id = $1`;

const ClientConfig = Type.Object({
  basemapStyleUrl: Type.Union([Type.String(), Type.Null()]),
  city: Type.Union([Type.Object({
    id: Type.Integer(), name: Type.String(),
    bbox: Type.Union([Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]), Type.Null()], { description: '[minLng, minLat, maxLng, maxLat]' }),
  }), Type.Null()]),
  unitCounts: Type.Record(Type.String(), Type.Integer()),
  lastDataDay: Type.Union([Type.String(), Type.Null()]),
  firstDataDay: Type.Union([Type.String(), Type.Null()], { description: 'The first day with data for the city (YYYY-MM-DD): where the time player starts' }),
});

type Box = { x0: number | null; y0: number | null; x1: number | null; y1: number | null };
const toBbox = (r: Box | undefined): [number, number, number, number] | null =>
  r && r.x0 !== null && r.y0 !== null && r.x1 !== null && r.y1 !== null ? [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)] : null;

export const clientConfigRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database, config } = app.ctx;
  app.get('/client-config', {
    schema: { summary: 'Settings and city facts the dashboard starts from', tags: ['system'], response: { 200: ClientConfig, 401: ErrorBody } },
  }, async (request) => {
    requireCaller(request);
    return database.withSession(async (s) => {
      const [city] = await s.query<Box & { id: number; name: string }>(SELECT_CITY);
      const counts = await s.query<{ level: string; n: number }>(COUNT_LEVELS);
      const bbox = toBbox(city) ?? toBbox((await s.query<Box>(SELECT_EXTENT))[0]);
      const today = new Date().toISOString().slice(0, 10);
      return {
        basemapStyleUrl: config.basemapStyleUrl,
        city: city ? { id: city.id, name: city.name, bbox } : null,
        unitCounts: Object.fromEntries(counts.map((c) => [c.level, c.n])),
        lastDataDay: city ? await selectLastDataDay(s, city.id, today) : null,
        firstDataDay: city ? (await s.query<{ day: string | null }>(SELECT_FIRST_DATA_DAY, [city.id]))[0]?.day ?? null : null,
      };
    });
  });
};
