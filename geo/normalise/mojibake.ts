/**
 * Detection and repair of Vietnamese mojibake: text typed in a legacy
 * 8-bit font encoding (TCVN3 "ABC" fonts such as .VnTime, or VNI-Windows
 * fonts such as VNI-Times) and later read as Windows-1252/Latin-1, plus
 * UTF-8 bytes read as Windows-1252. Repairs are only made when the result
 * reads as Vietnamese syllables better than the input does.
 */
import { canonicaliseToneMarks } from './tone-marks.ts';

/** TCVN3 (TCVN 5712:1993, VN3) bytes 0xA1–0xFE seen as Latin-1, to Unicode. Lower-case toned letters only. */
const TCVN3_TO_UNICODE: Readonly<Record<string, string>> = {
  '¡': 'Ă', '¢': 'Â', '£': 'Ê', '¤': 'Ô', '¥': 'Ơ', '¦': 'Ư', '§': 'Đ',
  '¨': 'ă', '©': 'â', 'ª': 'ê', '«': 'ô', '¬': 'ơ', '\u00ad': 'ư', '®': 'đ',
  'µ': 'à', '¶': 'ả', '·': 'ã', '¸': 'á', '¹': 'ạ',
  '»': 'ằ', '¼': 'ẳ', '½': 'ẵ', '¾': 'ắ', 'Æ': 'ặ',
  'Ç': 'ầ', 'È': 'ẩ', 'É': 'ẫ', 'Ê': 'ấ', 'Ë': 'ậ',
  'Ì': 'è', 'Î': 'ẻ', 'Ï': 'ẽ', 'Ð': 'é', 'Ñ': 'ẹ',
  'Ò': 'ề', 'Ó': 'ể', 'Ô': 'ễ', 'Õ': 'ế', 'Ö': 'ệ',
  '×': 'ì', 'Ø': 'ỉ', 'Ü': 'ĩ', 'Ý': 'í', 'Þ': 'ị',
  'ß': 'ò', 'á': 'ỏ', 'â': 'õ', 'ã': 'ó', 'ä': 'ọ',
  'å': 'ồ', 'æ': 'ổ', 'ç': 'ỗ', 'è': 'ố', 'é': 'ộ',
  'ê': 'ờ', 'ë': 'ở', 'ì': 'ỡ', 'í': 'ớ', 'î': 'ợ',
  'ï': 'ù', 'ñ': 'ủ', 'ò': 'ũ', 'ó': 'ú', 'ô': 'ụ',
  'õ': 'ừ', 'ö': 'ử', '÷': 'ữ', 'ø': 'ứ', 'ù': 'ự',
  'ú': 'ỳ', 'û': 'ỷ', 'ü': 'ỹ', 'ý': 'ý', 'þ': 'ỵ',
};

/** VNI-Windows single-byte letters (seen as Latin-1). */
const VNI_LETTERS: Readonly<Record<string, string>> = {
  'ñ': 'đ', 'Ñ': 'Đ', 'ô': 'ơ', 'Ô': 'Ơ', 'ö': 'ư', 'Ö': 'Ư',
  'í': 'í', 'ì': 'ì', 'æ': 'ỉ', 'ó': 'ĩ', 'ò': 'ị', 'î': 'ỵ',
  'Í': 'Í', 'Ì': 'Ì', 'Æ': 'Ỉ', 'Ó': 'Ĩ', 'Ò': 'Ị', 'Î': 'Ỵ',
};
/** VNI-Windows trailing mark bytes as combining sequences (lower- and upper-case forms). */
const VNI_TONES: Readonly<Record<string, string>> = {
  'ù': '\u0301', 'ø': '\u0300', 'û': '\u0309', 'õ': '\u0303', 'ï': '\u0323',
  'Ù': '\u0301', 'Ø': '\u0300', 'Û': '\u0309', 'Õ': '\u0303', 'Ï': '\u0323',
};
/** Circumflex (after a, e, o) and breve (after a) with an optional tone. */
const VNI_QUALITY: Readonly<Record<string, string>> = {
  'â': '\u0302', 'á': '\u0302\u0301', 'à': '\u0302\u0300', 'å': '\u0302\u0309', 'ã': '\u0302\u0303', 'ä': '\u0302\u0323',
  'Â': '\u0302', 'Á': '\u0302\u0301', 'À': '\u0302\u0300', 'Å': '\u0302\u0309', 'Ã': '\u0302\u0303', 'Ä': '\u0302\u0323',
  'ê': '\u0306', 'é': '\u0306\u0301', 'è': '\u0306\u0300', 'ú': '\u0306\u0309', 'ü': '\u0306\u0303', 'ë': '\u0306\u0323',
  'Ê': '\u0306', 'É': '\u0306\u0301', 'È': '\u0306\u0300', 'Ú': '\u0306\u0309', 'Ü': '\u0306\u0303', 'Ë': '\u0306\u0323',
};

