// Page-1 map: the zone's units as vector polygons filled with their tier
// colour, the zone outline, a legend, a scale bar in metres and a north arrow.
// Projection: equirectangular about the zone's centre latitude, metres on both
// axes, which is exact enough at city scale for a scale bar.
import type PDFDocument from 'pdfkit';
import { pickTextColour } from '../../../geo/risk/tier-palette.ts';
import type { ReportData } from '../report-data.service.ts';

type Doc = InstanceType<typeof PDFDocument>;
type Position = number[];
interface Box { x: number; y: number; width: number; height: number }

const EARTH_RADIUS_METERS = 6371008.8;
const RAD = Math.PI / 180;

/** Rings of a GeoJSON Polygon or MultiPolygon; anything else gives none. */
function ringsOf(geoJson: string | null): Position[][] {
  if (!geoJson) return [];
  const g = JSON.parse(geoJson) as { type: string; coordinates: unknown };
  if (g.type === 'Polygon') return g.coordinates as Position[][];
  if (g.type === 'MultiPolygon') return (g.coordinates as Position[][][]).flat();
  return [];
}

/** A round length (1, 2 or 5 × 10^k metres) close to `meters`. */
export function niceScaleMeters(meters: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(meters, 1)));
  const m = meters / power;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * power;
}

export function drawZoneMap(doc: Doc, data: ReportData, box: Box): void {
  const shapes = data.units.map((u) => ({ rings: ringsOf(u.geometry), colour: u.tier.colour, name: u.name }));
  const outline = ringsOf(data.zone.outline);
  const all = [...shapes.flatMap((s) => s.rings), ...outline].flat();
  doc.save().lineWidth(0.5).strokeColor('#999999').rect(box.x, box.y, box.width, box.height).stroke().restore();
  if (all.length === 0) {
    doc.fontSize(10).fillColor('#555555').text('(no geometry for these units)', box.x + 10, box.y + 10);
    return;
  }
  const lons = all.map((p) => p[0] as number);
  const lats = all.map((p) => p[1] as number);
  const [minLon, maxLon, minLat, maxLat] = [Math.min(...lons), Math.max(...lons), Math.min(...lats), Math.max(...lats)];
  const cosLat = Math.cos(((minLat + maxLat) / 2) * RAD);
  const toMeters = (p: Position) => [((p[0] as number) - minLon) * RAD * EARTH_RADIUS_METERS * cosLat, ((p[1] as number) - minLat) * RAD * EARTH_RADIUS_METERS];
  const widthM = Math.max((maxLon - minLon) * RAD * EARTH_RADIUS_METERS * cosLat, 1);
  const heightM = Math.max((maxLat - minLat) * RAD * EARTH_RADIUS_METERS, 1);
  const pad = 24;
  const pointsPerMeter = Math.min((box.width - 2 * pad) / widthM, (box.height - 2 * pad) / heightM);
  const offX = box.x + (box.width - widthM * pointsPerMeter) / 2;
  const offY = box.y + (box.height + heightM * pointsPerMeter) / 2;
  const project = (p: Position): [number, number] => {
    const [mx, my] = toMeters(p) as [number, number];
    return [offX + mx * pointsPerMeter, offY - my * pointsPerMeter];
  };
  const tracePath = (rings: Position[][]) => {
    for (const ring of rings) {
      ring.forEach((p, i) => (i === 0 ? doc.moveTo(...project(p)) : doc.lineTo(...project(p))));
      doc.closePath();
    }
  };
  for (const s of shapes) {
    if (s.rings.length === 0) continue;
    doc.save();
    tracePath(s.rings);
    doc.lineWidth(0.4).fillColor(s.colour).strokeColor('#ffffff').fillAndStroke('evenodd' as never);
    doc.restore();
  }
  if (shapes.length <= MAX_LABELLED_UNITS) for (const s of shapes) drawUnitLabel(doc, s, project);
  if (outline.length > 0) {
    doc.save();
    tracePath(outline);
    doc.lineWidth(1.6).strokeColor('#111111').stroke();
    doc.restore();
  }
  drawScaleBar(doc, box, pointsPerMeter);
  drawNorthArrow(doc, box);
}

