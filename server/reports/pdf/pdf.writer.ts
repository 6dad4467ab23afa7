// The PDF report: page 1 is the map (units coloured by tier, legend, scale,
// north arrow), the zone's tier and reasons, data freshness, rule set and the
// suppression note; then the indicator table (paginated); then the tier
// history and epidemic curve charts. Text in DejaVu Sans (pdf-fonts.ts), so
// Vietnamese diacritics and symbols (∞ → ≥ ≤) render and extract.
import PDFDocument from 'pdfkit';
import type { ReportData } from '../report-data.service.ts';
import { drawEpidemicCurve, drawTierHistory } from './pdf-charts.ts';
import { FONT_BOLD, FONT_REGULAR, prepareTextOutput } from './pdf-fonts.ts';
import { drawLegend, drawZoneMap } from './pdf-map.ts';
import { drawIndicatorTable } from './pdf-tables.ts';

type Doc = InstanceType<typeof PDFDocument>;
const MARGIN = 36;

function suppressionNote(data: ReportData): string {
  const s = data.suppression;
  return s.applied
    ? `Che số nhỏ / Suppression: counts from 1 to ${s.threshold - 1} are shown as "<${s.threshold}" and rates computed from them are withheld, as for every ${s.role} outside their own unit; in the epidemic curve a day marked "*" is withheld because one unit's count that day is hidden.`
    : `Che số nhỏ / Suppression: none — the ${s.role} may see individuals in every unit of this zone.`;
}

function drawHeader(doc: Doc, data: ReportData): void {
  doc.font('bold').fontSize(13).fillColor('#000000').text(`Báo cáo vùng / Zone report: ${data.zone.name}`, MARGIN, MARGIN);
  doc.font('regular').fontSize(9).fillColor('#333333')
    .text(`Kỳ / Period: ${data.from} – ${data.date}   ·   ${data.units.length} đơn vị / units   ·   zone ${data.zone.id} (${data.zone.kind})`);
}

function drawSummary(doc: Doc, data: ReportData, x: number, y: number, width: number): void {
  const t = data.zoneTier.tier;
  doc.save().rect(x, y, 14, 14).fillColor(t.colour).fill().restore();
  doc.font('bold').fontSize(12).fillColor('#000000').text(`Cấp độ vùng / Zone tier: ${t.label.vi} / ${t.label.en}`, x + 20, y + 1, { width: width - 20 });
  doc.font('regular').fontSize(8).text(`Cấp cao nhất trong vùng, tại / highest in the zone, at: ${data.zoneTier.units.slice(0, 12).join(', ')}${data.zoneTier.units.length > 12 ? ', …' : ''}`, x, doc.y + 2, { width });
  const reasons = data.units.filter((u) => u.tier.id === t.id).slice(0, 4);
  for (const u of reasons) doc.fontSize(8).text(`• ${u.name}: ${u.summary.vi} (${u.summary.en})`, x, doc.y + 2, { width });
  doc.moveDown(0.6);
  doc.fontSize(8).fillColor('#333333')
    .text(`Bộ tiêu chí / Rule set: ${data.ruleSet.name.vi} (${data.ruleSet.id} v${data.ruleSet.version})`, x, doc.y, { width })
    .text(`Dữ liệu đến / Data up to: ${data.freshness.lastDataDay ?? 'none'}   ·   Lập lúc / Generated: ${data.freshness.generatedAt}`, { width })
    .text(suppressionNote(data), { width });
}

export function writeReportPdf(data: ReportData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `Zone report: ${data.zone.name}`, Author: 'riskmap' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  prepareTextOutput(doc);
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  const width = doc.page.width - 2 * MARGIN;
  drawHeader(doc, data);
  const mapBox = { x: MARGIN, y: doc.y + 8, width: width - 150, height: 330 };
  drawZoneMap(doc, data, mapBox);
  drawLegend(doc, data, mapBox.x + mapBox.width + 10, mapBox.y);
  drawSummary(doc, data, MARGIN, mapBox.y + mapBox.height + 12, width);
  doc.addPage();
  doc.font('bold').fontSize(11).fillColor('#000000').text('Chỉ số theo đơn vị / Indicators by unit', MARGIN, MARGIN);
  drawIndicatorTable(doc, data, MARGIN, doc.y + 6, width);
  doc.addPage();
  const y = drawTierHistory(doc, data, { x: MARGIN, y: MARGIN, width });
  drawEpidemicCurve(doc, data, { x: MARGIN, y: y + 12, width, height: 160 });
  doc.end();
  return done;
}
