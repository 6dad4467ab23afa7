// Vector charts: the tier history (one coloured cell per day for the zone,
// then one row per unit while they fit) and the epidemic curve (daily cases,
// bars; a day whose count is hidden has no bar — an open marker on the axis
// labelled with what is known, "<5" or "*" — so nothing looks like data).
import type PDFDocument from 'pdfkit';
import type { ReportData } from '../report-data.service.ts';

type Doc = InstanceType<typeof PDFDocument>;
interface Box { x: number; y: number; width: number }

const MAX_UNIT_ROWS = 24;

export function drawTierHistory(doc: Doc, data: ReportData, box: Box): number {
  const colourOf = new Map(data.legend.map((t) => [t.id, t.colour]));
  const labelWidth = 110;
  const cell = (box.width - labelWidth) / Math.max(data.days.length, 1);
  const rows: { label: string; tiers: string[] }[] = [
    { label: 'Vùng / Zone', tiers: data.tierHistory.map((d) => d.tier) },
    ...data.units.slice(0, MAX_UNIT_ROWS).map((u) => ({ label: u.name, tiers: u.tierByDay })),
  ];
  doc.font('bold').fontSize(11).fillColor('#000000').text('Diễn biến cấp độ / Tier history', box.x, box.y);
  let y = box.y + 18;
  for (const row of rows) {
    doc.font('regular').fontSize(7).fillColor('#000000').text(row.label, box.x, y + 1, { width: labelWidth - 4, height: 8, ellipsis: true });
    row.tiers.forEach((tier, i) => {
      doc.save().rect(box.x + labelWidth + i * cell, y, Math.max(cell - 0.3, 0.3), 9).fillColor(colourOf.get(tier) ?? '#cccccc').fill().restore();
    });
    y += 11;
  }
  if (data.units.length > MAX_UNIT_ROWS) {
    doc.fontSize(7).fillColor('#555555').text(`… ${data.units.length - MAX_UNIT_ROWS} more units in the table`, box.x, y);
    y += 10;
  }
  doc.fontSize(7).fillColor('#000000')
    .text(data.days[0] ?? '', box.x + labelWidth, y + 1, { lineBreak: false })
    .text(data.days.at(-1) ?? '', box.x + box.width - 40, y + 1, { lineBreak: false });
  return y + 14;
}

export function drawEpidemicCurve(doc: Doc, data: ReportData, box: Box & { height: number }): number {
  const threshold = data.suppression.threshold;
  const values = data.curve.map((c) => (typeof c.cases === 'number' ? c.cases : 0));
  const max = Math.max(threshold, ...values);
  doc.font('bold').fontSize(11).fillColor('#000000').text('Đường cong dịch (ca mắc mỗi ngày) / Epidemic curve (daily cases)', box.x, box.y);
  const top = box.y + 18;
  const [left, bottom] = [box.x + 28, top + box.height];
  const plotWidth = box.width - 28;
  const bar = plotWidth / Math.max(values.length, 1);
  doc.save().lineWidth(0.5).strokeColor('#000000').moveTo(left, top).lineTo(left, bottom).lineTo(left + plotWidth, bottom).stroke().restore();
  doc.font('regular').fontSize(7).fillColor('#000000').text(String(max), box.x, top - 3, { width: 24, align: 'right', lineBreak: false })
    .text('0', box.x, bottom - 4, { width: 24, align: 'right', lineBreak: false });
  let hidden = 0;
  data.curve.forEach((c, i) => {
    const x = left + i * bar + bar * 0.1;
    if (typeof c.cases === 'number') {
      const height = (c.cases / max) * box.height;
      doc.save().rect(x, bottom - height, bar * 0.8, height).fillColor('#c0392b').fill().restore();
      return;
    }
    hidden++;
    const r = Math.min(bar * 0.35, 3);
    doc.save().lineWidth(0.6).strokeColor('#555555').circle(x + bar * 0.4, bottom - r - 1, r).stroke().restore();
    if (bar > 8) doc.fontSize(5).fillColor('#555555').text(c.cases, x - 1, bottom - 2 * r - 8, { lineBreak: false });
  });
  if (hidden > 0) {
    doc.fontSize(6.5).fillColor('#555555').text(
      `○ ${hidden} ngày không công bố số ca (che số nhỏ: "<${threshold}" hoặc "*") / ${hidden} days withheld (small numbers: "<${threshold}" or "*") — not zero, not a bar.`,
      left, bottom + 12, { width: plotWidth },
    );
  }
  doc.fontSize(7).fillColor('#000000')
    .text(data.days[0] ?? '', left, bottom + 2, { lineBreak: false })
    .text(data.days.at(-1) ?? '', left + plotWidth - 40, bottom + 2, { lineBreak: false });
  return bottom + (hidden > 0 ? 24 : 14);
}