/** Units named on the map; above this many the names would cover the map (they are in the table). */
const MAX_LABELLED_UNITS = 60;

/** Signed area and centroid of a projected ring (shoelace); the vertex mean when the area is zero. */
function ringCentroid(points: [number, number][]): { area: number; x: number; y: number } {
  let area = 0, cx = 0, cy = 0;
  points.forEach(([x0, y0], i) => {
    const [x1, y1] = points[(i + 1) % points.length] as [number, number];
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  });
  if (Math.abs(area) < 1e-9) {
    const n = Math.max(points.length, 1);
    return { area: 0, x: points.reduce((a, p) => a + p[0], 0) / n, y: points.reduce((a, p) => a + p[1], 0) / n };
  }
  return { area: Math.abs(area / 2), x: cx / (3 * area), y: cy / (3 * area) };
}

/** The unit's name at the centroid of its largest ring, in black or white, whichever reads on its tier colour. */
function drawUnitLabel(doc: Doc, shape: { rings: Position[][]; colour: string; name: string }, project: (p: Position) => [number, number]): void {
  const largest = shape.rings.map((ring) => ringCentroid(ring.map(project))).sort((a, b) => b.area - a.area)[0];
  if (!largest) return;
  const rgb = [1, 3, 5].map((i) => Number.parseInt(shape.colour.slice(i, i + 2), 16));
  const width = 70;
  doc.font('regular').fontSize(6).fillColor(pickTextColour(rgb))
    .text(shape.name, largest.x - width / 2, largest.y - 3, { width, align: 'center', height: 8, ellipsis: true, lineBreak: false });
}

function drawScaleBar(doc: Doc, box: Box, pointsPerMeter: number): void {
  const meters = niceScaleMeters((box.width / 4) / pointsPerMeter);
  const length = meters * pointsPerMeter;
  const [x, y] = [box.x + 12, box.y + box.height - 16];
  doc.save().lineWidth(1.2).strokeColor('#000000');
  doc.moveTo(x, y).lineTo(x + length, y).stroke();
  doc.moveTo(x, y - 4).lineTo(x, y + 1).stroke();
  doc.moveTo(x + length, y - 4).lineTo(x + length, y + 1).stroke();
  doc.restore();
  doc.fontSize(7).fillColor('#000000').text(meters >= 1000 ? `${meters / 1000} km` : `${meters} m`, x, y - 13, { lineBreak: false });
}

function drawNorthArrow(doc: Doc, box: Box): void {
  const [cx, top] = [box.x + box.width - 20, box.y + 10];
  doc.save().fillColor('#000000').moveTo(cx, top).lineTo(cx + 6, top + 18).lineTo(cx, top + 14).lineTo(cx - 6, top + 18).closePath().fill().restore();
  doc.fontSize(8).fillColor('#000000').text('N', cx - 3, top + 19, { lineBreak: false });
}

/** Width of the legend column beside the map, in points. */
export const LEGEND_WIDTH = 140;

/** Legend: a swatch and the tier label (vi / en) per tier of the rule set. */
export function drawLegend(doc: Doc, data: ReportData, x: number, y: number): number {
  let row = y;
  doc.font('bold').fontSize(9).fillColor('#000000').text('Chú giải / Legend', x, row);
  row += 14;
  for (const t of data.legend) {
    doc.save().rect(x, row + 1, 10, 8).fillColor(t.colour).fill().restore();
    doc.font('regular').fontSize(7).fillColor('#000000').text(`${t.label.vi} / ${t.label.en}`, x + 14, row, { width: LEGEND_WIDTH - 14 });
    row = doc.y + 3;
  }
  return row;
}