/** Decodes text that is TCVN3 read as Latin-1. Characters outside the table are kept. */
export function decodeTcvn3(text: string): string {
  let out = '';
  for (const ch of text) out += TCVN3_TO_UNICODE[ch] ?? ch;
  return out;
}

/** Decodes text that is VNI-Windows read as Latin-1. Characters outside the table are kept. */
export function decodeVni(text: string): string {
  let out = '';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] ?? '';
    const next = chars[i + 1] ?? '';
    const base = VNI_LETTERS[ch] ?? ch;
    const lower = base.toLowerCase();
    const quality = VNI_QUALITY[next];
    const isBreve = next.toLowerCase() === 'ê' || 'éèúüë'.includes(next.toLowerCase());
    if (quality !== undefined && (lower === 'a' || ((lower === 'e' || lower === 'o') && !isBreve))) {
      out += (base + quality).normalize('NFC');
      i++;
    } else if (VNI_TONES[next] !== undefined && 'aeouyơư'.includes(lower)) {
      out += (base + VNI_TONES[next]).normalize('NFC');
      i++;
    } else {
      out += base;
    }
  }
  return out;
}

const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Decodes UTF-8 bytes that were read as Windows-1252 ("Nguyá»…n" → "Nguyễn"); returns null when not possible. */
export function decodeUtf8AsCp1252(text: string): string | null {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const high = CP1252_HIGH.indexOf(ch);
    if (high >= 0) bytes.push(0x80 + high);
    else if (code <= 0xff) bytes.push(code);
    else return null;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return null;
  }
}

/** Every vowel nucleus a Vietnamese syllable can have (toneless, NFC). */
const NUCLEI =
  'a|ă|â|e|ê|i|o|ô|ơ|u|ư|y|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|' +
  'iêu|oai|oay|oeo|uây|uôi|uya|uyê|uyu|ươi|ươu|yêu';
const SYLLABLE = new RegExp(`^(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?(${NUCLEI})(ch|ng|nh|[cmnpt])?$`);

/** True when `word` (letters only) has the shape of one Vietnamese syllable with at most one tone. */
export function isVietnameseSyllable(word: string): boolean {
  const tones = word.normalize('NFD').match(/[\u0300\u0301\u0303\u0309\u0323]/g);
  if (tones !== null && tones.length > 1) return false;
  const toneless = word.normalize('NFD').replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '').normalize('NFC');
  const mixedCase = /\p{Lu}/u.test(toneless.slice(1)) && toneless !== toneless.toUpperCase();
  return !mixedCase && SYLLABLE.test(toneless.toLowerCase());
}

/** Share (0–1) of the words of `text` that read as Vietnamese syllables; 1 for text with no words. */
export function scoreVietnamese(text: string): number {
  const words = text.split(/[\s,.;:()/-]+/).filter((w) => w.length > 0);
  if (words.length === 0) return 1;
  const good = words.filter((w) => /^\p{L}+$/u.test(w) && isVietnameseSyllable(w)).length;
  return good / words.length;
}

/** Which legacy encoding a repaired text was in. */
export type MojibakeKind = 'tcvn3' | 'vni' | 'utf8-as-cp1252';

/** Outcome of repairMojibake: `suspected` is true when the input looks broken, `repaired` null when no repair read better. */
export interface MojibakeRepair {
  suspected: boolean;
  repaired: string | null;
  kind: MojibakeKind | null;
}

/**
 * Looks for TCVN3, VNI and UTF-8-as-Windows-1252 mojibake in `text` and
 * repairs it when one decoding reads clearly better as Vietnamese. Only
 * text made solely of Latin-1 (and Windows-1252) characters with at least
 * one character above U+007F is considered: genuine Unicode Vietnamese
 * with ạ, ơ, ư… is never touched. Repairs come back NFC with old-style tones.
 */
export function repairMojibake(text: string): MojibakeRepair {
  const none: MojibakeRepair = { suspected: false, repaired: null, kind: null };
  if (!/[\u0080-\u00ff]/.test(text) || /[^\u0000-\u00ff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/.test(text)) return none;
  const before = scoreVietnamese(text);
  const candidates: [MojibakeKind, string | null][] = [
    ['utf8-as-cp1252', decodeUtf8AsCp1252(text)],
    ['tcvn3', decodeTcvn3(text)],
    ['vni', decodeVni(text)],
  ];
  let best: MojibakeRepair = { suspected: before < 1, repaired: null, kind: null };
  let bestScore = before;
  for (const [kind, decoded] of candidates) {
    if (decoded === null || decoded === text) continue;
    const score = scoreVietnamese(decoded);
    if (score > bestScore) {
      best = { suspected: true, repaired: canonicaliseToneMarks(decoded), kind };
      bestScore = score;
    }
  }
  return best;
}
