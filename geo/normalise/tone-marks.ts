/**
 * Tone-mark placement. Vietnamese typists put the tone of the open
 * syllables oa, oe, uy on either vowel ("hòa"/"hoà", "khỏe"/"khoẻ",
 * "thúy"/"thuý"); both survive NFC, so two spellings of one name compare
 * unequal. We re-place every tone by one rule.
 *
 * Chosen convention: the traditional ("old") placement, hòa, khỏe, thúy,
 * which is what the GSO gazetteer and most civil-registry data use. In
 * closed syllables both conventions agree (hoàng, thuyết, quý).
 */

/** The five tone marks as combining characters (NFD). */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/g;
/** Vowel letters after removing tone (quality marks kept, NFC). */
const VOWELS = new Set('aăâeêioôơuưy');
/** Vowels that carry a quality mark: the tone goes on one of them. */
const MARKED_VOWELS = new Set('ăâêôơư');
/** Open two-vowel rhymes whose tone position differs between conventions. */
const OLD_STYLE_FIRST = new Set(['oa', 'oe', 'uy']);

/** Tone-placement convention: 'old' hòa/thúy (default), 'new' hoà/thuý. */
export type ToneConvention = 'old' | 'new';

/** Index (into the lower-case toneless syllable) of the vowel that carries the tone, or -1. */
function findToneIndex(syllable: string, convention: ToneConvention): number {
  let start = 0;
  if (syllable.startsWith('qu')) start = 2;
  else if (syllable.startsWith('gi') && syllable.length > 2 && VOWELS.has(syllable[2] ?? '')) start = 2;
  let end = start;
  while (end < syllable.length && !VOWELS.has(syllable[end] ?? '')) end++;
  const first = end;
  while (end < syllable.length && VOWELS.has(syllable[end] ?? '')) end++;
  if (first === end) return start === 2 && syllable.startsWith('gi') ? 1 : -1;
  for (let i = end; i < syllable.length; i++) if (VOWELS.has(syllable[i] ?? '')) return -1;
  const cluster = syllable.slice(first, end);
  const closed = end < syllable.length;
  if (cluster.includes('ươ')) return first + cluster.indexOf('ươ') + 1;
  for (let i = cluster.length - 1; i >= 0; i--) {
    if (MARKED_VOWELS.has(cluster[i] ?? '')) return first + i;
  }
  if (cluster.length === 1) return first;
  if (closed) return end - 1;
  if (cluster.length === 3) return first + 1;
  if (OLD_STYLE_FIRST.has(cluster) && convention === 'new') return first + 1;
  return first;
}

/**
 * Re-places the tone mark of one word (no spaces). Words with no tone, with
 * more than one tone or that are not letters are returned unchanged (NFC).
 */
export function placeToneMark(word: string, convention: ToneConvention = 'old'): string {
  const decomposed = word.normalize('NFD');
  const tones = decomposed.match(TONE_MARKS);
  if (tones === null || tones.length !== 1) return word.normalize('NFC');
  const tone = tones[0] ?? '';
  const toneless = decomposed.replace(TONE_MARKS, '').normalize('NFC');
  const chars = [...toneless];
  if (chars.length !== toneless.length) return word.normalize('NFC');
  const index = findToneIndex(toneless.toLowerCase(), convention);
  if (index < 0) return word.normalize('NFC');
  chars[index] = (chars[index] ?? '') + tone;
  return chars.join('').normalize('NFC');
}

/**
 * Re-places tone marks in every word of `text` (words are runs of letters),
 * returning NFC. "Nguyễn Thị Thuý Hoà" → "Nguyễn Thị Thúy Hòa" (old style).
 * Text without tone marks is unchanged; non-Vietnamese words with a single
 * accent are left alone when no vowel position can be found.
 */
export function canonicaliseToneMarks(text: string, convention: ToneConvention = 'old'): string {
  return text.normalize('NFC').replace(/\p{L}+/gu, (word) => placeToneMark(word, convention));
}
