// DejaVu Sans (regular and bold, from the npm package dejavu-fonts-ttf, so a
// fresh `npm start` has it) embedded in every report: it has the Vietnamese
// letters and every symbol the reports print (∞ → ≥ ≤ ≈ – …), and embedded
// TrueType keeps the text extractable.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const fontDir = path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

export const FONT_REGULAR = path.join(fontDir, 'DejaVuSans.ttf');
export const FONT_BOLD = path.join(fontDir, 'DejaVuSans-Bold.ttf');

type TextFn = (...args: unknown[]) => unknown;

/**
 * Wraps doc.text so every call lays text out without the `ccmp` feature: a
 * font's ccmp may split precomposed Vietnamese letters such as ị (U+1ECB)
 * into i + a combining dot, and the PDF's text layer then extracts "đi nh"
 * for "định". Without it the precomposed glyph is used: it renders the same
 * and extracts as written.
 */
export function prepareTextOutput(doc: { text: unknown }): void {
  const text = (doc.text as TextFn).bind(doc);
  doc.text = (...args: unknown[]) => {
    const last = args[args.length - 1];
    const features = { ccmp: false };
    if (args.length > 1 && last !== null && typeof last === 'object') args[args.length - 1] = { features, ...(last as object) };
    else args.push({ features });
    return text(...args);
  };
}
