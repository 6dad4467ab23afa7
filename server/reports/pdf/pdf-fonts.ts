// Noto Sans (regular and bold) embedded in every report: it has the
// Vietnamese glyphs, and embedded TrueType keeps the text extractable.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const fontDir = path.dirname(require.resolve('@expo-google-fonts/noto-sans/package.json'));

export const FONT_REGULAR = path.join(fontDir, '400Regular', 'NotoSans_400Regular.ttf');
export const FONT_BOLD = path.join(fontDir, '700Bold', 'NotoSans_700Bold.ttf');

type TextFn = (...args: unknown[]) => unknown;

/** Symbols Noto Sans has no glyph for, and the ASCII written in their place (the API's summaries and "≥5" use them). */
const MISSING_GLYPHS: Record<string, string> = { '→': '->', '⇒': '=>', '≥': '>=', '≤': '<=', '≈': '~' };
const MISSING_PATTERN = new RegExp(`[${Object.keys(MISSING_GLYPHS).join('')}]`, 'g');

/** Text as the PDF writes it: symbols without a glyph in the font spelt in ASCII. */
export const pdfText = (text: string): string => text.replace(MISSING_PATTERN, (c) => MISSING_GLYPHS[c] ?? c);

/**
 * Wraps doc.text so every call (1) spells symbols the font lacks in ASCII
 * (pdfText) and (2) lays text out without the `ccmp` feature: Noto Sans' ccmp
 * splits precomposed Vietnamese letters such as ị (U+1ECB) into i + a
 * combining dot, and the PDF's text layer then extracts "đi nh" for "định".
 * Without it the precomposed glyph is used: it renders the same and extracts
 * as written.
 */
export function prepareTextOutput(doc: { text: unknown }): void {
  const text = (doc.text as TextFn).bind(doc);
  doc.text = (...args: unknown[]) => {
    if (typeof args[0] === 'string') args[0] = pdfText(args[0]);
    const last = args[args.length - 1];
    const features = { ccmp: false };
    if (args.length > 1 && last !== null && typeof last === 'object') args[args.length - 1] = { features, ...(last as object) };
    else args.push({ features });
    return text(...args);
  };
}
