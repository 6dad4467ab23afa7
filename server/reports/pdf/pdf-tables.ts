// The indicator table: one row per unit (name, tier, population, then the
// indicators), paginated with the header repeated on every page.
import type PDFDocument from 'pdfkit';
import { INDICATOR_CATALOG, isIndicatorName } from '../../../geo/risk/index.ts';
import { shortenTierLabel } from '../../../geo/risk/tier-palette.ts';
import type { ReportData } from '../report-data.service.ts';

type Doc = InstanceType<typeof PDFDocument>;

/** Indicators shown in the PDF table (all of them are in CSV/XLSX); the rest are listed by name under the table. */
const TABLE_INDICATORS = ['casesPer100kPerWeek', 'casesPer100k7d', 'positivity7d', 'coverage1Dose18', 'fullCoverage65'];

/** Short column titles (vi / en); the full indicator ids are in the CSV/XLSX header. */
const SHORT_TITLES: Record<string, string> = {
  communityCases14d: 'Ca cộng đồng 14 ngày', cases7d: 'Ca 7 ngày', casesPer100kPerWeek: 'Ca/100k/tuần', casesPer100k7d: 'Ca/100k 7 ngày',
  positivity7d: 'Tỷ lệ dương tính 7 ngày', coverage1Dose18: 'Phủ 1 mũi ≥18', fullCoverage65: 'Tiêm đủ ≥65',
};

export const formatValue = (value: unknown): string =>
  value === null || value === undefined ? '–' : typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(value < 1 ? 3 : 1)) : String(value);

/** A figure as the PDF prints it: shares (catalog kind `fraction`) as percentages with one decimal, the rest as formatValue. */
export function formatIndicator(key: string, value: unknown): string {
  if (typeof value === 'number' && isIndicatorName(key) && INDICATOR_CATALOG[key].kind === 'fraction') return `${(value * 100).toFixed(1)}%`;
  return formatValue(value);
}

export function drawIndicatorTable(doc: Doc, data: ReportData, x: number, startY: number, width: number): number {
  const keys = TABLE_INDICATORS.filter((k) => data.indicatorKeys.includes(k));
  const counts = ['communityCases14d', 'cases7d'] as const;
  const columns = [{ title: 'Đơn vị / Unit', width: 150 }, { title: 'Cấp độ / Tier', width: 80 }, { title: 'Dân số', width: 44 },
    ...[...counts, ...keys].map((k) => ({ title: SHORT_TITLES[k] ?? k, width: (width - 274) / (counts.length + keys.length) }))];
  const pageBottom = doc.page.height - doc.page.margins.bottom;
  const header = (y: number) => {
    let cx = x;
    doc.font('bold').fontSize(6.5).fillColor('#000000');
    for (const c of columns) {
      doc.text(c.title, cx, y, { width: c.width - 3, height: 26, ellipsis: true });
      cx += c.width;
    }
    // Three lines of header: DejaVu is wider than the titles' old two lines allowed.
    doc.save().lineWidth(0.5).moveTo(x, y + 26).lineTo(x + width, y + 26).stroke().restore();
    return y + 29;
  };
  let y = header(startY);
  for (const u of data.units) {
    if (y + 12 > pageBottom) {
      doc.addPage();
      y = header(doc.page.margins.top);
    }
    // The tier's short name ("Cấp 4"): the full label is in the legend, and a cut one misleads.
    const cells = [u.name, shortenTierLabel(u.tier.label.vi), formatValue(u.population), ...counts.map((k) => formatValue(u.counts[k])), ...keys.map((k) => formatIndicator(k, u.indicators[k]))];
    let cx = x;
    doc.save().rect(x + columns[0]!.width, y - 1, 6, 8).fillColor(u.tier.colour).fill().restore();
    cells.forEach((text, i) => {
      const indent = i === 1 ? 8 : 0;
      doc.font('regular').fontSize(7).fillColor('#000000').text(text, cx + indent, y, { width: columns[i]!.width - 3 - indent, height: 9, ellipsis: true });
      cx += columns[i]!.width;
    });
    y += 11;
  }
  const others = data.indicatorKeys.filter((k) => !keys.includes(k));
  if (others.length > 0) {
    if (y + 20 > pageBottom) { doc.addPage(); y = doc.page.margins.top; }
    doc.fontSize(6.5).fillColor('#555555').text(`Other indicators (in the CSV/XLSX/GeoJSON): ${others.join(', ')}`, x, y + 4, { width });
    y = doc.y;
  }
  return y + 6;
}
